import { randomBytes } from 'node:crypto';

/** Two-letter SID prefixes, as Twilio uses them. */
export const SidPrefix = {
  Account: 'AC',
  ApiKey: 'SK',
  Service: 'IS',
  Conversation: 'CH',
  Participant: 'MB',
  Message: 'IM',
  DeliveryReceipt: 'DY',
  AddressConfiguration: 'IG',
  ConversationWebhook: 'WH',
  Role: 'RL',
  User: 'US',
  Media: 'ME',
  Credential: 'CR',
  PushBinding: 'BS',
  Invite: 'IN',
  MessagingService: 'MG',
  StudioFlow: 'FW',
  ContentTemplate: 'HX',
  FlexFlow: 'FO',
  Task: 'WT',
  /** Router-private: post-event webhook deliveries (their I-Twilio-Idempotency-Token). */
  WebhookEvent: 'EV',
} as const;
export type SidPrefix = (typeof SidPrefix)[keyof typeof SidPrefix];

const SID_SHAPE = /^[A-Z]{2}[0-9a-fA-F]{32}$/;

const POOL_BYTES = 4096;
let pool = randomBytes(POOL_BYTES);
let offset = 0;

/**
 * A new SID: prefix + 32 lowercase hex digits from a CSPRNG. Bytes come from a pool refilled 4 KiB
 * at a time: one randomBytes call per SID costs more than the rest of an insert's CPU work.
 * SIDs are identifiers, not secrets (secrets use newSecret).
 */
export function newSid(prefix: SidPrefix): string {
  if (offset + 16 > POOL_BYTES) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + 16);
  offset += 16;
  return prefix + hex;
}

/** A random secret of 32 lowercase hex digits (auth tokens, API key secrets). */
export function newSecret(): string {
  return randomBytes(16).toString('hex');
}

/** True when the value is shaped like a SID (any prefix, or the one given). */
export function isSid(value: unknown, prefix?: SidPrefix): value is string {
  return typeof value === 'string' && SID_SHAPE.test(value) && (prefix === undefined || value.startsWith(prefix));
}

/** Normalises the hex part of a SID to lowercase, so lookups match what was issued. */
export function normalizeSid(value: string): string {
  return SID_SHAPE.test(value) ? value.slice(0, 2) + value.slice(2).toLowerCase() : value;
}
