import type { FeedRow } from '../events/feed-sql';
import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { PageRequest } from '../common/paging';
import { newSid, normalizeSid, SidPrefix } from '../common/sid';
import { conversationWhere } from '../conversations/conversations.repository';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import type { ActionContext } from '../events/event-types';
import { SqlRunner } from '../prisma/sql-runner';
import { Db } from '../prisma/unit-of-work';
import { deliverySummary } from './delivery-summary';
import { messageInsertSql, MessageTarget } from './message-insert.sql';
import type { MediaItem, MessageRecord, NewMessage, ReceiptCounts } from './messages.types';

/** The insert's row: the conversation found, then the message's columns (null when not stored). */
interface InsertRow {
  found_sid: string;
  found_state: string;
  found_account_sid: string;
  found_service_sid: string;
  sid: string | null;
  conversation_sid: string;
  receipt_sids: string[] | null;
  /** The feed rows the insert wrote (message.added, and conversation.state_updated when it re-activated the conversation). */
  events: FeedRow[] | null;
}

interface MessageRow {
  sid: string;
  account_sid: string;
  service_sid: string;
  conversation_sid: string;
  index: number;
  author: string;
  body: string | null;
  attributes: string;
  participant_sid: string | null;
  media: MediaItem[] | null;
  content_sid: string | null;
  subject: string | null;
  source: string;
  date_created: Date;
  date_updated: Date | null;
  last_updated_by?: string | null;
}

/** Where a stored carrier message went: all that its webhook's answer needs. */
export interface StoredMessage {
  sid: string;
  conversationSid: string;
}

/** What happened to an insert: stored (with the message as read back), or why not. */
export type InsertOutcome<M = MessageRecord> =
  | { kind: 'created'; message: M; receiptSids: string[]; events: FeedRow[]; previousState: string }
  | { kind: 'conversation-not-found' }
  | { kind: 'conversation-closed'; conversationSid: string }
  | { kind: 'duplicate'; conversationSid: string; accountSid: string };

const toRecord = (r: MessageRow, counts?: ReceiptCounts): MessageRecord => ({
  sid: r.sid,
  accountSid: r.account_sid,
  serviceSid: r.service_sid,
  conversationSid: r.conversation_sid,
  index: r.index,
  author: r.author,
  body: r.body,
  attributes: r.attributes,
  participantSid: r.participant_sid,
  media: r.media,
  contentSid: r.content_sid,
  subject: r.subject,
  source: r.source,
  dateCreated: r.date_created,
  dateUpdated: r.date_updated,
  lastUpdatedBy: r.last_updated_by ?? null,
  delivery: deliverySummary(counts),
});

@Injectable()
export class MessagesRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlRunner,
  ) {}

  /**
   * Stores a message in one statement (one round trip): locks the conversation row, takes the next
   * index (so indexes follow commit order), re-activates an inactive conversation and moves its
   * timers, resolves the author's participant, inserts the message and one delivery receipt per
   * non-chat recipient other than the author (the delivery outbox).
   */
  insert(target: Extract<MessageTarget, { kind: 'conversation' }>, m: NewMessage, ctx: ActionContext, db?: Db): Promise<InsertOutcome> {
    // A conversation target reads back every column of the message (see messageColumns).
    return this.store(target, m, ctx, db, (row, receiptSids) =>
      toRecord(row as unknown as MessageRow, { total: receiptSids.length, sent: 0, delivered: 0, read: 0, failed: 0, undelivered: 0 }),
    );
  }

  /** The same for a carrier message, into the conversation holding its (address, proxy address) binding. */
  insertForBinding(address: string, proxyAddress: string, m: NewMessage, ctx: ActionContext): Promise<InsertOutcome<StoredMessage>> {
    return this.store({ kind: 'binding', address, proxyAddress }, m, ctx, undefined, (row) => ({
      sid: row.sid,
      conversationSid: row.conversation_sid,
    }));
  }

  private async store<M>(
    target: MessageTarget,
    m: NewMessage,
    ctx: ActionContext,
    db: Db | undefined,
    read: (row: InsertRow & { sid: string }, receiptSids: string[]) => M,
  ): Promise<InsertOutcome<M>> {
    const statement = messageInsertSql(target, m, newSid(SidPrefix.Message), ctx);
    const rows = db ? await db.$queryRawUnsafe<InsertRow[]>(statement.text, ...statement.values) : await this.sql.run<InsertRow>(statement);
    const row = rows[0];
    if (!row) return { kind: 'conversation-not-found' };
    if (row.sid === null) {
      return row.found_state === 'closed'
        ? { kind: 'conversation-closed', conversationSid: row.found_sid }
        : { kind: 'duplicate', conversationSid: row.found_sid, accountSid: row.found_account_sid };
    }
    const receiptSids = row.receipt_sids ?? [];
    return {
      kind: 'created',
      message: read(row as InsertRow & { sid: string }, receiptSids),
      receiptSids,
      events: row.events ?? [],
      previousState: row.found_state,
    };
  }

  /**
   * Where an inbound message would go (the binding in the account owning the proxy address), and
   * whether its carrier SID is already stored.
   */
  async inboundTarget(
    address: string,
    proxyAddress: string,
    externalSid: string,
  ): Promise<{ accountSid: string; serviceSid: string; duplicate: boolean } | null> {
    const [row] = await this.sql.rows<{ accountSid: string; serviceSid: string; duplicate: boolean }>(Prisma.sql`
      SELECT c.account_sid AS "accountSid", c.service_sid AS "serviceSid",
             EXISTS (SELECT 1 FROM messages d WHERE d.account_sid = c.account_sid AND d.external_sid = ${externalSid}) AS duplicate
        FROM proxy_addresses pa
        JOIN messaging_bindings b ON b.account_sid = pa.account_sid AND b.address = ${address} AND b.proxy_address = pa.address
        JOIN conversations c ON c.sid = b.conversation_sid
       WHERE pa.address = ${proxyAddress}`);
    return row ?? null;
  }

  async find(scope: { accountSid: string; serviceSid: string }, conversationId: string, sid: string): Promise<MessageRecord | null> {
    const row = await this.prisma.message.findFirst({
      where: { sid: normalizeSid(sid), conversation: { is: conversationWhere(scope.accountSid, scope.serviceSid, conversationId) } },
    });
    if (!row) return null;
    const counts = await this.receiptCounts([row.sid]);
    return this.fromModel(row, counts.get(row.sid));
  }

  /** A page of a conversation's messages by index (keyset), with their delivery summaries. */
  async list(conversationSid: string, order: 'asc' | 'desc', page: PageRequest): Promise<MessageRecord[]> {
    const forward = page.cursor?.dir !== 'prev';
    const ascending = forward === (order === 'asc');
    const after = page.cursor?.key[0];
    // Tokens come back from clients: a forged one must not reach the database with the wrong type.
    if (after !== undefined && !Number.isSafeInteger(after)) {
      throw Errors.invalidParameter('PageToken is not valid for this list; use the page URLs the API returns');
    }
    const rows = await this.prisma.message.findMany({
      where: {
        conversationSid,
        ...(after === undefined ? {} : { index: ascending ? { gt: after as number } : { lt: after as number } }),
      },
      orderBy: { index: ascending ? 'asc' : 'desc' },
      take: page.size + 1,
    });
    const counts = await this.receiptCounts(rows.map((r) => r.sid));
    return rows.map((r) => this.fromModel(r, counts.get(r.sid)));
  }

  /** Updates a message; a changed author is matched to its participant again. */
  async update(
    db: Db,
    sid: string,
    data: {
      author?: string;
      body?: string;
      attributes?: string;
      subject?: string;
      lastUpdatedBy?: string;
      dateCreated?: Date;
      dateUpdated: Date;
    },
  ): Promise<MessageRecord> {
    let participantSid: string | null | undefined;
    if (data.author !== undefined) {
      const message = await db.message.findUniqueOrThrow({ where: { sid }, select: { conversationSid: true } });
      const participant = await db.participant.findFirst({
        where: { conversationSid: message.conversationSid, OR: [{ identity: data.author }, { identity: null, address: data.author }] },
        orderBy: { identity: { sort: 'asc', nulls: 'last' } },
        select: { sid: true },
      });
      participantSid = participant?.sid ?? null;
    }
    const row = await db.message.update({ where: { sid }, data: { ...data, participantSid } });
    const counts = await this.receiptCounts([row.sid], db);
    return this.fromModel(row, counts.get(row.sid));
  }

  /** A message by SID inside a transaction, with its delivery summary. */
  async load(db: Db, sid: string): Promise<MessageRecord> {
    const row = await db.message.findUniqueOrThrow({ where: { sid } });
    const counts = await this.receiptCounts([sid], db);
    return this.fromModel(row, counts.get(sid));
  }

  /** Locks a message row for the rest of the transaction; false when it is gone (a concurrent removal committed first). */
  async lock(db: Db, sid: string): Promise<boolean> {
    const rows = await db.$queryRaw<{ sid: string }[]>`SELECT sid FROM messages WHERE sid = ${sid} FOR UPDATE`;
    return rows.length > 0;
  }

  async delete(db: Db, sid: string): Promise<void> {
    await db.message.delete({ where: { sid } });
  }

  async findSid(db: Db, scope: { accountSid: string; serviceSid: string }, conversationId: string, sid: string): Promise<string | null> {
    const row = await db.message.findFirst({
      where: { sid: normalizeSid(sid), conversation: { is: conversationWhere(scope.accountSid, scope.serviceSid, conversationId) } },
      select: { sid: true },
    });
    return row?.sid ?? null;
  }

  /** Receipt counts per message and cumulative status (read implies delivered implies sent). */
  async receiptCounts(messageSids: string[], db: Db = this.prisma): Promise<Map<string, ReceiptCounts>> {
    if (!messageSids.length) return new Map();
    const rows = await db.$queryRaw<
      { message_sid: string; total: bigint; sent: bigint; delivered: bigint; read: bigint; failed: bigint; undelivered: bigint }[]
    >`
      SELECT message_sid, count(*) AS total,
             count(*) FILTER (WHERE status IN ('sent', 'delivered', 'read')) AS sent,
             count(*) FILTER (WHERE status IN ('delivered', 'read')) AS delivered,
             count(*) FILTER (WHERE status = 'read') AS read,
             count(*) FILTER (WHERE status = 'failed') AS failed,
             count(*) FILTER (WHERE status = 'undelivered') AS undelivered
        FROM delivery_receipts WHERE message_sid IN (${Prisma.join(messageSids)})
       GROUP BY message_sid`;
    return new Map(
      rows.map((r) => [
        r.message_sid,
        {
          total: Number(r.total),
          sent: Number(r.sent),
          delivered: Number(r.delivered),
          read: Number(r.read),
          failed: Number(r.failed),
          undelivered: Number(r.undelivered),
        },
      ]),
    );
  }

  private fromModel(
    r: {
      sid: string;
      accountSid: string;
      serviceSid: string;
      conversationSid: string;
      index: number;
      author: string;
      body: string | null;
      attributes: string;
      participantSid: string | null;
      media: unknown;
      contentSid: string | null;
      subject: string | null;
      source: string;
      dateCreated: Date;
      dateUpdated: Date | null;
      lastUpdatedBy: string | null;
    },
    counts: ReceiptCounts | undefined,
  ): MessageRecord {
    return { ...r, media: (r.media as MediaItem[] | null) ?? null, delivery: deliverySummary(counts) };
  }
}
