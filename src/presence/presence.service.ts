import { type BeforeApplicationShutdown, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ChangeFeed } from '../events/change-feed';
import type { ActionContext } from '../events/event-types';
import { UnitOfWork } from '../prisma/unit-of-work';
import { RealtimeSessions } from '../realtime/realtime-sessions';
import type { SessionEvent } from '../realtime/realtime.types';
import { PresenceCounter, type PresenceUser } from './presence.counter';
import { PresenceRepository } from './presence.repository';

/** Reachability changes come from the SDK's connections; Twilio fires no webhook for them. */
const CONTEXT: ActionContext = { source: 'SDK', webhooks: false };

/**
 * Reachability: a chat user is online while any of their realtime connections is up on any API
 * process. Each process counts its sessions per user in Redis (PresenceCounter); when a user's total
 * goes from 0 to more or back to 0, `users.online` is set to match the total, read under the user's
 * row lock (so concurrent opens and closes on several processes end as the last total says), and a
 * `user.reachability` change is recorded when it changed. Services without reachability get nothing.
 */
@Injectable()
export class PresenceService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(PresenceService.name);
  private readonly pending = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  private stopping = false;
  private unsubscribe: (() => void)[] = [];

  constructor(
    private readonly sessions: RealtimeSessions,
    private readonly counter: PresenceCounter,
    private readonly repository: PresenceRepository,
    private readonly uow: UnitOfWork,
    private readonly feed: ChangeFeed,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const listener = (event: SessionEvent) => this.track(this.changed(event));
    this.unsubscribe = [this.sessions.onOpened(listener), this.sessions.onClosed(listener)];
    const { presenceTtlMs } = this.config.realtime;
    this.track(this.beat());
    this.timer = setInterval(() => this.track(this.beat()), Math.max(100, Math.floor(presenceTtlMs / 3)));
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    this.unsubscribe.forEach((stop) => stop());
    await Promise.allSettled([...this.pending]);
    try {
      await this.reconcileAll(await this.counter.leave());
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'presence: could not remove this process counts; they expire with it');
    }
  }

  /** Sets the user's online state to what the counts say (idempotent; records a change only when it changed). */
  async reconcile(user: PresenceUser): Promise<void> {
    await this.uow.run(async (db) => {
      const row = await this.repository.lock(db, user.userSid);
      if (!row?.reachabilityEnabled) return;
      const online = (await this.counter.total(user)) > 0;
      if (online === row.online) return;
      await this.repository.setOnline(db, user.userSid, online);
      await this.feed.record(db, CONTEXT, {
        type: 'user.reachability',
        accountSid: user.accountSid,
        serviceSid: user.serviceSid,
        identity: user.identity,
        subject: { kind: 'user', sid: user.userSid, keys: ['reachability'] },
      });
    });
  }

  private async changed({ session, identitySessions }: SessionEvent): Promise<void> {
    if (this.stopping) return;
    const user = { accountSid: session.accountSid, serviceSid: session.serviceSid, identity: session.identity, userSid: session.userSid };
    const { before, after } = await this.counter.setCount(user, identitySessions);
    if ((before === 0) !== (after === 0)) await this.reconcile(user);
  }

  /** Keeps this process alive in the counts, and takes the counts of dead processes away. */
  private async beat(): Promise<void> {
    if (this.stopping) return;
    if (!(await this.counter.heartbeat(this.config.realtime.presenceTtlMs))) await this.recount();
    await this.reconcileAll(await this.counter.sweepDead());
  }

  /** Sets every count of this process again (after its liveness had expired and its counts may be gone). */
  private async recount(): Promise<void> {
    const users = new Map<string, { user: PresenceUser; count: number }>();
    for (const s of this.sessions.all()) {
      const key = `${s.serviceSid}\n${s.identity}`;
      const entry = users.get(key) ?? {
        user: { accountSid: s.accountSid, serviceSid: s.serviceSid, identity: s.identity, userSid: s.userSid },
        count: 0,
      };
      entry.count += 1;
      users.set(key, entry);
    }
    for (const { user, count } of users.values()) {
      const { before, after } = await this.counter.setCount(user, count);
      if ((before === 0) !== (after === 0)) await this.reconcile(user);
    }
  }

  private async reconcileAll(users: PresenceUser[]): Promise<void> {
    for (const user of users) await this.reconcile(user);
  }

  private track(work: Promise<void>): void {
    const tracked = work
      .catch((err: Error) => this.logger.warn({ err: err.message }, 'presence update failed'))
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }
}
