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
  // Straight from pg (the SqlRunner's statements): a SQLSTATE, which Prisma's own codes (P1xxx...) are not.
  if (typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && !/^P[1-9]/.test(e.code)) return e.code;
  return undefined;
}

/**
 * Text PostgreSQL cannot store: U+0000 (22021 in text, 22P05 in jsonb). It can only come from input;
 * the parameter pipe and the carrier field readers refuse it first, this is the net behind them.
 */
export const isUnstorableText = (error: unknown) => ['22021', '22P05'].includes(sqlState(error) ?? '');

export const isUniqueViolation = (error: unknown) => sqlState(error) === '23505';
