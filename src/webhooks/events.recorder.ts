import { Injectable } from '@nestjs/common';
import { newSid, SidPrefix } from '../common/sid';
import { Prisma } from '../generated/prisma/client';
import type { Db } from '../prisma/unit-of-work';
import { webhookWantsSql } from './event-sql';
import type { ActionContext, EventFields, PostEvent } from './event-types';

export interface PostEventRecord {
  type: PostEvent;
  accountSid: string;
  serviceSid: string;
  conversationSid?: string | null;
  fields: EventFields;
  /** A replay for one conversation webhook only. */
  onlyWebhookSid?: string;
}

/** The form fields of an event: EventType, AccountSid, ChatServiceSid, Source, ClientIdentity, then the event's own. */
export function eventPayload(
  ctx: ActionContext,
  e: Pick<PostEventRecord, 'accountSid' | 'serviceSid' | 'fields'> & { type: string },
): Record<string, string> {
  const payload: Record<string, string> = { EventType: e.type, AccountSid: e.accountSid, ChatServiceSid: e.serviceSid, Source: ctx.source };
  if (ctx.clientIdentity) payload.ClientIdentity = ctx.clientIdentity;
  for (const [key, value] of Object.entries(e.fields)) if (value !== null && value !== undefined) payload[key] = String(value);
  return payload;
}

/**
 * Writes a post event into the outbox within the caller's transaction, only when some webhook
 * wants it and the action fires webhooks. Returns the event SID to enqueue after commit.
 */
@Injectable()
export class EventRecorder {
  async record(db: Db, ctx: ActionContext, e: PostEventRecord): Promise<string | null> {
    if (!ctx.webhooks) return null;
    const sid = newSid(SidPrefix.WebhookEvent);
    const wants = e.onlyWebhookSid
      ? Prisma.sql`true`
      : webhookWantsSql(e.type, Prisma.sql`${e.accountSid}`, Prisma.sql`${e.serviceSid}`, Prisma.sql`${e.conversationSid ?? null}`);
    const rows = await db.$queryRaw<{ sid: string }[]>`
      INSERT INTO webhook_events (sid, account_sid, service_sid, conversation_sid, event_type, only_webhook_sid, payload)
      SELECT ${sid}, ${e.accountSid}, ${e.serviceSid}, ${e.conversationSid ?? null}, ${e.type}, ${e.onlyWebhookSid ?? null},
             ${JSON.stringify(eventPayload(ctx, e))}::jsonb
       WHERE ${wants}
      RETURNING sid`;
    return rows[0]?.sid ?? null;
  }
}
