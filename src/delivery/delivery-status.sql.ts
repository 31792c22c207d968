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
 * Receipt status changes with their change feed entries (delivery.updated), in one statement. The
 * receipts to change (`target`, locked first, as every other writer of a receipt does; it may name
 * several, in several conversations) take the next positions of their conversation's stream, one
 * each, stamped on the receipt itself (the message's list item shows the aggregated receipts, so it
 * takes the greatest of its own and its receipts' positions; stamping the message instead rewrote a
 * wide row and its indexes), and each feed row carries onDeliveryUpdated's form fields when some
 * webhook wants it (carrier updates always fire webhooks). `set` is the SET list of the change
 * (without event_seq), which may read the target's columns as `t.`; `nextSid` the column of the next
 * receipt in the recipient's lane. Ends with the changed receipts, each with its feed row.
 */
export function receiptChangeSql(target: Prisma.Sql, set: Prisma.Sql, nextSid: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`WITH ${receiptChangeCtes(target, set, nextSid)} SELECT * FROM result`;
}

/** receiptChangeSql's common table expressions, ending with `result`, for a statement that adds its own around them. */
function receiptChangeCtes(target: Prisma.Sql, set: Prisma.Sql, nextSid: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    target AS (${target} FOR UPDATE OF r
    ), counts AS (
      SELECT conversation_sid, count(*)::int AS n FROM target GROUP BY conversation_sid ORDER BY conversation_sid
    ), stream AS (
      UPDATE conversations cv SET event_seq = cv.event_seq + c.n
        FROM counts c WHERE cv.sid = c.conversation_sid
      RETURNING cv.sid, cv.event_seq
    ), numbered AS (
      SELECT t.*, st.event_seq - count(*) OVER (PARTITION BY t.conversation_sid)
                  + row_number() OVER (PARTITION BY t.conversation_sid ORDER BY t.sid) AS pos
        FROM target t JOIN stream st ON st.sid = t.conversation_sid
    ), changed AS (
      UPDATE delivery_receipts r SET ${set}, event_seq = t.pos
        FROM numbered t
       WHERE r.sid = t.sid
      RETURNING ${CHANGE_COLUMNS}, r.address, ${nextSid}, r.event_seq AS pos
    ), event AS (
      INSERT INTO change_events (sid, type, account_sid, service_sid, conversation_sid, conversation_seq, subject_sid,
                                 event_type, webhooks, payload)
      SELECT 'EV' || replace(gen_random_uuid()::text, '-', ''), 'delivery.updated', c."accountSid", c."serviceSid", c."conversationSid",
             c.pos, c."messageSid", 'onDeliveryUpdated', w.wants,
             CASE WHEN w.wants THEN jsonb_strip_nulls(jsonb_build_object(
               'EventType', 'onDeliveryUpdated', 'AccountSid', c."accountSid", 'ChatServiceSid', c."serviceSid",
               'Source', CASE WHEN c.address LIKE 'whatsapp:%' THEN 'WHATSAPP' ELSE 'SMS' END,
               'ConversationSid', c."conversationSid", 'MessageSid', c."messageSid", 'DeliveryReceiptSid', c.sid,
               'ChannelMessageSid', c."channelMessageSid", 'ParticipantSid', c."participantSid", 'Status', c.status,
               'ErrorCode', c."errorCode"::text, 'DateCreated', ${isoSql(Prisma.sql`c."dateCreated"`)},
               'DateUpdated', ${isoSql(Prisma.sql`c."dateUpdated"`)})) END
        FROM changed c
       CROSS JOIN LATERAL (SELECT ${webhookWantsSql('onDeliveryUpdated', Prisma.sql`c."accountSid"`, Prisma.sql`c."serviceSid"`, Prisma.sql`c."conversationSid"`)} AS wants OFFSET 0) w
      RETURNING ${FEED_COLUMNS}
    ), result AS (
      SELECT changed.*, (SELECT row_to_json(e) FROM event e
                          WHERE e."conversationSid" = changed."conversationSid" AND e."conversationSeq" = changed.pos) AS event
        FROM changed
    )`;
}

/** The feed rows of receipt changes (those that wrote one). */
export const eventsOf = (changes: (ReceiptChange | null)[]): FeedRow[] => changes.flatMap((c) => (c?.event ? [c.event] : []));

/**
 * A status callback's update (two per message sent, so compiled once: see SqlTemplate). Kept apart
 * from the repository so that the pipeline benchmark's raw baseline runs the same statement.
 */
export const APPLY_STATUS = SqlTemplate.compile<{ channelMessageSid: string; status: string; errorCode: number | null }>((p) =>
  receiptChangeSql(
    Prisma.sql`SELECT r.sid, r.conversation_sid FROM delivery_receipts r
      WHERE r.channel_message_sid = ${p((i) => i.channelMessageSid)}
        AND receipt_status_rank(r.status) < receipt_status_rank(${p((i) => i.status)})`,
    Prisma.sql`status = ${p((i) => i.status)}, error_code = COALESCE(${p((i) => i.errorCode)}::int, r.error_code), date_updated = now()`,
    Prisma.sql`NULL::varchar AS "nextSid"`,
  ),
);

/** One carrier status for a channel message SID. */
export interface StatusInput {
  channelMessageSid: string;
  status: string;
  errorCode: number | null;
}

/**
 * Several status callbacks in one statement (one transaction, one WAL flush: see
 * DeliveryStatusService). Each channel message SID at most once per run. One row per input, in
 * order (`ord`, from 1): its receipt's change when it moved forward, and whether a receipt carries
 * the SID (`known`). Each SID is looked up on its own (a subquery per input, without LIMIT or
 * ORDER BY, which would invite a walk of another index or of the table: an index lookup whatever
 * the statistics, where a join would be planned from estimates a new database does not have), and
 * everything after joins by primary key (planned on each run: DeliveryStateRepository). Receipts
 * are locked in SID order, so that concurrent runs cannot deadlock on them. A SID on two receipts
 * (which the worker never stores) moves the first.
 */
export const APPLY_STATUSES = SqlTemplate.compile<StatusInput[]>((p) => {
  const changes = receiptChangeCtes(
    Prisma.sql`SELECT r.sid, r.conversation_sid, i.status AS new_status, i.error_code AS new_error_code
        FROM input i JOIN delivery_receipts r ON r.sid = i.receipt_sid
       WHERE receipt_status_rank(r.status) < receipt_status_rank(i.status)
       ORDER BY r.sid`,
    Prisma.sql`status = t.new_status, error_code = COALESCE(t.new_error_code, r.error_code), date_updated = now()`,
    Prisma.sql`NULL::varchar AS "nextSid"`,
  );
  return Prisma.sql`
    WITH input AS (
      SELECT i.*, (SELECT (array_agg(r.sid))[1] FROM delivery_receipts r WHERE r.channel_message_sid = i.channel_message_sid) AS receipt_sid
        FROM unnest(${p((rows) => rows.map((r) => r.channelMessageSid))}::varchar[],
                    ${p((rows) => rows.map((r) => r.status))}::varchar[],
                    ${p((rows) => rows.map((r) => r.errorCode))}::int[]) WITH ORDINALITY AS i(channel_message_sid, status, error_code, ord)
    ), ${changes}
    SELECT i.ord::int AS ord, x.*, i.receipt_sid IS NOT NULL AS known
      FROM input i LEFT JOIN result x ON x.sid = i.receipt_sid
     ORDER BY i.ord`;
});
