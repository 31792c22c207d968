import { isSid, normalizeSid, SidPrefix } from '../common/sid';
import { Prisma } from '../generated/prisma/client';
import { BoundStatement, type Param as TemplateParam, SqlTemplate } from '../prisma/sql-template';
import { FEED_COLUMNS } from '../events/feed-sql';
import { isoSql, webhookWantsSql } from '../events/event-sql';
import type { ActionContext } from '../events/event-types';
import type { NewMessage } from './messages.types';

/**
 * Which conversation a new message goes to: one named in a path (SID or unique name) within a
 * service, or the one of the proxy address's owner holding an (address, proxy address) binding
 * (inbound carrier messages).
 */
export type MessageTarget =
  | { kind: 'conversation'; accountSid: string; serviceSid: string; conversationId: string }
  | { kind: 'binding'; address: string; proxyAddress: string };

type TargetShape = 'binding' | 'conversation-sid' | 'conversation-name';

interface InsertInput {
  target: MessageTarget;
  m: NewMessage;
  sid: string;
  ctx: ActionContext;
}

type Param = TemplateParam<InsertInput>;

function shapeOf(target: MessageTarget): TargetShape {
  if (target.kind === 'binding') return 'binding';
  return isSid(target.conversationId, SidPrefix.Conversation) ? 'conversation-sid' : 'conversation-name';
}

function targetSql(shape: TargetShape, p: Param): Prisma.Sql {
  const binding = (input: InsertInput) => input.target as Extract<MessageTarget, { kind: 'binding' }>;
  const conversation = (input: InsertInput) => input.target as Extract<MessageTarget, { kind: 'conversation' }>;
  if (shape === 'binding') {
    // Only the account that owns the proxy address is looked in, where a pair is held by at most one
    // conversation: two primary-key lookups (proxy_addresses, then messaging_bindings), one row.
    return Prisma.sql`
      SELECT c.sid, c.state, c.account_sid, c.service_sid
        FROM proxy_addresses pa
        JOIN messaging_bindings b ON b.account_sid = pa.account_sid AND b.address = ${p((i) => binding(i).address)}
                                 AND b.proxy_address = pa.address
        JOIN conversations c ON c.sid = b.conversation_sid
       WHERE pa.address = ${p((i) => binding(i).proxyAddress)}
       FOR UPDATE OF c`;
  }
  const id =
    shape === 'conversation-name'
      ? Prisma.sql`c.unique_name = ${p((i) => conversation(i).conversationId)}`
      : Prisma.sql`c.sid = ${p((i) => normalizeSid(conversation(i).conversationId))}`;
  return Prisma.sql`
    SELECT c.sid, c.state, c.account_sid, c.service_sid FROM conversations c
     WHERE c.account_sid = ${p((i) => conversation(i).accountSid)} AND c.service_sid = ${p((i) => conversation(i).serviceSid)}
       AND ${id}
     FOR UPDATE`;
}

/**
 * What comes back of the stored message: all of it for the REST API, which answers with it; for a
 * carrier message only where it went (its webhook answer is empty TwiML), which spares reading back
 * and parsing fifteen columns on the busiest path.
 */
function messageColumns(shape: TargetShape): Prisma.Sql {
  if (shape === 'binding') return Prisma.sql`m.sid, m.conversation_sid`;
  return Prisma.sql`m.sid, m.account_sid, m.service_sid, m.conversation_sid, m.index, m.author, m.body, m.attributes,
           m.participant_sid, m.media, m.content_sid, m.subject, m.source, m.date_created, m.date_updated, m.last_updated_by`;
}

/**
 * The message write path as one statement (one round trip): lock the conversation row, take the
 * next index (indexes follow commit order), re-activate an inactive conversation and move its
 * timers, resolve the author's participant, insert the message and one delivery receipt per
 * non-chat recipient other than the author (the delivery outbox). A carrier message whose SID is
 * already stored is not inserted again. A row always comes back when the conversation exists;
 * its message columns (see messageColumns) are null when the conversation is closed or the message
 * a duplicate.
 * Kept apart from the repository so that the REST benchmark's bare `pg` route runs the same SQL.
 */
export function messageInsertSql(target: MessageTarget, m: NewMessage, sid: string, ctx: ActionContext): BoundStatement {
  return templates[shapeOf(target)].bind({ target, m, sid, ctx });
}

function insertSql(shape: TargetShape, p: Param): Prisma.Sql {
  const externalSid = p((i) => i.m.externalSid ?? null);
  const author = p((i) => i.m.author);
  const source = p((i) => i.ctx.source);
  const webhooks = p((i) => i.ctx.webhooks);
  const eventId = Prisma.sql`'EV' || replace(gen_random_uuid()::text, '-', '')`;
  return Prisma.sql`
    WITH target AS (${targetSql(shape, p)}
    ), conv AS (
      UPDATE conversations c
         SET last_message_index = c.last_message_index + 1,
             state = CASE WHEN t.state = 'inactive' THEN 'active' ELSE c.state END,
             -- The conversation's stream: the message takes the next position (after the state
             -- change it makes, when it re-activates the conversation).
             event_seq = c.event_seq + CASE WHEN t.state = 'inactive' THEN 2 ELSE 1 END,
             date_inactive = CASE WHEN c.timer_inactive IS NULL THEN c.date_inactive
                                  ELSE clock_timestamp() + c.timer_inactive::interval END,
             date_closed = CASE WHEN c.timer_closed IS NULL THEN c.date_closed
                                ELSE clock_timestamp() + c.timer_closed::interval END
        FROM target t
       WHERE c.sid = t.sid AND t.state <> 'closed'
         -- A carrier retry changes nothing. A scalar lookup of the unique key, not NOT EXISTS: that
         -- one the planner may turn into a hash of every message with the SID, which a plan kept
         -- from when the table was small reads whole on each run (test/plans.e2e-spec.ts).
         AND (${externalSid}::varchar IS NULL OR (
               SELECT d.sid FROM messages d WHERE d.account_sid = t.account_sid AND d.external_sid = ${externalSid} LIMIT 1) IS NULL)
      RETURNING c.sid, c.account_sid, c.service_sid, c.messaging_service_sid, c.last_message_index AS idx, t.state AS prev_state,
                c.event_seq AS seq
    ), author_participant AS (
      SELECT p.sid FROM participants p JOIN conv ON p.conversation_sid = conv.sid
       WHERE p.identity = ${author} OR (p.identity IS NULL AND p.address = ${author})
       ORDER BY p.identity IS NULL LIMIT 1
    ), m AS (
      INSERT INTO messages (sid, account_sid, service_sid, conversation_sid, index, author, body, attributes,
                            participant_sid, media, content_sid, subject, source, external_sid, date_created, date_updated,
                            last_updated_by, created_seq, event_seq)
      SELECT ${p((i) => i.sid)}, conv.account_sid, conv.service_sid, conv.sid, conv.idx, ${author}, ${p((i) => i.m.body)},
             ${p((i) => i.m.attributes)}, (SELECT sid FROM author_participant), ${p((i) => (i.m.media === null ? null : JSON.stringify(i.m.media)))}::jsonb,
             ${p((i) => i.m.contentSid)}, ${p((i) => i.m.subject)}, ${p((i) => i.m.source)}, ${externalSid},
             COALESCE(${p((i) => i.m.dateCreated)}::timestamptz, clock_timestamp()), ${p((i) => i.m.dateUpdated)}::timestamptz,
             ${p((i) => i.m.lastUpdatedBy ?? null)}, conv.seq, conv.seq
        FROM conv
      ON CONFLICT (account_sid, external_sid) DO NOTHING
      RETURNING *
    ), receipts AS (
      INSERT INTO delivery_receipts (sid, account_sid, service_sid, conversation_sid, message_sid, participant_sid,
                                     address, proxy_address, date_created, date_updated)
      SELECT 'DY' || replace(gen_random_uuid()::text, '-', ''), p.account_sid, p.service_sid, p.conversation_sid,
             m.sid, p.sid, p.address, p.proxy_address, m.date_created, m.date_created
        FROM m JOIN participants p ON p.conversation_sid = m.conversation_sid
       WHERE p.address IS NOT NULL AND p.sid IS DISTINCT FROM m.participant_sid
       ORDER BY p.date_created, p.sid
      RETURNING sid
    ), message_event AS (
      -- The change feed: always written; with the webhook's form fields when some webhook wants it.
      INSERT INTO change_events (sid, type, account_sid, service_sid, conversation_sid, conversation_seq, subject_sid,
                                 event_type, webhooks, payload)
      SELECT ${eventId}, 'message.added', m.account_sid, m.service_sid, m.conversation_sid, conv.seq, m.sid, 'onMessageAdded', w.wants,
             CASE WHEN w.wants THEN jsonb_strip_nulls(jsonb_build_object(
               'EventType', 'onMessageAdded', 'AccountSid', m.account_sid, 'ChatServiceSid', m.service_sid,
               'Source', ${source}::text, 'ClientIdentity', ${p((i) => i.ctx.clientIdentity ?? null)}::text,
               'ConversationSid', m.conversation_sid, 'MessageSid', m.sid, 'MessagingServiceSid', conv.messaging_service_sid,
               'Index', m.index::text, 'DateCreated', ${isoSql(Prisma.sql`m.date_created`)}, 'Body', m.body, 'Author', m.author,
               'ParticipantSid', m.participant_sid, 'Attributes', m.attributes, 'Media', m.media::text)) END
        FROM m JOIN conv ON conv.sid = m.conversation_sid
       CROSS JOIN LATERAL (SELECT ${webhooks} AND ${webhookWantsSql('onMessageAdded', Prisma.sql`m.account_sid`, Prisma.sql`m.service_sid`, Prisma.sql`m.conversation_sid`)} AS wants OFFSET 0) w
      RETURNING ${FEED_COLUMNS}
    ), state_event AS (
      INSERT INTO change_events (sid, type, account_sid, service_sid, conversation_sid, conversation_seq,
                                 event_type, webhooks, payload)
      SELECT ${eventId}, 'conversation.state_updated', conv.account_sid, conv.service_sid, conv.sid, conv.seq - 1,
             'onConversationStateUpdated', w.wants,
             CASE WHEN w.wants THEN jsonb_strip_nulls(jsonb_build_object(
               'EventType', 'onConversationStateUpdated', 'AccountSid', conv.account_sid, 'ChatServiceSid', conv.service_sid,
               'Source', ${source}::text, 'ConversationSid', conv.sid, 'MessagingServiceSid', conv.messaging_service_sid,
               'StateUpdated', ${isoSql(Prisma.sql`m.date_created`)}, 'StateFrom', 'inactive', 'StateTo', 'active', 'Reason', 'EVENT')) END
        FROM m JOIN conv ON conv.sid = m.conversation_sid
       CROSS JOIN LATERAL (SELECT ${webhooks} AND ${webhookWantsSql('onConversationStateUpdated', Prisma.sql`conv.account_sid`, Prisma.sql`conv.service_sid`, Prisma.sql`conv.sid`)} AS wants OFFSET 0) w
       WHERE conv.prev_state = 'inactive'
      RETURNING ${FEED_COLUMNS}
    )
    SELECT t.sid AS found_sid, t.state AS found_state, t.account_sid AS found_account_sid, t.service_sid AS found_service_sid,
           ${messageColumns(shape)},
           (SELECT array_agg(sid) FROM receipts) AS receipt_sids,
           (SELECT json_agg(e ORDER BY e."conversationSeq") FROM (SELECT * FROM message_event UNION ALL SELECT * FROM state_event) e) AS events
      FROM target t LEFT JOIN m ON true`;
}

const compile = (shape: TargetShape) => SqlTemplate.compile<InsertInput>((p) => insertSql(shape, p));
const templates: Record<TargetShape, SqlTemplate<InsertInput>> = {
  binding: compile('binding'),
  'conversation-sid': compile('conversation-sid'),
  'conversation-name': compile('conversation-name'),
};
