import { Prisma } from '../generated/prisma/client';

/**
 * SQL that is true when some webhook wants a post event: the account's or the service's post URL
 * with a matching filter, a conversation webhook (target webhook with the filter; trigger for new
 * messages), or, for new messages, the external integration of a Flex channel's flow. The arguments
 * are SQL expressions, so a statement can test its own rows. Keep in step with postTargets() and the
 * Flex hook of WebhookEventsRepository, which decide the exact targets at dispatch. A statement that
 * reads the answer twice (the flag and the payload's CASE) selects it in a subquery with OFFSET 0:
 * otherwise PostgreSQL inlines it into both places and runs every lookup twice.
 */
export function webhookWantsSql(event: string, accountSid: Prisma.Sql, serviceSid: Prisma.Sql, conversationSid: Prisma.Sql): Prisma.Sql {
  const names = Prisma.sql`ARRAY[${event}]::text[] || ${legacyNames(event)}::text[]`;
  // Scalar lookups by key (LIMIT 1), not EXISTS: the planner may turn an EXISTS into a hash of
  // every matching row of the table, which a plan kept from when the table was small reads whole
  // on each message (test/plans.e2e-spec.ts).
  return Prisma.sql`(
    (SELECT true FROM account_configurations wa WHERE wa.account_sid = ${accountSid}
      AND wa.post_webhook_url IS NOT NULL AND wa.webhook_target = 'webhook' AND wa.webhook_filters && (${names}) LIMIT 1)
    OR (SELECT true FROM services ws WHERE ws.sid = ${serviceSid}
      AND ((ws.post_webhook_url IS NOT NULL AND ws.webhook_filters && (${names}))
        OR (ws.chat_post_webhook_url IS NOT NULL AND ws.chat_webhook_filters && (${names}))) LIMIT 1)
    OR (SELECT true FROM conversation_webhooks wc WHERE wc.conversation_sid = ${conversationSid}
      AND ((wc.target = 'webhook' AND wc.filters && (${names})) OR (wc.target = 'trigger' AND ${event} = 'onMessageAdded')) LIMIT 1)
    ${event === 'onMessageAdded' ? flexWantsSql(conversationSid) : Prisma.empty})
    IS TRUE`;
}

/** A new message in a Flex channel whose flow has an enabled external integration (src/flex: its URL gets each message). */
function flexWantsSql(conversationSid: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`OR (SELECT true FROM flex_channels fc JOIN flex_flows ff ON ff.sid = fc.flex_flow_sid
      WHERE fc.sid = ${conversationSid} AND ff.integration_type = 'external' AND ff.enabled LIMIT 1)`;
}

/** Twilio's legacy filter names that also ask for an event. */
function legacyNames(event: string): string[] {
  return event === 'onMessageAdded' ? ['onMessageSent'] : event === 'onConversationRemoved' ? ['onConversationDestroyed'] : [];
}

/** ISO-8601 UTC without milliseconds, in SQL. */
export const isoSql = (column: Prisma.Sql) => Prisma.sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
