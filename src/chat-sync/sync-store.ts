import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import type { SyncObjectRef } from './sync-objects';

/** A conversation as its Sync document shows it (JSON from PostgreSQL: dates are ISO strings). */
export interface DocumentRow {
  sid: string;
  friendly_name: string | null;
  unique_name: string | null;
  attributes: string;
  created_by: string | null;
  state: string;
  /** Chat's public or private (a Conversations-made conversation is private). */
  channel_type: string;
  bindings: unknown;
  date_created: string;
  date_updated: string;
  last_index: number | null;
  last_at: string | null;
}

export interface MessageRow {
  sid: string;
  index: number;
  author: string;
  body: string | null;
  attributes: string;
  participant_sid: string | null;
  media: { sid: string; size: number; content_type: string; filename: string | null }[] | null;
  content_sid: string | null;
  subject: string | null;
  date_created: string;
  date_updated: string | null;
  created_seq: number;
  event_seq: number;
  receipts: { total: number; sent: number; delivered: number; read: number; failed: number; undelivered: number } | null;
  /** The category of each attached media (media, body, history), by ME SID. */
  media_categories: Record<string, string> | null;
}

export interface ParticipantRow {
  sid: string;
  conversation_sid: string;
  identity: string | null;
  user_sid: string | null;
  role_sid: string | null;
  attributes: string;
  binding_type: string | null;
  address: string | null;
  proxy_address: string | null;
  projected_address: string | null;
  last_read_message_index: number | null;
  last_read_timestamp: string | null;
  notification_level: string;
  date_created: string;
  date_updated: string;
  created_seq: number;
  event_seq: number;
  user_created_seq: number | null;
  user_event_seq: number | null;
  /** In a user's conversation list: a participation, or (Chat) an invite. */
  status?: 'joined' | 'invited';
}

/** What a user is to a conversation, for the read rules. */
export interface ConversationAccess {
  participant: boolean;
  creator: boolean;
  /** The stored channel type (public, private, or conversation: Conversations-made). */
  type: string;
  /** Invited to it (Chat): may read its document before joining. */
  invited: boolean;
}

export interface UserRow {
  sid: string;
  identity: string;
  friendly_name: string | null;
  attributes: string;
  online: boolean;
  notifiable: boolean;
  friendly_name_seq: number;
  attributes_seq: number;
  reachability_seq: number;
  date_updated: string;
}

export interface TombstoneRow {
  item_key: string;
  seq: number;
  data: unknown;
}

/** Rows of one object: its stream's head and, for lists and maps, the items asked for. */
export interface ObjectRows<T> {
  /** The stream's position now; null when the conversation or user no longer exists. */
  head: number | null;
  rows: T[];
  removed: TombstoneRow[];
}

/** The item rows of an object, one type per kind. */
export interface RowsOf {
  conversation: DocumentRow;
  messages: MessageRow;
  roster: ParticipantRow;
  userInfo: UserRow;
  userConversations: ParticipantRow;
}

/**
 * A message's list item with its aggregated receipts. Its position is the greatest of its own and its
 * receipts' (a receipt's status change is stamped on the receipt: src/delivery/delivery-status.sql.ts).
 */
const MESSAGE_COLUMNS = Prisma.sql`m.sid, m.index, m.author, m.body, m.attributes, m.participant_sid, m.media, m.content_sid, m.subject,
  m.date_created, m.date_updated, m.created_seq, GREATEST(m.event_seq, rc.seq) AS event_seq, rc.receipts,
  CASE WHEN m.media IS NOT NULL THEN (SELECT json_object_agg(md.sid, md.category) FROM media md WHERE md.message_sid = m.sid) END
    AS media_categories`;

const MESSAGE_ITEMS = Prisma.sql`FROM messages m LEFT JOIN LATERAL (
  SELECT max(r.event_seq) AS seq,
         json_build_object('total', count(*),
           'sent', count(*) FILTER (WHERE r.status IN ('sent', 'delivered', 'read')),
           'delivered', count(*) FILTER (WHERE r.status IN ('delivered', 'read')),
           'read', count(*) FILTER (WHERE r.status = 'read'),
           'failed', count(*) FILTER (WHERE r.status = 'failed'),
           'undelivered', count(*) FILTER (WHERE r.status = 'undelivered')) AS receipts
    FROM delivery_receipts r WHERE r.message_sid = m.sid HAVING count(*) > 0) rc ON true`;

const PARTICIPANT_COLUMNS = Prisma.sql`p.sid, p.conversation_sid, p.identity, p.user_sid, p.role_sid, p.attributes, p.binding_type, p.address,
  p.proxy_address, p.projected_address, p.last_read_message_index, p.last_read_timestamp, p.notification_level, p.date_created,
  p.date_updated, p.created_seq, p.event_seq, p.user_created_seq, p.user_event_seq`;

const DOCUMENT_COLUMNS = Prisma.sql`c.sid, c.friendly_name, c.unique_name, c.attributes, c.created_by, c.state, c.channel_type, c.bindings, c.date_created,
  c.date_updated, lm.index AS last_index, lm.date_created AS last_at`;

const USER_COLUMNS = Prisma.sql`u.sid, u.identity, u.friendly_name, u.attributes, u.online, u.notifiable, u.friendly_name_seq, u.attributes_seq,
  u.reachability_seq, u.date_updated`;

/** A page of a list or map, by index or key, `From` inclusive (docs/sdk-wire.md 3.3). */
export interface PageQuery {
  from?: string;
  order: 'asc' | 'desc';
  size: number;
  /** Only this key or index (the `Key` / `Index` parameters). */
  key?: string;
}

/**
 * Reads of the Sync projection. Each read is one statement, so that the items, the tombstones and
 * the stream's head come from one snapshot: a change that commits meanwhile is either wholly in the
 * answer (its number at most the head) or wholly after it.
 */
@Injectable()
export class SyncStore {
  constructor(private readonly prisma: PrismaService) {}

  /** Which of the candidate refs exists in the service (a roster and a user-info map share the MP prefix). */
  async resolve(serviceSid: string, candidates: SyncObjectRef[]): Promise<SyncObjectRef | null> {
    for (const ref of candidates) {
      const rows =
        'conversationSid' in ref
          ? await this.prisma.$queryRaw<
              unknown[]
            >`SELECT 1 FROM conversations WHERE sid = ${ref.conversationSid} AND service_sid = ${serviceSid}`
          : await this.prisma.$queryRaw<unknown[]>`SELECT 1 FROM users WHERE sid = ${ref.userSid} AND service_sid = ${serviceSid}`;
      if (rows.length) return ref;
    }
    return null;
  }

  /** Who may read a conversation's objects: its participants' identities are checked against this. */
  async conversationAccess(serviceSid: string, conversationSid: string, identity: string): Promise<ConversationAccess | null> {
    const [row] = await this.prisma.$queryRaw<ConversationAccess[]>`
      SELECT EXISTS (SELECT 1 FROM participants p WHERE p.conversation_sid = c.sid AND p.identity = ${identity}) AS participant,
             c.created_by IS NOT DISTINCT FROM ${identity} AS creator,
             c.channel_type AS type,
             EXISTS (SELECT 1 FROM invites i WHERE i.conversation_sid = c.sid AND i.identity = ${identity}) AS invited
        FROM conversations c WHERE c.sid = ${conversationSid} AND c.service_sid = ${serviceSid}`;
    return row ?? null;
  }

  /** The stream's head of an object: where a subscription from its descriptor starts; null when it is gone. */
  async head(ref: SyncObjectRef): Promise<number | null> {
    const [row] = await this.prisma.$queryRaw<{ head: bigint | null }[]>`SELECT ${headSql(ref)} AS head`;
    return row.head === null ? null : Number(row.head);
  }

  /** The identity of a user (user streams are keyed by identity, as feed events name users). */
  async identityOf(userSid: string): Promise<string | null> {
    const [row] = await this.prisma.$queryRaw<{ identity: string }[]>`SELECT identity FROM users WHERE sid = ${userSid}`;
    return row?.identity ?? null;
  }

  /** The heads of conversations' streams, for the periodic check of what a lost publication hid. */
  async conversationHeads(conversationSids: string[]): Promise<Map<string, number>> {
    const rows = await this.prisma.$queryRaw<{ sid: string; seq: bigint }[]>`
      SELECT sid, event_seq AS seq FROM conversations WHERE sid = ANY(${conversationSids})`;
    return new Map(rows.map((r) => [r.sid, Number(r.seq)]));
  }

  /** The heads of users' streams, by (service, identity). */
  async userHeads(users: { serviceSid: string; identity: string }[]): Promise<{ serviceSid: string; identity: string; seq: number }[]> {
    const pairs = users.map((u) => Prisma.sql`(${u.serviceSid}, ${u.identity})`);
    const rows = await this.prisma.$queryRaw<{ service_sid: string; identity: string; seq: bigint }[]>`
      SELECT service_sid, identity, event_seq AS seq FROM users WHERE (service_sid, identity) IN (${Prisma.join(pairs)})`;
    return rows.map((r) => ({ serviceSid: r.service_sid, identity: r.identity, seq: Number(r.seq) }));
  }

  /** What changed in an object after position `since` (at most `limit` items and `limit` tombstones), with the head. */
  async changes<K extends keyof RowsOf>(ref: SyncObjectRef & { kind: K }, since: number, limit: number): Promise<ObjectRows<RowsOf[K]>> {
    const [row] = await this.prisma.$queryRaw<{ head: bigint | null; rows: RowsOf[K][] | null; removed: TombstoneRow[] | null }[]>(
      changesSql(ref, since, limit),
    );
    return { head: row.head === null ? null : Number(row.head), rows: row.rows ?? [], removed: row.removed ?? [] };
  }

  /** A page of items of a list or map (or the document itself): up to `size + 1` rows (the extra one starts the next page), and whether items exist before it. */
  async page<K extends keyof RowsOf>(
    ref: SyncObjectRef & { kind: K },
    query: PageQuery,
  ): Promise<{ head: number | null; rows: RowsOf[K][]; before: boolean }> {
    const [row] = await this.prisma.$queryRaw<{ head: bigint | null; rows: RowsOf[K][] | null; before: boolean }[]>(pageSql(ref, query));
    return { head: row.head === null ? null : Number(row.head), rows: row.rows ?? [], before: row.before };
  }
}

function headSql(ref: SyncObjectRef): Prisma.Sql {
  return 'conversationSid' in ref
    ? Prisma.sql`(SELECT event_seq FROM conversations WHERE sid = ${ref.conversationSid})`
    : Prisma.sql`(SELECT event_seq FROM users WHERE sid = ${ref.userSid})`;
}

const agg = (inner: Prisma.Sql, order: Prisma.Sql) => Prisma.sql`(SELECT json_agg(x ORDER BY ${order}) FROM (${inner}) x)`;

/** The one row of an object that is not a collection (a conversation's document, a user's info), with its head. */
function singleRowSql(ref: SyncObjectRef & { kind: 'conversation' | 'userInfo' }): Prisma.Sql {
  const row =
    ref.kind === 'conversation'
      ? agg(documentSql(ref.conversationSid), Prisma.sql`1`)
      : Prisma.sql`(SELECT json_agg(x) FROM (SELECT ${USER_COLUMNS} FROM users u WHERE u.sid = ${ref.userSid}) x)`;
  return Prisma.sql`SELECT ${headSql(ref)} AS head, ${row} AS rows, NULL::json AS removed, false AS before`;
}

const documentSql = (conversationSid: string) => Prisma.sql`
  SELECT ${DOCUMENT_COLUMNS} FROM conversations c
    LEFT JOIN LATERAL (SELECT index, date_created FROM messages WHERE conversation_sid = c.sid ORDER BY index DESC LIMIT 1) lm ON true
   WHERE c.sid = ${conversationSid}`;

/**
 * The user's own conversation list (key = CH): its chat participations (`joined`) and, for the Chat
 * SDK, the channels it is invited to (`invited`), as rows of one shape. An invite consumed by a join
 * is gone in the join's transaction, so a key is never both.
 */
const userConversationsFrom = (userSid: string) => Prisma.sql`FROM (
    SELECT ${PARTICIPANT_COLUMNS}, 'joined' AS status FROM participants p WHERE p.user_sid = ${userSid} AND p.identity IS NOT NULL
    UNION ALL
    SELECT i.sid, i.conversation_sid, i.identity, u.sid, i.role_sid, '{}', NULL, NULL, NULL, NULL, NULL::int, NULL::timestamptz, 'default',
           i.date_created, i.date_updated, 0::bigint, 0::bigint, i.user_created_seq, i.user_event_seq, 'invited'
      FROM users u JOIN invites i ON i.service_sid = u.service_sid AND i.identity = u.identity WHERE u.sid = ${userSid}
  ) p WHERE true`;
const USER_CONVERSATION_COLUMNS = Prisma.sql`p.*`;

function changesSql(ref: SyncObjectRef, since: number, limit: number): Prisma.Sql {
  const tombstones = agg(
    Prisma.sql`SELECT item_key, seq, data FROM sync_tombstones WHERE object_sid = ${ref.sid} AND seq > ${since} ORDER BY seq LIMIT ${limit}`,
    Prisma.sql`x.seq`,
  );
  let items: Prisma.Sql;
  switch (ref.kind) {
    case 'conversation':
    case 'userInfo':
      return singleRowSql(ref);
    case 'messages':
      items = agg(
        Prisma.sql`SELECT ${MESSAGE_COLUMNS} ${MESSAGE_ITEMS}
          WHERE m.sid IN (SELECT sid FROM messages WHERE conversation_sid = ${ref.conversationSid} AND event_seq > ${since}
                          UNION SELECT message_sid FROM delivery_receipts WHERE conversation_sid = ${ref.conversationSid} AND event_seq > ${since})
          ORDER BY GREATEST(m.event_seq, rc.seq) LIMIT ${limit}`,
        Prisma.sql`x.event_seq`,
      );
      break;
    case 'roster':
      items = agg(
        Prisma.sql`SELECT ${PARTICIPANT_COLUMNS} FROM participants p WHERE p.conversation_sid = ${ref.conversationSid} AND p.event_seq > ${since}
          ORDER BY p.event_seq LIMIT ${limit}`,
        Prisma.sql`x.event_seq`,
      );
      break;
    case 'userConversations':
      items = agg(
        Prisma.sql`SELECT ${USER_CONVERSATION_COLUMNS} ${userConversationsFrom(ref.userSid)} AND p.user_event_seq > ${since}
          ORDER BY p.user_event_seq LIMIT ${limit}`,
        Prisma.sql`x.user_event_seq`,
      );
      break;
  }
  return Prisma.sql`SELECT ${headSql(ref)} AS head, ${items} AS rows, ${tombstones} AS removed`;
}

function pageSql(ref: SyncObjectRef, q: PageQuery): Prisma.Sql {
  const desc = q.order === 'desc';
  const dir = Prisma.raw(desc ? 'DESC' : 'ASC');
  const limit = q.size + 1;
  switch (ref.kind) {
    case 'conversation':
    case 'userInfo':
      return singleRowSql(ref);
    case 'messages': {
      const base = Prisma.sql`FROM messages m WHERE m.conversation_sid = ${ref.conversationSid}`;
      if (q.key !== undefined) {
        return Prisma.sql`SELECT ${headSql(ref)} AS head, ${agg(
          Prisma.sql`SELECT ${MESSAGE_COLUMNS} ${MESSAGE_ITEMS} WHERE m.conversation_sid = ${ref.conversationSid} AND m.index = ${Number(q.key)}`,
          Prisma.sql`x.index`,
        )} AS rows, false AS before`;
      }
      const from = q.from === undefined ? null : Number(q.from);
      const start = from === null ? Prisma.empty : desc ? Prisma.sql`AND m.index <= ${from}` : Prisma.sql`AND m.index >= ${from}`;
      const before =
        from === null ? Prisma.sql`false` : Prisma.sql`EXISTS (SELECT 1 ${base} AND m.index ${Prisma.raw(desc ? '>' : '<')} ${from})`;
      const items = Prisma.sql`SELECT ${MESSAGE_COLUMNS} ${MESSAGE_ITEMS} WHERE m.conversation_sid = ${ref.conversationSid} ${start}
        ORDER BY m.index ${dir} LIMIT ${limit}`;
      return Prisma.sql`SELECT ${headSql(ref)} AS head, ${agg(items, Prisma.sql`x.index ${dir}`)} AS rows, ${before} AS before`;
    }
    case 'roster':
    case 'userConversations': {
      const keyColumn = ref.kind === 'roster' ? Prisma.sql`p.sid` : Prisma.sql`p.conversation_sid`;
      const base =
        ref.kind === 'roster'
          ? Prisma.sql`FROM participants p WHERE p.conversation_sid = ${ref.conversationSid}`
          : userConversationsFrom(ref.userSid);
      const outerKey = Prisma.raw(ref.kind === 'roster' ? 'x.sid' : 'x.conversation_sid');
      const columns = ref.kind === 'roster' ? PARTICIPANT_COLUMNS : USER_CONVERSATION_COLUMNS;
      if (q.key !== undefined) {
        return Prisma.sql`SELECT ${headSql(ref)} AS head, ${agg(
          Prisma.sql`SELECT ${columns} ${base} AND ${keyColumn} = ${q.key}`,
          outerKey,
        )} AS rows, false AS before`;
      }
      const start =
        q.from === undefined
          ? Prisma.empty
          : desc
            ? Prisma.sql`AND ${keyColumn} COLLATE "C" <= ${q.from}`
            : Prisma.sql`AND ${keyColumn} COLLATE "C" >= ${q.from}`;
      const before =
        q.from === undefined
          ? Prisma.sql`false`
          : Prisma.sql`EXISTS (SELECT 1 ${base} AND ${keyColumn} COLLATE "C" ${Prisma.raw(desc ? '>' : '<')} ${q.from})`;
      const items = Prisma.sql`SELECT ${columns} ${base} ${start} ORDER BY ${keyColumn} COLLATE "C" ${dir} LIMIT ${limit}`;
      return Prisma.sql`SELECT ${headSql(ref)} AS head, ${agg(items, Prisma.sql`${outerKey} COLLATE "C" ${dir}`)} AS rows, ${before} AS before`;
    }
  }
}
