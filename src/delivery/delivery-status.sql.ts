import { Prisma } from '../generated/prisma/client';
import { SqlTemplate } from '../prisma/sql-template';
import { isoSql, webhookWantsSql } from '../webhooks/event-sql';
import type { ReceiptRecord } from './delivery.types';

/** A receipt's state after a change, and the next unsent receipt to the same recipient. */
export interface ReceiptChange extends ReceiptRecord {
  nextSid: string | null;
  /** The onDeliveryUpdated event written with the change, when a webhook wants it. */
  eventSid: string | null;
}

export const CHANGE_COLUMNS = Prisma.sql`r.sid, r.account_sid AS "accountSid", r.service_sid AS "serviceSid", r.conversation_sid AS "conversationSid",
  r.message_sid AS "messageSid", r.participant_sid AS "participantSid", r.channel_message_sid AS "channelMessageSid",
  r.status, r.error_code AS "errorCode", r.date_created AS "dateCreated", r.date_updated AS "dateUpdated"`;

/**
 * `changed` CTE -> its onDeliveryUpdated event, written in the same statement (carrier updates
 * always fire webhooks), when some webhook wants it.
 */
export const DELIVERY_EVENT = Prisma.sql`
  INSERT INTO webhook_events (sid, account_sid, service_sid, conversation_sid, event_type, payload)
  SELECT 'EV' || replace(gen_random_uuid()::text, '-', ''), c."accountSid", c."serviceSid", c."conversationSid", 'onDeliveryUpdated',
         jsonb_strip_nulls(jsonb_build_object(
           'EventType', 'onDeliveryUpdated', 'AccountSid', c."accountSid", 'ChatServiceSid', c."serviceSid",
           'Source', CASE WHEN c.address LIKE 'whatsapp:%' THEN 'WHATSAPP' ELSE 'SMS' END,
           'ConversationSid', c."conversationSid", 'MessageSid', c."messageSid", 'DeliveryReceiptSid', c.sid,
           'ChannelMessageSid', c."channelMessageSid", 'ParticipantSid', c."participantSid", 'Status', c.status,
           'ErrorCode', c."errorCode"::text, 'DateCreated', ${isoSql(Prisma.sql`c."dateCreated"`)},
           'DateUpdated', ${isoSql(Prisma.sql`c."dateUpdated"`)}))
    FROM changed c
   WHERE ${webhookWantsSql('onDeliveryUpdated', Prisma.sql`c."accountSid"`, Prisma.sql`c."serviceSid"`, Prisma.sql`c."conversationSid"`)}
  RETURNING sid`;

/**
 * A status callback's update (two per message sent, so compiled once: see SqlTemplate). Kept apart
 * from the repository so that the pipeline benchmark's raw baseline runs the same statement.
 */
export const APPLY_STATUS = SqlTemplate.compile<{ channelMessageSid: string; status: string; errorCode: number | null }>(
  (p) => Prisma.sql`
    WITH changed AS (
      UPDATE delivery_receipts r
         SET status = ${p((i) => i.status)}, error_code = COALESCE(${p((i) => i.errorCode)}::int, r.error_code), date_updated = now()
       WHERE r.channel_message_sid = ${p((i) => i.channelMessageSid)}
         AND receipt_status_rank(r.status) < receipt_status_rank(${p((i) => i.status)})
      RETURNING ${CHANGE_COLUMNS}, r.address, NULL::varchar AS "nextSid"
    ), event AS (${DELIVERY_EVENT})
    SELECT changed.*, (SELECT sid FROM event) AS "eventSid" FROM changed`,
);
