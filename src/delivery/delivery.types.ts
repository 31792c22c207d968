/** Payload of a delivery job: the receipt only; job id = receipt SID, so a receipt has at most one job. */
export interface DeliveryJob {
  receiptSid: string;
}

/** Job options of every delivery job (retries are counted by BullMQ, spaced by the delivery backoff). */
export const DELIVERY_BACKOFF = 'carrier';

/** A delivery receipt (DY) as the API shows it. */
export interface ReceiptRecord {
  sid: string;
  accountSid: string;
  serviceSid: string;
  conversationSid: string;
  messageSid: string;
  participantSid: string;
  channelMessageSid: string | null;
  status: string | null;
  errorCode: number | null;
  dateCreated: Date;
  dateUpdated: Date;
}

/** A receipt with what sending it needs. */
export interface ReceiptToSend {
  sid: string;
  accountSid: string;
  serviceSid: string;
  address: string;
  proxyAddress: string;
  status: string | null;
  channelMessageSid: string | null;
  dateCreated: Date;
  body: string | null;
  mediaSids: string[];
  /** The account owning the proxy address (null: no owner); only it may send from the address. */
  proxyOwnerSid: string | null;
  channelProvider: string | null;
  sendRatePerSecond: number | null;
  /** An earlier receipt to the same recipient that the carrier has not accepted yet, if any. */
  blockedBy: string | null;
  /** When an earlier send attempt started that may have reached the carrier (no answer recorded); null: none. */
  openAttemptAt: Date | null;
  /** Its age by the database's clock, in milliseconds. */
  openAttemptAgeMs: number | null;
  /** True when this load opened an attempt (the send may go now). */
  openedAttempt: boolean;
}

/** What the worker does with a delivery job after one pass. */
export type DeliveryOutcome =
  | { kind: 'done' }
  /**
   * Not now: an earlier message to the recipient is pending, the proxy address is over its rate, or
   * an interrupted attempt may still be in flight at the carrier.
   */
  | { kind: 'wait'; delayMs: number; reason: 'order' | 'rate' | 'in-flight' }
  /** A retryable carrier failure: BullMQ retries after `delayMs` (or its backoff). */
  | { kind: 'retry'; delayMs?: number; reason: string };
