import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { SqlRunner } from '../prisma/sql-runner';
import type { FlexHookForTargets } from '../flex/flex-webhook';
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

/** The change feed's rows that some webhook wants, as the webhooks worker reads and settles them. */
@Injectable()
export class WebhookEventsRepository {
  constructor(private readonly sql: SqlRunner) {}

  /** One event, for sending it (one statement on the pool: this is the webhooks worker's hot path). */
  async load(sid: string): Promise<StoredEvent | null> {
    const [row] = await this.sql.rows<StoredEvent>(
      Prisma.sql`SELECT ${EVENT_COLUMNS} FROM change_events e WHERE e.sid = ${sid} AND e.webhooks`,
    );
    return row ?? null;
  }

  /**
   * One event with the webhooks of its conversation, for resolving its targets, in one statement: the
   * conversation webhooks, and for a new message in a Flex channel, its flow's enabled external integration.
   */
  async loadWithConversationWebhooks(
    sid: string,
  ): Promise<{ event: StoredEvent; hooks: ConversationWebhookForTargets[]; flex: FlexHookForTargets | null } | null> {
    const [row] = await this.sql.rows<StoredEvent & { hooks: ConversationWebhookForTargets[]; flex: FlexHookForTargets | null }>(Prisma.sql`
      SELECT ${EVENT_COLUMNS},
             COALESCE((SELECT json_agg(json_build_object('sid', w.sid, 'target', w.target, 'url', w.url, 'method', w.method,
                                                         'filters', w.filters, 'triggers', w.triggers, 'format', w.format,
                                                         'retryCount', w.retry_count) ORDER BY w.date_created, w.sid)
                         FROM conversation_webhooks w WHERE w.conversation_sid = e.conversation_sid), '[]') AS hooks,
             (SELECT json_build_object('flowSid', ff.sid, 'url', ff.integration_url, 'retryCount', COALESCE(ff.integration_retry_count, 3),
                                       'webhookSid', fc.webhook_sid)
                FROM flex_channels fc JOIN flex_flows ff ON ff.sid = fc.flex_flow_sid
               WHERE fc.sid = e.conversation_sid AND e.event_type = 'onMessageAdded' AND e.only_webhook_sid IS NULL
                 AND ff.integration_type = 'external' AND ff.enabled AND ff.integration_url IS NOT NULL) AS flex
        FROM change_events e WHERE e.sid = ${sid} AND e.webhooks`);
    if (!row) return null;
    const { hooks, flex, ...event } = row;
    return { event, hooks: hooks.map((h) => ({ ...h, filters: h.filters ?? [], triggers: h.triggers ?? [] })), flex };
  }

  /** Only the first time; spelled so that the plan is the unique index of the webhook rows by SID, never a walk of the pending events. */
  async markDispatched(sid: string): Promise<void> {
    await this.sql.rows(
      Prisma.sql`UPDATE change_events SET dispatched_at = now() WHERE sid = ${sid} AND webhooks AND num_nonnulls(dispatched_at) = 0`,
    );
  }

  /** Events never dispatched, older than `ageMs`: candidates for the sweeper. */
  async pendingOlderThan(ageMs: number, limit: number): Promise<string[]> {
    const rows = await this.sql.rows<{ sid: string }>(Prisma.sql`
      SELECT sid FROM change_events
       WHERE webhooks AND dispatched_at IS NULL AND date_created < now() - make_interval(secs => ${ageMs / 1000})
       ORDER BY date_created LIMIT ${limit}`);
    return rows.map((r) => r.sid);
  }

  /**
   * The feed keeps its rows `ageMs` (CHANGE_FEED_RETENTION), those with a webhook still to send until
   * it is sent (retries read their payload for 31 s). A periodic sweep: planned on each run.
   */
  async dropOlderThan(ageMs: number): Promise<void> {
    await this.sql.rowsPlannedPerRun(
      Prisma.sql`DELETE FROM change_events
                  WHERE date_created < now() - make_interval(secs => ${ageMs / 1000}) AND (NOT webhooks OR dispatched_at IS NOT NULL)`,
    );
  }
}
