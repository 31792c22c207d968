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
}

/** What the worker does with a delivery job after one pass. */
export type DeliveryOutcome =
  | { kind: 'done' }
  /** Not now: an earlier message to the recipient is pending, or the proxy address is over its rate. */
  | { kind: 'wait'; delayMs: number; reason: 'order' | 'rate' }
  /** A retryable carrier failure: BullMQ retries after `delayMs` (or its backoff). */
  | { kind: 'retry'; delayMs?: number; reason: string };
