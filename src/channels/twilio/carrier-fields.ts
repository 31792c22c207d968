import { Errors } from '../../common/errors';
import type { FormParams } from '../../common/form-body';

/**
 * Reading the fields of a carrier's webhooks (inbound messages, status callbacks) in one place, with
 * the bounds of what stores them: a carrier's form is input like any other, and a value the database
 * cannot hold (a SID over 64 characters, a code past a 32-bit integer, a NUL character) is a 400
 * here rather than a 500 (and a retry) later.
 */

/** The first value of a field (Twilio repeats none of the fields read here). */
export function carrierField(form: FormParams | undefined, name: string): string | undefined {
  const value = form?.[name];
  return Array.isArray(value) ? value[0] : value;
}

const CARRIER_SID = /^[A-Za-z0-9_-]{1,64}$/;

/** A carrier's message SID (SM..., MM..., or another carrier's): the first of `names` given; 400 when malformed. */
export function carrierSid(form: FormParams | undefined, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = carrierField(form, name);
    if (value === undefined || value === '') continue;
    if (!CARRIER_SID.test(value)) throw Errors.invalidParameter(`${name} must be 1 to 64 letters, digits, '_' or '-'`);
    return value;
  }
  return undefined;
}

/** Text of at most `maxLength` characters, without NUL characters; 400 naming the field otherwise. */
export function carrierText(form: FormParams | undefined, name: string, maxLength: number): string | undefined {
  const value = carrierField(form, name);
  if (value === undefined) return undefined;
  if (value.length > maxLength) throw Errors.invalidParameter(`${name} must be at most ${maxLength} characters`);
  if (value.includes('\u0000')) throw Errors.invalidParameter(`${name} must not contain NUL characters (%00)`);
  return value;
}

/** A whole number from 0 to `max`; null when absent, empty, not a number or out of bounds (carriers send junk codes). */
export function carrierInt(value: string | undefined, max: number): number | null {
  if (value === undefined || !/^\s*\d{1,15}\s*$/.test(value)) return null;
  const n = Number(value);
  return n <= max ? n : null;
}

/** The largest value of PostgreSQL's `integer` (error codes are stored as such). */
export const MAX_INT32 = 2_147_483_647;
