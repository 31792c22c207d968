import { Injectable } from '@nestjs/common';
import { newSid, SidPrefix } from '../common/sid';
import { Prisma } from '../generated/prisma/client';
import { type Db, UnitOfWork } from '../prisma/unit-of-work';
import { webhookWantsSql } from './event-sql';
import { type ActionContext, type EventFields, eventPayload } from './event-types';
import { type ChangeType, POST_EVENT_OF, type RecordedChange } from './change-types';
import { FeedPublisher } from './feed-publisher';
import { FEED_COLUMNS, type FeedRow } from './feed-sql';

/** A user-info key whose item the change rewrites. */
export type UserInfoKey = 'friendlyName' | 'attributes' | 'reachability';

/** What a change is about, whose stream positions it stamps (docs/change-feed.md). */
export type ChangeSubject =
  | { kind: 'message'; sid: string; created?: boolean }
  /** `roster`: the roster item changed (default true); `userItem`: so did the chat user's conversation-list item. */
  | { kind: 'participant'; sid: string; created?: boolean; roster?: boolean; userItem?: boolean }
  | { kind: 'user'; sid: string; keys: UserInfoKey[] }
  | { kind: 'receipt'; sid: string }
  /** A Chat invite: its item in the invited user's channel list. */
  | { kind: 'invite'; sid: string; created?: boolean };

/** An item a change removes from a Sync list or map: it is remembered for clients that were away. */
export interface Tombstone {
  objectSid: string;
  itemKey: string;
  data: unknown;
  /** Whose position the removal takes: the conversation's stream or the user's. */
  stream: 'conversation' | 'user';
}

export interface ChangeInput {
  type: ChangeType;
  accountSid: string;
  serviceSid: string;
  /** The change takes the next position in this conversation's stream. */
  conversationSid?: string | null;
  /** The change takes the next position in this chat user's stream (of serviceSid). */
  identity?: string | null;
  subject?: ChangeSubject;
  tombstones?: Tombstone[];
  /** Items back in a list or map (a conversation joined again): their tombstones go. */
  revived?: { objectSid: string; itemKey: string }[];
  /** The post event's own form fields (EventType, AccountSid, ChatServiceSid, Source ... are added). */
  fields?: EventFields;
  /** A replay for one conversation webhook only. */
  onlyWebhookSid?: string;
}

/**
 * The change feed's writer: every change is recorded here, in the transaction of the change (one
 * statement): it takes the next positions in its conversation's and user's streams (under their
 * row locks, so positions follow commit order), stamps them on the item it changed, remembers the
 * items it removed, and writes the feed row, with the post event's form fields when some webhook
 * wants it. After commit the row is published (FeedPublisher). The message insert and the carrier
 * status update write their feed rows in their own statements (message-insert.sql.ts,
 * delivery-status.sql.ts) and hand them to the publisher the same way.
 */
@Injectable()
export class ChangeFeed {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly publisher: FeedPublisher,
  ) {}

  async record(db: Db, ctx: ActionContext, change: ChangeInput): Promise<RecordedChange> {
    const [row] = await db.$queryRaw<FeedRow[]>(recordSql(ctx, change));
    const { webhooks, ...event } = row;
    const recorded = { event, webhooks };
    await this.uow.afterCommit(db, () => this.publisher.publish([recorded]));
    return recorded;
  }

  /**
   * Rows written by a statement of their own (message insert, status callbacks): call once that
   * statement, or the transaction it ran in, has committed.
   */
  async written(rows: FeedRow[]): Promise<void> {
    if (!rows.length) return;
    await this.publisher.publish(rows.map(({ webhooks, ...event }) => ({ event, webhooks })));
  }
}

function recordSql(ctx: ActionContext, c: ChangeInput): Prisma.Sql {
  const ctes: Prisma.Sql[] = [];
  // A replay to a new webhook changes nothing: it takes no stream position.
  const inStream = c.type !== 'webhook.replay';
  const conversationSeq = inStream && c.conversationSid ? Prisma.sql`(SELECT event_seq FROM cs)` : Prisma.sql`NULL::bigint`;
  const userSeq = inStream && c.identity ? Prisma.sql`(SELECT event_seq FROM us)` : Prisma.sql`NULL::bigint`;
  if (inStream && c.conversationSid) {
    ctes.push(Prisma.sql`cs AS (UPDATE conversations SET event_seq = event_seq + 1 WHERE sid = ${c.conversationSid} RETURNING event_seq)`);
  }
  if (inStream && c.identity) {
    const keys = c.subject?.kind === 'user' ? c.subject.keys : [];
    const stamps = Prisma.raw(keys.map((k) => `, ${USER_KEY_COLUMN[k]} = event_seq + 1`).join(''));
    ctes.push(Prisma.sql`us AS (UPDATE users SET event_seq = event_seq + 1 ${stamps}
      WHERE service_sid = ${c.serviceSid} AND identity = ${c.identity} RETURNING event_seq)`);
  }
  const stamp = subjectStamp(c.subject, conversationSeq, userSeq);
  if (stamp) ctes.push(Prisma.sql`stamp AS (${stamp} RETURNING 1)`);
  if (c.tombstones?.length) {
    const rows = c.tombstones.map(
      (t) =>
        Prisma.sql`(${t.objectSid}, ${t.itemKey}, ${t.stream === 'conversation' ? conversationSeq : userSeq}, ${JSON.stringify(t.data)}::jsonb)`,
    );
    ctes.push(Prisma.sql`tomb AS (INSERT INTO sync_tombstones (object_sid, item_key, seq, data) VALUES ${Prisma.join(rows)}
      ON CONFLICT (object_sid, item_key) DO UPDATE SET seq = EXCLUDED.seq, data = EXCLUDED.data, date_created = now() RETURNING 1)`);
  }
  if (c.revived?.length) {
    const keys = c.revived.map((r) => Prisma.sql`(${r.objectSid}, ${r.itemKey})`);
    ctes.push(Prisma.sql`revived AS (DELETE FROM sync_tombstones WHERE (object_sid, item_key) IN (${Prisma.join(keys)}) RETURNING 1)`);
  }
  const postEvent = POST_EVENT_OF[c.type];
  const fires = ctx.webhooks && postEvent !== undefined && c.fields !== undefined;
  const wants = !fires
    ? Prisma.sql`false`
    : c.onlyWebhookSid
      ? Prisma.sql`true`
      : webhookWantsSql(postEvent, Prisma.sql`${c.accountSid}`, Prisma.sql`${c.serviceSid}`, Prisma.sql`${c.conversationSid ?? null}`);
  const payload = fires
    ? JSON.stringify(eventPayload(ctx, { type: postEvent, accountSid: c.accountSid, serviceSid: c.serviceSid, fields: c.fields! }))
    : null;
  const insert = Prisma.sql`
    INSERT INTO change_events (sid, type, account_sid, service_sid, conversation_sid, conversation_seq, identity, user_seq, subject_sid,
                               event_type, only_webhook_sid, webhooks, payload)
    SELECT ${newSid(SidPrefix.WebhookEvent)}, ${c.type}, ${c.accountSid}, ${c.serviceSid}, ${c.conversationSid ?? null}, ${conversationSeq},
           ${c.identity ?? null}, ${userSeq}, ${c.subject?.sid ?? null}, ${postEvent ?? null}, ${c.onlyWebhookSid ?? null},
           w.wants, CASE WHEN w.wants THEN ${payload}::jsonb END
      FROM (SELECT ${wants} AS wants OFFSET 0) w
    RETURNING ${FEED_COLUMNS}`;
  return ctes.length ? Prisma.sql`WITH ${Prisma.join(ctes, ',\n')} ${insert}` : insert;
}

const USER_KEY_COLUMN: Record<UserInfoKey, string> = {
  friendlyName: 'friendly_name_seq',
  attributes: 'attributes_seq',
  reachability: 'reachability_seq',
};

/** The UPDATE that stamps the stream positions of the change on its subject's row. */
function subjectStamp(subject: ChangeSubject | undefined, conversationSeq: Prisma.Sql, userSeq: Prisma.Sql): Prisma.Sql | null {
  switch (subject?.kind) {
    case 'message':
      return Prisma.sql`UPDATE messages SET event_seq = ${conversationSeq}${subject.created ? Prisma.sql`, created_seq = ${conversationSeq}` : Prisma.empty}
        WHERE sid = ${subject.sid}`;
    case 'participant': {
      const sets: Prisma.Sql[] = [];
      if (subject.roster !== false) {
        sets.push(Prisma.sql`event_seq = ${conversationSeq}`);
        if (subject.created) sets.push(Prisma.sql`created_seq = ${conversationSeq}`);
      }
      if (subject.userItem) {
        sets.push(Prisma.sql`user_event_seq = ${userSeq}`);
        if (subject.created) sets.push(Prisma.sql`user_created_seq = ${userSeq}`);
      }
      return sets.length ? Prisma.sql`UPDATE participants SET ${Prisma.join(sets)} WHERE sid = ${subject.sid}` : null;
    }
    case 'invite':
      return Prisma.sql`UPDATE invites SET user_event_seq = ${userSeq}${subject.created ? Prisma.sql`, user_created_seq = ${userSeq}` : Prisma.empty}
        WHERE sid = ${subject.sid}`;
    default:
      return null;
  }
}
