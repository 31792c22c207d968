import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { TwilioError } from '../common/twilio-error';
import { AppConfig } from '../config/app-config';
import { RouterMetrics } from '../observability/router-metrics';
import { feedChannel, type ChangeType, type FeedEvent } from '../events/change-types';
import { RealtimeSessions } from '../realtime/realtime-sessions';
import type { RealtimeSession } from '../realtime/realtime.types';
import { renderEvents, SyncProjection, type SyncEvent } from './sync-projection';
import { OBJECT_TYPE, type SyncObjectKind, type SyncObjectRef, type SyncObjectType } from './sync-objects';
import { SyncStore } from './sync-store';

export const SYNC_EVENT = 'twilio.sync.event';
/** Events read per object and round: a longer replay is sent in chunks (`replay_status: interrupted`). */
const CHUNK = 200;
/** How often the stream heads of subscribed objects are compared with what was delivered (a lost publication). */
const HEAD_CHECK_MS = 5_000;
/** A read that failed (the database away) is tried again after this. */
const RETRY_MS = 1_000;

/** One establish request of `POST /v4/Subscriptions`. */
export interface EstablishRequest {
  objectSid: string;
  objectType: SyncObjectType;
  lastEventId: number;
}

interface Channel {
  ref: SyncObjectRef;
  /** Subscribed sessions of this process, with the position each has been brought to. */
  subscribers: Map<string, number>;
  /** Changes up to here have been read and delivered. */
  sentUpTo: number;
  dirty: boolean;
}

/** A conversation's or user's stream on this process: its subscribed objects, worked on one task at a time. */
interface Stream {
  id: string;
  serviceSid: string;
  /** The conversation SID, or the user's identity (feed events name users by identity). */
  conversationSid: string | null;
  identity: string | null;
  channels: Map<string, Channel>;
  /** The highest position seen, in the feed or in a read. */
  seen: number;
  tail: Promise<void>;
  pumping: boolean;
  /** Subscriptions being established: the stream must not be forgotten under them (they would subscribe to a stream nobody delivers to). */
  establishing: number;
  /** Identities removed from the conversation: their sessions' subscriptions go once the removal is delivered. */
  removedIdentities: Set<string>;
  /** When the earliest publication not yet delivered was published (ms), for the fan-out latency. */
  publishedAt?: number;
}

/** Which objects a change touches (docs/change-feed.md, "Types"). */
const TOUCHES: Record<ChangeType, SyncObjectKind[]> = {
  'conversation.added': ['conversation'],
  'conversation.updated': ['conversation'],
  'conversation.state_updated': ['conversation'],
  'conversation.removed': ['conversation', 'messages', 'roster'],
  'participant.added': ['roster', 'userConversations'],
  'participant.updated': ['roster', 'userConversations'],
  'participant.removed': ['roster', 'userConversations'],
  'message.added': ['messages', 'conversation'],
  'message.updated': ['messages'],
  'message.removed': ['messages', 'conversation'],
  'delivery.updated': ['messages'],
  'user.added': ['userInfo'],
  'user.updated': ['userInfo'],
  'user.reachability': ['userInfo'],
  'user_conversation.updated': ['userConversations'],
  'user_conversation.removed': ['userConversations'],
  'invite.added': ['userConversations'],
  'invite.removed': ['userConversations'],
  'webhook.replay': [],
};

const conversationStreamId = (sid: string) => `c:${sid}`;
const userStreamId = (serviceSid: string, identity: string) => `u:${serviceSid}:${identity}`;

/**
 * Sync subscriptions of this process's sessions, and their live delivery. Every object's events come
 * from one read, "what changed after the position delivered" (SyncProjection.changes), whether a
 * client establishes with its `last_event_id` (replay) or a change was published (live): so nothing is
 * missed between replay and live, a client gets each change once and in order, and a lost
 * publication is caught by the periodic head check. The changes of a service arrive over Redis
 * pub/sub from whichever process wrote them (FeedPublisher); work on one stream is serialised.
 */
@Injectable()
export class SyncSubscriptions implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SyncSubscriptions.name);
  private readonly streams = new Map<string, Stream>();
  /** Per session: the streams and objects it is subscribed to. */
  private readonly bySession = new Map<string, Map<string, string>>();
  /** Redis channels subscribed, with how many streams need each. */
  private readonly services = new Map<string, number>();
  private subscriber?: Redis;
  private headCheck?: NodeJS.Timeout;

  constructor(
    private readonly projection: SyncProjection,
    private readonly sessions: RealtimeSessions,
    private readonly store: SyncStore,
    private readonly config: AppConfig,
    private readonly metrics: RouterMetrics,
  ) {}

  async onModuleInit(): Promise<void> {
    this.subscriber = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
    this.subscriber.on('message', (_channel: string, payload: string) => this.onPublished(payload));
    this.subscriber.on('error', (err: Error) => this.logger.warn({ err: err.message }, 'feed subscriber error'));
    // After a Redis outage the subscriber resubscribes by itself; what was published meanwhile is caught by the head check.
    this.subscriber.on('ready', () => this.checkHeads());
    this.sessions.onClosed(({ session }) => this.dropSession(session.id));
    this.headCheck = setInterval(() => this.checkHeads(), HEAD_CHECK_MS);
    this.headCheck.unref();
    await this.subscriber.connect();
  }

  onModuleDestroy(): void {
    clearInterval(this.headCheck);
    this.subscriber?.disconnect();
  }

  /** Establishes subscriptions: each object's replay after its `last_event_id`, then `subscription_established`. */
  establish(session: RealtimeSession, correlationId: number, requests: EstablishRequest[]): void {
    for (const request of requests) {
      void this.establishOne(session, correlationId, request).catch((err: unknown) => {
        this.logger.error({ err, sessionId: session.id, objectSid: request.objectSid }, 'could not establish a subscription');
        // Not the object's fault: no outcome, so the SDK re-pokes after its delivery deadline.
      });
    }
  }

  /** Cancels subscriptions; answers `subscription_canceled`. */
  cancel(session: RealtimeSession, correlationId: number, requests: { objectSid: string; objectType: SyncObjectType }[]): void {
    for (const r of requests) this.unsubscribe(session.id, r.objectSid);
    void this.sessions.notify(session.id, SYNC_EVENT, {
      event_type: 'subscription_canceled',
      correlation_id: correlationId,
      events: requests.map((r) => ({ object_sid: r.objectSid, object_type: r.objectType })),
    });
  }

  /** Subscriptions of a session (for limits and tests). */
  count(sessionId: string): number {
    return this.bySession.get(sessionId)?.size ?? 0;
  }

  private async establishOne(session: RealtimeSession, correlationId: number, request: EstablishRequest): Promise<void> {
    let ref: SyncObjectRef;
    try {
      ref = await this.projection.open(session, request.objectSid, request.objectType);
    } catch (err) {
      if (!(err instanceof TwilioError)) throw err;
      return this.outcome(session.id, correlationId, 'subscription_failed', {
        object_sid: request.objectSid,
        object_type: request.objectType,
        error: { status: err.status, code: err.code, message: err.message },
      });
    }
    const stream = await this.streamOf(session, ref);
    if (!stream) {
      return this.outcome(session.id, correlationId, 'subscription_failed', {
        object_sid: request.objectSid,
        object_type: request.objectType,
        error: { status: 404, code: 54100, message: `The requested object ${request.objectSid} was not found` },
      });
    }
    stream.establishing += 1;
    try {
      await this.ensureService(session.serviceSid);
      await this.onStream(stream, () => this.replay(session, correlationId, stream, ref, request.lastEventId));
    } finally {
      stream.establishing -= 1;
      this.releaseIfIdle(stream);
    }
  }

  /** The replay after `lastEventId`, then the subscription and its outcome (run on the stream's queue). */
  private async replay(
    session: RealtimeSession,
    correlationId: number,
    stream: Stream,
    ref: SyncObjectRef,
    lastEventId: number,
  ): Promise<void> {
    if (!this.sessions.get(session.id)) return;
    const changes = await this.projection.changes(ref, lastEventId, CHUNK);
    if (changes.gone) {
      return this.outcome(session.id, correlationId, 'subscription_failed', {
        object_sid: ref.sid,
        object_type: OBJECT_TYPE[ref.kind],
        error: { status: 404, code: 54100, message: `The object ${ref.sid} was removed` },
      });
    }
    this.send(session.id, ref, changes.events, correlationId);
    this.advanceSeen(stream, changes.upTo);
    if (changes.complete) this.subscribe(stream, ref, session.id, changes.upTo);
    this.outcome(session.id, correlationId, 'subscription_established', {
      object_sid: ref.sid,
      object_type: OBJECT_TYPE[ref.kind],
      replay_status: changes.complete ? 'completed' : 'interrupted',
      last_event_id: changes.upTo,
    });
  }

  private subscribe(stream: Stream, ref: SyncObjectRef, sessionId: string, position: number): void {
    let channel = stream.channels.get(ref.sid);
    if (!channel) {
      channel = { ref, subscribers: new Map(), sentUpTo: position, dirty: false };
      stream.channels.set(ref.sid, channel);
    }
    channel.subscribers.set(sessionId, position);
    const mine = this.bySession.get(sessionId) ?? new Map<string, string>();
    mine.set(ref.sid, stream.id);
    this.bySession.set(sessionId, mine);
  }

  private unsubscribe(sessionId: string, objectSid: string): void {
    const mine = this.bySession.get(sessionId);
    const streamId = mine?.get(objectSid);
    if (!mine || !streamId) return;
    mine.delete(objectSid);
    if (!mine.size) this.bySession.delete(sessionId);
    const stream = this.streams.get(streamId);
    const channel = stream?.channels.get(objectSid);
    channel?.subscribers.delete(sessionId);
    if (stream && channel && !channel.subscribers.size) this.dropChannel(stream, objectSid);
  }

  private dropSession(sessionId: string): void {
    for (const objectSid of [...(this.bySession.get(sessionId)?.keys() ?? [])]) this.unsubscribe(sessionId, objectSid);
  }

  private dropChannel(stream: Stream, objectSid: string): void {
    stream.channels.delete(objectSid);
    this.releaseIfIdle(stream);
  }

  /** A stream without subscribed objects is forgotten, and its service's channel once no stream needs it. */
  private releaseIfIdle(stream: Stream): void {
    if (stream.channels.size || stream.pumping || stream.establishing || this.streams.get(stream.id) !== stream) return;
    this.streams.delete(stream.id);
    const left = (this.services.get(stream.serviceSid) ?? 1) - 1;
    if (left > 0) this.services.set(stream.serviceSid, left);
    else {
      this.services.delete(stream.serviceSid);
      void this.subscriber?.unsubscribe(feedChannel(this.config.queuePrefix, stream.serviceSid)).catch(() => undefined);
    }
  }

  /** The stream of an object, created on first use; null when a user object's user no longer exists. */
  private async streamOf(session: RealtimeSession, ref: SyncObjectRef): Promise<Stream | null> {
    const { serviceSid } = session;
    let id: string;
    let conversationSid: string | null = null;
    let identity: string | null = null;
    if ('conversationSid' in ref) {
      conversationSid = ref.conversationSid;
      id = conversationStreamId(conversationSid);
    } else {
      // The session's own user needs no lookup (its info map and conversation list, on every connection).
      identity = ref.userSid === session.userSid ? session.identity : await this.store.identityOf(ref.userSid);
      if (identity === null) return null;
      id = userStreamId(serviceSid, identity);
    }
    let stream = this.streams.get(id);
    if (!stream) {
      stream = {
        id,
        serviceSid,
        conversationSid,
        identity,
        channels: new Map(),
        seen: 0,
        tail: Promise.resolve(),
        pumping: false,
        establishing: 0,
        removedIdentities: new Set(),
      };
      this.streams.set(id, stream);
      this.services.set(serviceSid, (this.services.get(serviceSid) ?? 0) + 1);
    }
    return stream;
  }

  private async ensureService(serviceSid: string): Promise<void> {
    const channel = feedChannel(this.config.queuePrefix, serviceSid);
    // Subscribing again is idempotent; awaiting it means every later publication reaches this process.
    await this.subscriber!.subscribe(channel);
  }

  /** Runs work on a stream after whatever is queued on it. */
  private onStream(stream: Stream, work: () => Promise<void>): Promise<void> {
    const run = stream.tail.then(work, work);
    stream.tail = run.catch((err: unknown) => this.logger.error({ err, stream: stream.id }, 'stream work failed'));
    return run;
  }

  private onPublished(payload: string): void {
    let events: FeedEvent[];
    let at: number | undefined;
    try {
      ({ events, at } = JSON.parse(payload) as { events: FeedEvent[]; at?: number });
    } catch {
      return this.logger.warn('ignored a malformed feed publication');
    }
    const touched = new Set<Stream>();
    for (const event of events) {
      const kinds = TOUCHES[event.type] ?? [];
      if (event.conversationSid && event.conversationSeq !== null) {
        const stream = this.streams.get(conversationStreamId(event.conversationSid));
        if (stream) {
          this.mark(stream, kinds, event.conversationSeq);
          if (event.type === 'participant.removed' && event.identity) stream.removedIdentities.add(event.identity);
          touched.add(stream);
        }
      }
      if (event.identity && event.userSeq !== null) {
        const stream = this.streams.get(userStreamId(event.serviceSid, event.identity));
        if (stream) {
          this.mark(stream, kinds, event.userSeq);
          touched.add(stream);
        }
      }
    }
    touched.forEach((stream) => {
      if (typeof at === 'number') stream.publishedAt = Math.min(stream.publishedAt ?? at, at);
      this.pump(stream);
    });
  }

  /**
   * A read found the stream further than any change heard of: those changes may touch the stream's
   * other objects too (their publication is late or lost), so all of them are read again.
   */
  private advanceSeen(stream: Stream, head: number): void {
    if (head <= stream.seen) return;
    stream.seen = head;
    stream.channels.forEach((c) => (c.dirty = true));
    this.pump(stream);
  }

  /** Marks the objects a change touches; all of them when positions were skipped (a change not heard of). */
  private mark(stream: Stream, kinds: SyncObjectKind[], seq: number): void {
    const gap = seq > stream.seen + 1;
    stream.seen = Math.max(stream.seen, seq);
    for (const channel of stream.channels.values()) if (gap || kinds.includes(channel.ref.kind)) channel.dirty = true;
  }

  /** Delivers what changed in the stream's dirty objects to their subscribers. */
  private pump(stream: Stream): void {
    if (stream.pumping) return;
    stream.pumping = true;
    void this.onStream(stream, async () => {
      stream.pumping = false;
      const publishedAt = stream.publishedAt;
      stream.publishedAt = undefined;
      for (const channel of [...stream.channels.values()]) {
        if (!channel.dirty) continue;
        channel.dirty = false;
        try {
          await this.deliver(stream, channel);
        } catch (err) {
          // Not lost: the object stays marked and is read again shortly.
          this.logger.warn({ err: (err as Error).message, objectSid: channel.ref.sid }, 'could not read changes; retrying');
          channel.dirty = true;
          setTimeout(() => this.pump(stream), RETRY_MS).unref();
        }
      }
      if (publishedAt !== undefined) this.metrics.fanoutLatency.observe(Math.max(0, Date.now() - publishedAt) / 1000);
      await this.revokeRemoved(stream);
      this.releaseIfIdle(stream);
    });
  }

  /** Sends an object's changes after what was delivered to each of its subscribers. */
  private async deliver(stream: Stream, channel: Channel): Promise<void> {
    let complete = false;
    while (!complete && stream.channels.get(channel.ref.sid) === channel) {
      const changes = await this.projection.changes(channel.ref, channel.sentUpTo, CHUNK);
      if (changes.gone) return this.removeObject(stream, channel);
      for (const [sessionId, position] of channel.subscribers) {
        this.send(
          sessionId,
          channel.ref,
          changes.events.filter((e) => e.id > position),
        );
        channel.subscribers.set(sessionId, Math.max(position, changes.upTo));
      }
      channel.sentUpTo = changes.upTo;
      this.advanceSeen(stream, changes.upTo);
      complete = changes.complete;
    }
  }

  /** The object was deleted: its subscribers get its `*_removed` event, and the subscriptions end. */
  private removeObject(stream: Stream, channel: Channel): void {
    const type = OBJECT_TYPE[channel.ref.kind];
    const event: SyncEvent = { type: `${type}_removed`, id: channel.sentUpTo + 1, body: {} };
    for (const sessionId of [...channel.subscribers.keys()]) {
      this.send(sessionId, channel.ref, [event]);
      this.unsubscribe(sessionId, channel.ref.sid);
    }
    stream.channels.delete(channel.ref.sid);
  }

  /**
   * A participant removed from a conversation stops receiving its objects once its removal was
   * delivered, unless it may still read them (the document stays readable to the conversation's creator).
   */
  private async revokeRemoved(stream: Stream): Promise<void> {
    if (!stream.removedIdentities.size) return;
    const identities = stream.removedIdentities;
    stream.removedIdentities = new Set();
    for (const channel of [...stream.channels.values()]) {
      for (const sessionId of [...channel.subscribers.keys()]) {
        const session = this.sessions.get(sessionId);
        if (session && identities.has(session.identity) && !(await this.projection.mayRead(session, channel.ref))) {
          this.unsubscribe(sessionId, channel.ref.sid);
        }
      }
    }
  }

  /** Compares the heads of the subscribed streams with what was seen; a stream that moved unheard is read again. */
  private checkHeads(): void {
    const streams = [...this.streams.values()];
    const conversations = streams.filter((s) => s.conversationSid !== null);
    const users = streams.filter((s) => s.identity !== null);
    const check = async () => {
      const heads = new Map<string, number>();
      if (conversations.length) {
        for (const [sid, seq] of await this.store.conversationHeads(conversations.map((s) => s.conversationSid!))) {
          heads.set(conversationStreamId(sid), seq);
        }
      }
      if (users.length) {
        for (const u of await this.store.userHeads(users.map((s) => ({ serviceSid: s.serviceSid, identity: s.identity! })))) {
          heads.set(userStreamId(u.serviceSid, u.identity), u.seq);
        }
      }
      for (const stream of streams) {
        const head = heads.get(stream.id);
        // A stream that is gone (deleted conversation or user) is read too: its objects' removal is delivered.
        if (head === undefined || head > stream.seen) {
          stream.channels.forEach((c) => (c.dirty = true));
          this.pump(stream);
        }
      }
    };
    if (streams.length) void check().catch((err: Error) => this.logger.warn({ err: err.message }, 'could not check stream heads'));
  }

  private send(sessionId: string, ref: SyncObjectRef, events: SyncEvent[], correlationId?: number): void {
    for (const payload of renderEvents(ref, events, correlationId)) void this.sessions.notify(sessionId, SYNC_EVENT, payload);
  }

  private outcome(sessionId: string, correlationId: number, eventType: string, event: Record<string, unknown>): void {
    void this.sessions.notify(sessionId, SYNC_EVENT, { event_type: eventType, correlation_id: correlationId, events: [event] });
  }
}
