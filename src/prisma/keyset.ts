import { Errors } from '../common/errors';
import { PageRequest } from '../common/paging';

/**
 * Prisma `where`/`orderBy` for a keyset page over a (timestamp, sid)-like key: rows strictly after
 * the cursor (next) or before it (previous), read towards the cursor's direction.
 * The cursor key is (ISO date string, SID), as dateSidKey writes it; anything else is a 400.
 */
export function keysetWhere(page: PageRequest, fields: [string, string], descending = false): Record<string, unknown> {
  if (!page.cursor) return {};
  const [a, b] = fields;
  const [va, vb] = page.cursor.key;
  const valueA = typeof va === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(va) ? new Date(va) : va;
  // Tokens come back from clients: a forged one must not reach the database with the wrong types.
  if (!(valueA instanceof Date) || Number.isNaN(valueA.getTime()) || typeof vb !== 'string') {
    throw Errors.invalidParameter('PageToken is not valid for this list; use the page URLs the API returns');
  }
  const forward = (page.cursor.dir === 'next') !== descending;
  const op = forward ? 'gt' : 'lt';
  return { OR: [{ [a]: { [op]: valueA } }, { [a]: valueA, [b]: { [op]: vb } }] };
}

export function keysetOrder(page: PageRequest, fields: [string, string], descending = false): Record<string, 'asc' | 'desc'>[] {
  const forward = page.cursor?.dir !== 'prev';
  const dir = forward !== descending ? 'asc' : 'desc';
  return fields.map((f) => ({ [f]: dir }));
}

/** The cursor key of a row ordered by (date, sid). */
export function dateSidKey(row: { dateCreated: Date; sid: string }): [string, string] {
  return [row.dateCreated.toISOString(), row.sid];
}
