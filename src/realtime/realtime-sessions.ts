import { Injectable, Logger } from '@nestjs/common';
import type { TwilioError } from '../common/twilio-error';
import type { NotificationOutcome, RealtimeSession, SessionEvent } from './realtime.types';

/** What the registry needs from the connection behind a session (implemented by the transport). */
export interface SessionLink {
  notify(messageType: string, payload: unknown): Promise<NotificationOutcome>;
  /** Closes the connection because its credentials are no longer accepted. */
  revoke(reason: TwilioError): void;
}

type SessionListener = (event: SessionEvent) => void;

const identityKey = (accountSid: string, serviceSid: string, identity: string) => `${accountSid}\n${serviceSid}\n${identity}`;

/**
 * The authenticated Twilsock sessions of this process, by id and by (account, service, identity):
 * what the layers above push notifications to, and where they learn that a user came or went.
 * Cross-process fan-out (the change feed) sits on top: each process pushes to its own sessions.
 */
@Injectable()
export class RealtimeSessions {
  private readonly logger = new Logger(RealtimeSessions.name);
  private readonly sessions = new Map<string, { session: RealtimeSession; link: SessionLink }>();
  private readonly byIdentity = new Map<string, Set<string>>();
  private readonly openedListeners = new Set<SessionListener>();
  private readonly closedListeners = new Set<SessionListener>();

  get(sessionId: string): RealtimeSession | undefined {
    return this.sessions.get(sessionId)?.session;
  }

  all(): RealtimeSession[] {
    return [...this.sessions.values()].map((entry) => entry.session);
  }

  /** The sessions of one chat user on this process (a user may have several tabs and devices). */
  forIdentity(accountSid: string, serviceSid: string, identity: string): RealtimeSession[] {
    const ids = this.byIdentity.get(identityKey(accountSid, serviceSid, identity));
    return ids ? [...ids].map((id) => this.sessions.get(id)!.session) : [];
  }

  /**
   * Pushes a Twilsock `notification` (message_type + JSON payload) to one session; resolves with how
   * it ended once the client acks it, the connection closes or the ack times out. Never rejects.
   */
  notify(sessionId: string, messageType: string, payload: unknown): Promise<NotificationOutcome> {
    const entry = this.sessions.get(sessionId);
    return entry ? entry.link.notify(messageType, payload) : Promise.resolve('no-session');
  }

  /** Calls the listener after each session opens (after its init reply was sent). Returns an unsubscribe function. */
  onOpened(listener: SessionListener): () => void {
    this.openedListeners.add(listener);
    return () => this.openedListeners.delete(listener);
  }

  /** Calls the listener after each session closed, whatever the cause. Returns an unsubscribe function. */
  onClosed(listener: SessionListener): () => void {
    this.closedListeners.add(listener);
    return () => this.closedListeners.delete(listener);
  }

  /** Transport only: a connection finished its init. */
  opened(session: RealtimeSession, link: SessionLink): void {
    this.sessions.set(session.id, { session, link });
    const key = identityKey(session.accountSid, session.serviceSid, session.identity);
    const ids = this.byIdentity.get(key) ?? new Set<string>();
    ids.add(session.id);
    this.byIdentity.set(key, ids);
    this.emit(this.openedListeners, { session, identitySessions: ids.size });
  }

  /** Transport only: a session's connection closed. */
  closed(sessionId: string): void {
    const entry = this.sessions.get(sessionId);
    if (!entry) return;
    this.sessions.delete(sessionId);
    const { session } = entry;
    const key = identityKey(session.accountSid, session.serviceSid, session.identity);
    const ids = this.byIdentity.get(key);
    ids?.delete(sessionId);
    if (ids?.size === 0) this.byIdentity.delete(key);
    this.emit(this.closedListeners, { session, identitySessions: ids?.size ?? 0 });
  }

  /** Closes a session whose credentials were revoked (see SessionRevocationListener). */
  revoke(sessionId: string, reason: TwilioError): void {
    this.sessions.get(sessionId)?.link.revoke(reason);
  }

  private emit(listeners: Set<SessionListener>, event: SessionEvent): void {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        this.logger.error({ err, sessionId: event.session.id }, 'a session listener failed');
      }
    }
  }
}
