/** Limits of one Twilsock connection. docs/realtime.md explains each value. */
export interface RealtimeLimits {
  /** Largest websocket message (one Twilsock frame); larger ones are closed with 1009 by `ws`. */
  maxFrameBytes: number;
  /** Largest Twilsock header inside a frame. */
  maxHeaderBytes: number;
  /** A connection that has not sent `init` by then is closed. */
  initTimeoutMs: number;
  /** Websocket ping period; a connection that has not answered the previous ping is terminated. */
  pingIntervalMs: number;
  /** Frames other than acks: burst and sustained rate per second; beyond, the connection is closed. */
  frameBurst: number;
  framesPerSecond: number;
  /** Upstream requests: burst and sustained rate per second; beyond, they are answered 429. */
  upstreamBurst: number;
  upstreamPerSecond: number;
  /** Upstream requests handled at once; the next ones wait in a queue of at most upstreamQueue, then get 429. */
  upstreamConcurrency: number;
  upstreamQueue: number;
  /**
   * An upstream request not answered this long after it arrived (queue wait included) is answered
   * 504: before the SDK's own request timeout (30 s), so that no request of the SDK goes unanswered.
   */
  upstreamTimeoutMs: number;
  /** A close handshake the peer has not completed by then ends with the socket destroyed (`ws` waits 30 s). */
  closeTimeoutMs: number;
  /** Notifications awaiting the client's ack before their outcome is 'timeout'. */
  notificationAckTimeoutMs: number;
  /** Bytes queued on a socket for a client that does not read; beyond, the connection is closed (1013). */
  maxBufferedBytes: number;
  /** Twilio fires `tokenAboutToExpire` when a token enters its final three minutes. */
  tokenWarningMs: number;
}

export const DEFAULT_REALTIME_LIMITS: RealtimeLimits = {
  maxFrameBytes: 128 * 1024,
  maxHeaderBytes: 16 * 1024,
  initTimeoutMs: 5_000,
  pingIntervalMs: 30_000,
  frameBurst: 1_200,
  framesPerSecond: 200,
  // The SDK opens 4 objects per joined conversation at start (document, list, roster and its items):
  // a user in 200 conversations sends about 800 requests at once, which the burst lets through.
  upstreamBurst: 1_000,
  upstreamPerSecond: 100,
  upstreamConcurrency: 16,
  upstreamQueue: 1_000,
  upstreamTimeoutMs: 25_000,
  closeTimeoutMs: 5_000,
  notificationAckTimeoutMs: 30_000,
  maxBufferedBytes: 8 * 1024 * 1024,
  tokenWarningMs: 3 * 60_000,
};
