import { Prisma } from '../generated/prisma/client';
import { SqlTemplate } from '../prisma/sql-template';
import { isoSql, webhookWantsSql } from '../events/event-sql';
import { FEED_COLUMNS, type FeedRow } from '../events/feed-sql';
import type { ReceiptRecord } from './delivery.types';

/** A receipt's state after a change, and the next unsent receipt to the same recipient. */
export interface ReceiptChange extends ReceiptRecord {
  nextSid: string | null;
  /** The feed row written with the change (delivery.updated), when the receipt's status changed. */
  event: FeedRow | null;
}

export const CHANGE_COLUMNS = Prisma.sql`r.sid, r.account_sid AS "accountSid", r.service_sid AS "serviceSid", r.conversation_sid AS "conversationSid",
  r.message_sid AS "messageSid", r.participant_sid AS "participantSid", r.channel_message_sid AS "channelMessageSid",
  r.status, r.error_code AS "errorCode", r.date_created AS "dateCreated", r.date_updated AS "dateUpdated"`;

/**
 * `changed` CTE -> the change feed (delivery.updated, in the same statement): the conversation's
 * stream takes a position, stamped on the message (its list item shows the aggregated receipts),
 * and the feed row, with onDeliveryUpdated's form fields when some webhook wants it (carrier updates
 * always fire webhooks). Ends with the `event` CTE.
 */
export const DELIVERY_EVENT = Prisma.sql`
  stream AS (
    UPDATE conversations cv SET event_seq = cv.event_seq + 1
      FROM changed c WHERE cv.sid = c."conversationSid"
    RETURNING cv.sid, cv.event_seq
  ), stamp AS (
    UPDATE messages m SET event_seq = st.event_seq
      FROM changed c JOIN stream st ON st.sid = c."conversationSid"
     WHERE m.sid = c."messageSid"
    RETURNING 1
  ), event AS (
    INSERT INTO change_events (sid, type, account_sid, service_sid, conversation_sid, conversation_seq, subject_sid,
                               event_type, webhooks, payload)
    SELECT 'EV' || replace(gen_random_uuid()::text, '-', ''), 'delivery.updated', c."accountSid", c."serviceSid", c."conversationSid",
           st.event_seq, c."messageSid", 'onDeliveryUpdated', w.wants,
           CASE WHEN w.wants THEN jsonb_strip_nulls(jsonb_build_object(
             'EventType', 'onDeliveryUpdated', 'AccountSid', c."accountSid", 'ChatServiceSid', c."serviceSid",
             'Source', CASE WHEN c.address LIKE 'whatsapp:%' THEN 'WHATSAPP' ELSE 'SMS' END,
             'ConversationSid', c."conversationSid", 'MessageSid', c."messageSid", 'DeliveryReceiptSid', c.sid,
             'ChannelMessageSid', c."channelMessageSid", 'ParticipantSid', c."participantSid", 'Status', c.status,
             'ErrorCode', c."errorCode"::text, 'DateCreated', ${isoSql(Prisma.sql`c."dateCreated"`)},
             'DateUpdated', ${isoSql(Prisma.sql`c."dateUpdated"`)})) END
      FROM changed c JOIN stream st ON st.sid = c."conversationSid"
     CROSS JOIN LATERAL (SELECT ${webhookWantsSql('onDeliveryUpdated', Prisma.sql`c."accountSid"`, Prisma.sql`c."serviceSid"`, Prisma.sql`c."conversationSid"`)} AS wants) w
    RETURNING ${FEED_COLUMNS}
  )`;

/** The feed rows of receipt changes (those that wrote one). */
export const eventsOf = (changes: (ReceiptChange | null)[]): FeedRow[] => changes.flatMap((c) => (c?.event ? [c.event] : []));

/** The columns of a changed receipt with its feed row, after DELIVERY_EVENT. */
export const CHANGED_WITH_EVENT = Prisma.sql`SELECT changed.*, (SELECT row_to_json(e) FROM event e) AS event FROM changed`;

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
    ), ${DELIVERY_EVENT}
    ${CHANGED_WITH_EVENT}`,
);
