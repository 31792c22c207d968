import { Prisma } from '../generated/prisma/client';

/**
 * SQL that is true when some webhook wants a post event: the account's or the service's post URL
 * with a matching filter, or a conversation webhook (target webhook with the filter; trigger for new
 * messages). The arguments are SQL expressions, so a statement can test its own rows.
 * Keep in step with postTargets(), which decides the exact targets at dispatch.
 */
export function webhookWantsSql(event: string, accountSid: Prisma.Sql, serviceSid: Prisma.Sql, conversationSid: Prisma.Sql): Prisma.Sql {
  const names = Prisma.sql`ARRAY[${event}]::text[] || ${legacyNames(event)}::text[]`;
  return Prisma.sql`(
    EXISTS (SELECT 1 FROM account_configurations wa WHERE wa.account_sid = ${accountSid}
             AND wa.post_webhook_url IS NOT NULL AND wa.webhook_target = 'webhook' AND wa.webhook_filters && (${names}))
    OR EXISTS (SELECT 1 FROM services ws WHERE ws.sid = ${serviceSid}
             AND ws.post_webhook_url IS NOT NULL AND ws.webhook_filters && (${names}))
    OR EXISTS (SELECT 1 FROM conversation_webhooks wc WHERE wc.conversation_sid = ${conversationSid}
             AND ((wc.target = 'webhook' AND wc.filters && (${names})) OR (wc.target = 'trigger' AND ${event} = 'onMessageAdded'))))`;
}

/** Twilio's legacy filter names that also ask for an event. */
function legacyNames(event: string): string[] {
  return event === 'onMessageAdded' ? ['onMessageSent'] : event === 'onConversationRemoved' ? ['onConversationDestroyed'] : [];
}

/** ISO-8601 UTC without milliseconds, in SQL. */
export const isoSql = (column: Prisma.Sql) => Prisma.sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
