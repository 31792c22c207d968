/** PostgreSQL SQLSTATE of an error thrown through Prisma (raw queries or model calls), if any. */
export function sqlState(error: unknown): string | undefined {
  const e = error as {
    code?: string;
    meta?: { code?: string; driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } };
    cause?: { code?: string };
  };
  const adapterCause = e?.meta?.driverAdapterError?.cause;
  if (adapterCause?.originalCode) return adapterCause.originalCode;
  if (adapterCause?.kind === 'UniqueConstraintViolation') return '23505';
  if (e?.code === 'P2002') return '23505';
  if (e?.code === 'P2003') return '23503';
  if (typeof e?.meta?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.meta.code)) return e.meta.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return undefined;
}

export const isUniqueViolation = (error: unknown) => sqlState(error) === '23505';
