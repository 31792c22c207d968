import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
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

const EVENT_COLUMNS = Prisma.sql`e.sid, e.account_sid AS "accountSid", e.service_sid AS "serviceSid", e.conversation_sid AS "conversationSid",
  e.event_type AS "eventType", e.only_webhook_sid AS "onlyWebhookSid", e.payload`;

/** The event outbox as the webhooks worker reads and settles it. */
@Injectable()
export class WebhookEventsRepository {
  constructor(private readonly sql: SqlRunner) {}

  /** One event, for sending it (one statement on the pool: this is the webhooks worker's hot path). */
  async load(sid: string): Promise<StoredEvent | null> {
    const [row] = await this.sql.rows<StoredEvent>(Prisma.sql`SELECT ${EVENT_COLUMNS} FROM webhook_events e WHERE e.sid = ${sid}`);
    return row ?? null;
  }

  /** One event with the webhooks of its conversation, for resolving its targets, in one statement. */
  async loadWithConversationWebhooks(sid: string): Promise<{ event: StoredEvent; hooks: ConversationWebhookForTargets[] } | null> {
    const [row] = await this.sql.rows<StoredEvent & { hooks: ConversationWebhookForTargets[] }>(Prisma.sql`
      SELECT ${EVENT_COLUMNS},
             COALESCE((SELECT json_agg(json_build_object('sid', w.sid, 'target', w.target, 'url', w.url, 'method', w.method,
                                                         'filters', w.filters, 'triggers', w.triggers) ORDER BY w.date_created, w.sid)
                         FROM conversation_webhooks w WHERE w.conversation_sid = e.conversation_sid), '[]') AS hooks
        FROM webhook_events e WHERE e.sid = ${sid}`);
    if (!row) return null;
    const { hooks, ...event } = row;
    return { event, hooks: hooks.map((h) => ({ ...h, filters: h.filters ?? [], triggers: h.triggers ?? [] })) };
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

  /** Dispatched events are kept for a while (retries read their payload), then dropped. A periodic sweep: planned on each run. */
  async dropDispatchedOlderThan(ageMs: number): Promise<void> {
    await this.sql.rowsPlannedPerRun(
      Prisma.sql`DELETE FROM webhook_events WHERE dispatched_at < now() - make_interval(secs => ${ageMs / 1000})`,
    );
  }
}
