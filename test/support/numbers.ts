import { randomInt } from 'node:crypto';

/**
 * A phone number that no other test file uses, for a proxy address: a number belongs to the first
 * account that uses or configures it, and every test file shares one database. A random base per
 * file (1 in a billion) and a counter within it.
 */
let next = randomInt(0, 999_000_000);
export function uniqueNumber(): string {
  return `+16${String(++next).padStart(9, '0')}`;
}
