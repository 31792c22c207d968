import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { SqlRunner } from '../prisma/sql-runner';
import type { ConversationWebhookForTargets } from './webhook-targets';

export interface StoredEvent {
  sid: string;
  accountSid: string;
  serviceSid: string;
  conversationSid: string | null;
  eventType: string;
  onlyWebhookSid: string | null;
  payload: Record<string, string>;
}

/** The event outbox as the webhooks worker reads and settles it. */
@Injectable()
export class WebhookEventsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlRunner,
  ) {}

  async load(sid: string): Promise<StoredEvent | null> {
    const row = await this.prisma.webhookEvent.findUnique({
      where: { sid },
      select: { sid: true, accountSid: true, serviceSid: true, conversationSid: true, eventType: true, onlyWebhookSid: true, payload: true },
    });
    return row ? { ...row, payload: row.payload as Record<string, string> } : null;
  }

  conversationWebhooks(conversationSid: string): Promise<ConversationWebhookForTargets[]> {
    return this.prisma.conversationWebhook.findMany({
      where: { conversationSid },
      select: { sid: true, target: true, url: true, method: true, filters: true, triggers: true },
    });
  }

  /** Only the first time; the test is spelled so that the plan is the primary key, never a walk of the pending events. */
  async markDispatched(sid: string): Promise<void> {
    await this.sql.rows(Prisma.sql`UPDATE webhook_events SET dispatched_at = now() WHERE sid = ${sid} AND num_nonnulls(dispatched_at) = 0`);
  }

  /** Events never dispatched, older than `ageMs`: candidates for the sweeper. */
  async pendingOlderThan(ageMs: number, limit: number): Promise<string[]> {
    const rows = await this.sql.rows<{ sid: string }>(Prisma.sql`
      SELECT sid FROM webhook_events
       WHERE dispatched_at IS NULL AND date_created < now() - make_interval(secs => ${ageMs / 1000})
       ORDER BY date_created LIMIT ${limit}`);
    return rows.map((r) => r.sid);
  }

  /** Dispatched events are kept for a while (retries read their payload), then dropped. */
  async dropDispatchedOlderThan(ageMs: number): Promise<void> {
    await this.sql.rows(Prisma.sql`DELETE FROM webhook_events WHERE dispatched_at < now() - make_interval(secs => ${ageMs / 1000})`);
  }
}
