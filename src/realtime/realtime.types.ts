/**
 * The contract between the realtime transport (Twilsock over /v3/wsconnect) and the layers above it
 * (AIM Client/v2, the Sync projection). docs/realtime.md describes it with examples.
 */

/** One authenticated websocket connection: who is connected, for which service, until when. */
export interface RealtimeSession {
  /** Unique per connection, never reused. */
  readonly id: string;
  readonly accountSid: string;
  /** The Conversation Service of the token's ChatGrant; it belongs to accountSid. */
  readonly serviceSid: string;
  readonly identity: string;
  /** The chat user (US) of the identity in the service; created at the first connection. */
  readonly userSid: string;
  /** The API key that signed the current token (a token update may switch keys). */
  readonly apiKeySid: string;
  /** When the current token expires; the connection is closed then unless the client updates it. */
  readonly expiresAt: Date;
}

/** An upstream request the SDK tunnels through the socket (a Twilsock `message` frame). */
export interface UpstreamRequest {
  /** The Twilsock message id, for logs and tracing. */
  readonly id: string;
  /** The grant the SDK acts under (`active_grant`, e.g. `ip_messaging`). */
  readonly grant: string;
  /** A label, not a network address: `aim.us1.twilio.com`, `cds.us1.twilio.com`, or whatever the SDK was configured with. */
  readonly host: string;
  /** Upper-case: GET, POST, PUT, DELETE... */
  readonly method: string;
  /** The path without its query, e.g. `/Client/v2/Configuration`. */
  readonly path: string;
  /** The query as the SDK split it (values are not percent-decoded; a repeated key gives an array). */
  readonly params: Readonly<Record<string, string | string[]>>;
  /** Header names in lower case, e.g. `x-twilio-mutation-id`, `if-match`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The payload: parsed JSON, text for text/* payloads, undefined when empty. */
  readonly body: unknown;
}

/** What a handler answers; framed as the Twilsock reply with `http_status`, `http_headers` and a payload. */
export interface UpstreamResponse {
  status: number;
  headers?: Record<string, string>;
  /** Sent as JSON unless it is a string (then as text/plain, or as is with your own Content-Type). */
  body?: unknown;
}

/**
 * Answers the upstream requests under one path prefix (register it with UpstreamRouter). Throwing a
 * TwilioError answers with its status and Twilio error body; any other error answers 500.
 */
export interface UpstreamHandler {
  handle(session: RealtimeSession, request: UpstreamRequest): Promise<UpstreamResponse>;
}

/** How a notification pushed to a session ended. Never a rejection. */
export type NotificationOutcome =
  /** The client acknowledged it. */
  | 'acked'
  /** No such session on this process (closed already, or connected elsewhere). */
  | 'no-session'
  /** The connection closed before the client acknowledged it. */
  | 'closed'
  /** Not acknowledged in time (30 s, the SDK's own request timeout). */
  | 'timeout';

/** Emitted when a session opens or closes on this process. */
export interface SessionEvent {
  session: RealtimeSession;
  /** Sessions of the same (account, service, identity) on this process after the change: 1 on the first open, 0 after the last close. */
  identitySessions: number;
}
