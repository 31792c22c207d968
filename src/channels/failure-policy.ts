import type { CarrierError, FailureDecision } from './channel-adapter';

/**
 * Carrier error codes (Twilio's numbering) that no retry can fix: the receipt fails at once with
 * the code. Everything else that the carrier refused with a 4xx is also terminal; 429, 5xx and
 * network errors are retried.
 */
export const TERMINAL_CARRIER_CODES: Readonly<Record<number, string>> = {
  21211: "invalid 'To' phone number",
  21212: "invalid 'From' phone number",
  21408: 'permission to send to this region is not enabled',
  21421: 'invalid phone number',
  21606: "the 'From' number is not a valid, message-capable number",
  21610: 'the recipient has unsubscribed (replied STOP)',
  21612: "the 'To' number is not reachable from this 'From' number",
  21614: "'To' is not a valid mobile number",
  21617: 'the message body exceeds the 1600 character limit',
  21620: 'invalid media URL',
  21623: 'too many media URLs',
  30004: 'message blocked',
  30005: 'unknown destination handset',
  30006: 'landline or unreachable carrier',
  30007: 'message filtered by the carrier',
  63003: 'invalid WhatsApp recipient',
  63016: 'outside the WhatsApp 24 hour window: a template is needed',
  63024: 'invalid WhatsApp message type',
};

/** Carrier codes that mean "try again later" even when they come with a 4xx. */
export const RETRYABLE_CARRIER_CODES: Readonly<Record<number, string>> = {
  20429: 'too many requests',
  30001: 'queue overflow',
  30022: 'rate limit exceeded',
  63018: 'WhatsApp rate limit exceeded',
};

/** The code a receipt fails with when the carrier gave none (Twilio: "unknown error"). */
export const UNKNOWN_CARRIER_ERROR = 30008;

/** Retryable or terminal, from what the carrier (or the network) said. Pure and table-driven. */
export function decideFailure(error: Pick<CarrierError, 'message' | 'details'>): FailureDecision {
  const { httpStatus, code, retryAfterMs, network } = error.details;
  if (code !== undefined && TERMINAL_CARRIER_CODES[code]) {
    return { action: 'fail', errorCode: code, reason: TERMINAL_CARRIER_CODES[code] };
  }
  if (code !== undefined && RETRYABLE_CARRIER_CODES[code]) {
    return { action: 'retry', delayMs: retryAfterMs, reason: RETRYABLE_CARRIER_CODES[code] };
  }
  if (network || httpStatus === undefined) return { action: 'retry', reason: 'network error or timeout' };
  if (httpStatus === 429) return { action: 'retry', delayMs: retryAfterMs, reason: 'rate limited by the carrier' };
  if (httpStatus >= 500) return { action: 'retry', delayMs: retryAfterMs, reason: `carrier answered ${httpStatus}` };
  if (httpStatus === 408) return { action: 'retry', reason: 'carrier timed out' };
  if (httpStatus === 401 || httpStatus === 403) {
    // Wrong carrier credentials: retrying cannot help, and the operator must see it on the receipt.
    return { action: 'fail', errorCode: code ?? 20003, reason: 'carrier rejected the credentials' };
  }
  return { action: 'fail', errorCode: code ?? UNKNOWN_CARRIER_ERROR, reason: `carrier refused the message (${httpStatus})` };
}

/** Delay before retry number `attempt` (1-based): exponential from `baseMs`, capped, with jitter. */
export function backoffDelay(attempt: number, baseMs: number, maxMs = 5 * 60_000, random = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
