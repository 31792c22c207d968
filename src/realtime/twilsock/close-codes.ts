/**
 * Websocket close codes the server uses (RFC 6455 §7.4; 4000-4999 are the application's own, here
 * 4000 + the HTTP-like status of the cause). The SDK reads the Twilsock `close` frame or init reply
 * sent before them, not these codes; they are for other clients, proxies and tests.
 */
export const CloseCode = {
  /** The client sent a Twilsock `close`. */
  normal: 1000,
  /** The server is shutting down; the SDK reconnects (to another node). */
  goingAway: 1001,
  /** Set by `ws`: a frame over the size limit. */
  tooBig: 1009,
  /** An unexpected server error. */
  internalError: 1011,
  /** The client does not read what is sent to it. */
  slowConsumer: 1013,
  /** A frame that is not Twilsock v3 (after a Twilsock close 406). */
  malformedFrame: 4400,
  /** Token refused at init or update, or its key/account/service revoked (after the 401/403 reply or close). */
  unauthorized: 4401,
  forbidden: 4403,
  /** A method the server does not know (after a Twilsock close 406). */
  unknownMethod: 4405,
  /** No `init` in time. */
  initTimeout: 4408,
  /** The token expired without an update (after a Twilsock close 410). */
  tokenExpired: 4410,
  /** Too many frames (after a Twilsock close 429). */
  flood: 4429,
} as const;
