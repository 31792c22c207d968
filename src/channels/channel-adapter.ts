/**
 * The contract between the delivery worker and a carrier. Adapters are small and stateless: the
 * delivery service passes everything a send needs, credentials included, on every call.
 */

export type ChannelProvider = 'twilio' | 'simulator';

/** One message to one recipient, as a carrier needs it. */
export interface OutboundMessage {
  /** The delivery receipt this send is for (DY...): a stable idempotency key across retries. */
  receiptSid: string;
  /** The proxy address: `+15559990000` or `whatsapp:+15559990000`. */
  from: string;
  /** The recipient: `+15551230001` or `whatsapp:+15551230001`. */
  to: string;
  body: string | null;
  /** Absolute URLs the carrier fetches the media from (signed, expiring URLs on the router). */
  mediaUrls: string[];
  /** Where the carrier posts status callbacks: PUBLIC_URL + /webhooks/twilio/status. */
  statusCallback: string;
}

/** Carrier credentials (TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN / TWILIO_API_URL for both adapters). */
export interface CarrierCredentials {
  accountSid: string;
  authToken: string;
  /** Base URL of the carrier's Messages API, without a trailing slash. */
  apiUrl: string;
}

export interface SendResult {
  /** The carrier's message SID (SM..., MM..., WA...), stored as the receipt's channel_message_sid. */
  channelMessageSid: string;
}

/** A failed send, as the carrier (or the network) reported it. Thrown by ChannelAdapter.send. */
export class CarrierError extends Error {
  constructor(
    message: string,
    readonly details: {
      /** HTTP status of the carrier's answer; undefined for network errors and timeouts. */
      httpStatus?: number;
      /** The carrier's error code (Twilio's numbering, e.g. 21211, 21610). */
      code?: number;
      /** From a Retry-After header, in milliseconds. */
      retryAfterMs?: number;
      /** Connection refused/reset, DNS, timeout: the request may or may not have reached the carrier. */
      network?: boolean;
    },
  ) {
    super(message);
    this.name = 'CarrierError';
  }
}

/** A carrier's status callback, normalised. */
export interface StatusUpdate {
  channelMessageSid: string;
  /** Receipt status it maps to; null for states that do not move a receipt (queued, accepted, sending). */
  status: 'sent' | 'delivered' | 'read' | 'failed' | 'undelivered' | null;
  errorCode: number | null;
}

/** The messages a carrier accepted from one sender to one recipient since a time: where a lost answer is looked for. */
export interface SentQuery {
  from: string;
  to: string;
  /** Messages sent (or accepted and not yet sent) at or after this time. */
  since: Date;
}

/** One message a carrier lists (Twilio's Message resource, the fields a match needs). */
export interface CarrierMessage {
  sid: string;
  from: string;
  to: string;
  body: string;
  numMedia: number;
  direction: string;
  dateCreated: Date | null;
}

export interface ChannelAdapter {
  readonly provider: ChannelProvider;
  /** Hands one message to the carrier; resolves once the carrier accepted it, throws CarrierError otherwise. */
  send(message: OutboundMessage, credentials: CarrierCredentials): Promise<SendResult>;
  /**
   * The carrier's messages matching `query`, every page (throws CarrierError). A carrier that can
   * list its messages lets a worker that takes over an interrupted send find the message the
   * carrier accepted instead of sending it again; without it, that send is repeated.
   */
  findSent?(query: SentQuery, credentials: CarrierCredentials): Promise<CarrierMessage[]>;
  /**
   * The carrier's current status of one message it accepted (throws CarrierError; a 404 when it
   * does not hold it). Lets the router settle a receipt whose status callbacks never arrived.
   */
  fetchStatus?(channelMessageSid: string, credentials: CarrierCredentials): Promise<StatusUpdate>;
  /** Reads a status callback's form fields (MessageSid, MessageStatus, ErrorCode, ...). */
  parseStatusCallback(form: Record<string, string | string[]>): StatusUpdate | null;
}

/** What the delivery worker does with a failed send. */
export type FailureDecision = { action: 'retry'; delayMs?: number; reason: string } | { action: 'fail'; errorCode: number; reason: string };
