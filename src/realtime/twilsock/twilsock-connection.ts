import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { Errors } from '../../common/errors';
import { TokenBucket } from '../../common/token-bucket';
import { TwilioError } from '../../common/twilio-error';
import type { RealtimeLimits } from '../realtime-limits';
import type { SessionLink, RealtimeSessions } from '../realtime-sessions';
import type { NotificationOutcome, RealtimeSession } from '../realtime.types';
import type { SessionAuthenticator, SessionGrant } from '../session-authenticator';
import { errorResponse, type UpstreamRouter } from '../upstream-router';
import { CloseCode } from './close-codes';
import { decodePayload, parseFrame, serializeFrame, type TwilsockFrame, TwilsockFrameError, type TwilsockHeader } from './twilsock-codec';
import * as frames from './twilsock-frames';
import { toUpstreamReply, toUpstreamRequest } from './upstream-frames';

export interface ConnectionContext {
  limits: RealtimeLimits;
  authenticator: SessionAuthenticator;
  sessions: RealtimeSessions;
  upstream: UpstreamRouter;
}

type State = 'awaiting-init' | 'authenticating' | 'open' | 'closing';
type MutableSession = { -readonly [K in keyof RealtimeSession]: RealtimeSession[K] };

const logger = new Logger('TwilsockConnection');

/** The longest a timer may be (setTimeout's 32-bit limit); tokens live 24 h at most anyway. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One Twilsock v3 connection: init with an access token, then upstream requests, notifications with
 * acks, token updates, telemetry and close. Every way out is a close with a code (close-codes.ts),
 * preceded by the Twilsock frame that puts the SDK in the right state. Frames are never logged: the
 * init and update headers carry tokens.
 */
export class TwilsockConnection implements SessionLink {
  private state: State = 'awaiting-init';
  private session?: MutableSession;
  /** The code we closed with, when the close was ours. */
  private closedWith?: number;
  private alive = true;
  private readonly frameBucket: TokenBucket;
  private readonly upstreamBucket: TokenBucket;
  private upstreamInFlight = 0;
  /** Upstream requests waiting for a free slot, with when each arrived. */
  private readonly upstreamWaiting: { frame: TwilsockFrame; arrivedAt: number }[] = [];
  private readonly pendingAcks = new Map<string, (outcome: NotificationOutcome) => void>();
  private readonly timers: { init?: NodeJS.Timeout; warning?: NodeJS.Timeout; expiry?: NodeJS.Timeout } = {};

  constructor(
    private readonly ws: WebSocket,
    private readonly ctx: ConnectionContext,
  ) {
    const { limits } = ctx;
    this.frameBucket = new TokenBucket(limits.frameBurst, limits.framesPerSecond);
    this.upstreamBucket = new TokenBucket(limits.upstreamBurst, limits.upstreamPerSecond);
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => this.guard(() => this.onMessage(toBuffer(data))));
    ws.on('pong', () => (this.alive = true));
    ws.on('close', (code: number) => this.onClosed(code));
    // `ws` reports protocol violations (oversize, bad UTF-8, unmasked frames) here and closes with a code itself.
    ws.on('error', (err: Error) => logger.debug({ err: err.message, sessionId: this.session?.id }, 'websocket error'));
    this.timers.init = setTimeout(() => this.closeSocket(CloseCode.initTimeout, 'no init received in time'), limits.initTimeoutMs);
  }

  /** Keep-alive, called every ping interval: terminates a peer that did not answer the previous ping. */
  heartbeat(): void {
    if (!this.alive) {
      logger.debug({ sessionId: this.session?.id }, 'no pong: terminating');
      this.ws.terminate();
      return;
    }
    this.alive = false;
    if (this.ws.readyState === WebSocket.OPEN) this.ws.ping();
  }

  /** Closes the connection for a server shutdown; the SDK reconnects, to another node if there is one. */
  shutdown(): void {
    this.closeSocket(CloseCode.goingAway, 'server shutting down');
  }

  notify(messageType: string, payload: unknown): Promise<NotificationOutcome> {
    if (this.state !== 'open') return Promise.resolve('closed');
    if (this.ws.bufferedAmount > this.ctx.limits.maxBufferedBytes) {
      logger.warn({ sessionId: this.session?.id, buffered: this.ws.bufferedAmount }, 'client does not read: closing');
      this.closeSocket(CloseCode.slowConsumer, 'client does not read its frames');
      return Promise.resolve('closed');
    }
    const header = frames.notification(messageType);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pendingAcks.delete(header.id);
        resolve('timeout');
      }, this.ctx.limits.notificationAckTimeoutMs);
      this.pendingAcks.set(header.id, (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      });
      this.send(header, payload === undefined ? undefined : JSON.stringify(payload));
    });
  }

  revoke(reason: TwilioError): void {
    logger.log({ sessionId: this.session?.id, code: reason.code }, 'credentials revoked: closing');
    this.fail(frames.statusOf(reason), CloseCode.unauthorized, 'credentials revoked');
  }

  private onMessage(data: Buffer): void {
    if (this.state === 'closing') return;
    let frame: TwilsockFrame;
    try {
      frame = parseFrame(data, this.ctx.limits);
    } catch (err) {
      if (!(err instanceof TwilsockFrameError)) throw err;
      logger.debug({ problem: err.problem, sessionId: this.session?.id }, 'malformed frame');
      return this.fail(frames.status(406, err.message), CloseCode.malformedFrame, `malformed frame: ${err.problem}`);
    }
    const { method, id } = frame.header;
    if (method === 'reply') return this.onAck(id);
    if (!this.frameBucket.take()) return this.fail(frames.status(429, 'Too many frames'), CloseCode.flood, 'too many frames');
    if (method === 'close') return this.closeSocket(CloseCode.normal, 'closed by the client');
    if (method === 'init') return this.guardAsync(this.onInit(frame.header));
    if (this.state !== 'open') {
      return this.fail(frames.status(406, `"${method.slice(0, 64)}" before init`), CloseCode.malformedFrame, 'init must come first');
    }
    switch (method) {
      case 'message':
        return this.onUpstream(frame);
      case 'update':
        return this.guardAsync(this.onUpdate(frame.header));
      case 'telemetry.v1':
      case 'put_notification_ctx':
      case 'delete_notification_ctx':
        // Acknowledged and ignored: telemetry is the SDK's, and every notification reaches the socket anyway.
        return this.send(frames.reply(id));
      default:
        return this.fail(frames.status(406, `Unknown method "${method.slice(0, 64)}"`), CloseCode.unknownMethod, 'unknown method');
    }
  }

  private async onInit(raw: TwilsockHeader): Promise<void> {
    if (this.state !== 'awaiting-init') {
      return this.fail(frames.status(406, 'init was already received'), CloseCode.malformedFrame, 'second init');
    }
    const parsed = frames.initHeader.safeParse(raw);
    if (!parsed.success) return this.fail(frames.status(406, 'Invalid init frame'), CloseCode.malformedFrame, 'invalid init');
    const init = parsed.data;
    clearTimeout(this.timers.init);
    this.state = 'authenticating';
    const grant = await this.authenticate(init.id, init.token);
    if (!grant || this.state !== 'authenticating') return;

    this.session = { id: randomUUID(), ...grant };
    this.state = 'open';
    this.send(
      frames.initReply(init.id, {
        continuationToken: `CT${randomUUID().replace(/-/g, '')}`,
        reissued: Boolean(init.continuation_token),
        capabilities: frames.SERVER_CAPABILITIES.filter((c) => init.capabilities?.includes(c)),
        registrations: init.registrations ?? [],
      }),
    );
    this.scheduleTokenTimers();
    const { id: sessionId, accountSid, serviceSid, apiKeySid } = this.session;
    logger.log({ sessionId, accountSid, serviceSid, apiKeySid }, 'session opened');
    this.ctx.sessions.opened(this.session, this);
  }

  private async onUpdate(raw: TwilsockHeader): Promise<void> {
    const parsed = frames.updateHeader.safeParse(raw);
    if (!parsed.success) return this.fail(frames.status(406, 'Invalid update frame'), CloseCode.malformedFrame, 'invalid update');
    const grant = await this.authenticate(parsed.data.id, parsed.data.token);
    const session = this.session;
    if (!grant || !session || this.state !== 'open') return;
    if (grant.accountSid !== session.accountSid || grant.serviceSid !== session.serviceSid || grant.identity !== session.identity) {
      const refusal = new TwilioError(
        20106,
        403,
        'Invalid access token grants: a token update must keep the account, service and identity',
      );
      return this.refuse(parsed.data.id, refusal);
    }
    session.apiKeySid = grant.apiKeySid;
    session.expiresAt = grant.expiresAt;
    this.scheduleTokenTimers();
    this.send(frames.reply(parsed.data.id));
    logger.log({ sessionId: session.id, apiKeySid: grant.apiKeySid }, 'token updated');
  }

  /** The grant of a token, or undefined after answering the request that carried it with the refusal. */
  private async authenticate(requestId: string, token: string): Promise<SessionGrant | undefined> {
    try {
      return await this.ctx.authenticator.authenticate(token);
    } catch (err) {
      if (this.state === 'closing') return undefined;
      if (err instanceof TwilioError) {
        this.refuse(requestId, err);
        return undefined;
      }
      // Not the token's fault (a database outage): a 500 makes the SDK retry, with back-off.
      logger.error({ err, sessionId: this.session?.id }, 'could not check an access token');
      this.send(frames.reply(requestId, frames.status(500, 'The token could not be checked; retry later')));
      this.closeSocket(CloseCode.internalError, 'token check failed');
      return undefined;
    }
  }

  /** A 401/403 reply: the SDK stops (state "denied", terminal connectionError, tokenExpired for 20104). */
  private refuse(requestId: string, error: TwilioError): void {
    logger.log({ sessionId: this.session?.id, code: error.code }, 'access token refused');
    this.send(frames.reply(requestId, frames.statusOf(error)));
    this.closeSocket(error.status === 403 ? CloseCode.forbidden : CloseCode.unauthorized, 'access token refused');
  }

  private scheduleTokenTimers(): void {
    clearTimeout(this.timers.warning);
    clearTimeout(this.timers.expiry);
    const left = this.session!.expiresAt.getTime() - Date.now();
    const inMs = (ms: number) => Math.min(Math.max(ms, 0), MAX_TIMER_MS);
    this.timers.warning = setTimeout(() => this.send(frames.tokenAboutToExpire()), inMs(left - this.ctx.limits.tokenWarningMs));
    this.timers.expiry = setTimeout(() => {
      logger.log({ sessionId: this.session?.id }, 'access token expired: closing');
      this.fail(frames.status(410, 'Access token expired', 20104), CloseCode.tokenExpired, 'access token expired');
    }, inMs(left));
  }

  private onUpstream(frame: TwilsockFrame): void {
    const { limits } = this.ctx;
    if (!this.upstreamBucket.take()) return this.answerUpstream(frame.header.id, Errors.tooManyRequests());
    if (this.upstreamInFlight >= limits.upstreamConcurrency) {
      if (this.upstreamWaiting.length >= limits.upstreamQueue) return this.answerUpstream(frame.header.id, Errors.tooManyRequests());
      this.upstreamWaiting.push({ frame, arrivedAt: Date.now() });
      return;
    }
    this.guardAsync(this.runUpstream(frame, Date.now()));
  }

  private async runUpstream(frame: TwilsockFrame, arrivedAt: number): Promise<void> {
    this.upstreamInFlight += 1;
    try {
      // The answer is due upstreamTimeoutMs after the request arrived, time spent waiting included.
      const timeoutMs = this.ctx.limits.upstreamTimeoutMs - (Date.now() - arrivedAt);
      if (timeoutMs <= 0) return this.answerUpstream(frame.header.id, Errors.upstreamTimeout());
      const parsed = frames.messageHeader.safeParse(frame.header);
      if (!parsed.success) return this.send(frames.reply(frame.header.id, frames.status(400, 'Invalid message frame: http_request')));
      let body: unknown;
      try {
        body = decodePayload(frame);
      } catch {
        return this.answerUpstream(frame.header.id, Errors.invalidParameter('The request payload is not valid JSON'));
      }
      const request = toUpstreamRequest(parsed.data, body);
      const response = await this.ctx.upstream.dispatch(this.session!, request, timeoutMs);
      const framed = toUpstreamReply(request.id, response);
      this.send(framed.header, framed.payload);
    } finally {
      this.upstreamInFlight -= 1;
      const next = this.upstreamWaiting.shift();
      if (next && this.state === 'open') this.guardAsync(this.runUpstream(next.frame, next.arrivedAt));
    }
  }

  private answerUpstream(id: string, error: TwilioError): void {
    const framed = toUpstreamReply(id, errorResponse(error));
    this.send(framed.header, framed.payload);
  }

  private onAck(id: string): void {
    const settle = this.pendingAcks.get(id);
    if (settle) {
      this.pendingAcks.delete(id);
      settle('acked');
    } else if (!this.frameBucket.take()) {
      this.fail(frames.status(429, 'Too many frames'), CloseCode.flood, 'too many frames');
    }
  }

  private send(header: TwilsockHeader, payload?: string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(serializeFrame(header, payload));
  }

  /** A Twilsock close frame with the reason the SDK acts on, then the websocket close. */
  private fail(reason: frames.TwilsockStatus, code: number, why: string): void {
    if (this.state === 'closing') return;
    this.send(frames.close(reason));
    this.closeSocket(code, why);
  }

  private closeSocket(code: number, why: string): void {
    if (this.state === 'closing') return;
    this.state = 'closing';
    this.closedWith = code;
    this.clearTimers();
    this.upstreamWaiting.length = 0;
    this.ws.close(code, why.slice(0, 123));
  }

  private onClosed(code: number): void {
    this.state = 'closing';
    this.clearTimers();
    this.upstreamWaiting.length = 0;
    for (const settle of this.pendingAcks.values()) settle('closed');
    this.pendingAcks.clear();
    if (this.session) {
      logger.log(
        { sessionId: this.session.id, code: this.closedWith ?? code, by: this.closedWith ? 'server' : 'client' },
        'session closed',
      );
      this.ctx.sessions.closed(this.session.id);
    }
  }

  private clearTimers(): void {
    clearTimeout(this.timers.init);
    clearTimeout(this.timers.warning);
    clearTimeout(this.timers.expiry);
  }

  /** A bug while handling a frame closes this connection (1011), never the process. */
  private guard(handle: () => void): void {
    try {
      handle();
    } catch (err) {
      this.internalError(err);
    }
  }

  private guardAsync(work: Promise<void>): void {
    work.catch((err: unknown) => this.internalError(err));
  }

  private internalError(err: unknown): void {
    logger.error({ err, sessionId: this.session?.id }, 'twilsock connection failed');
    this.closeSocket(CloseCode.internalError, 'internal error');
  }
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}
