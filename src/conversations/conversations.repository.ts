import { Injectable } from '@nestjs/common';
import { PageRequest } from '../common/paging';
import { isSid, normalizeSid, SidPrefix } from '../common/sid';
import type { Prisma } from '../generated/prisma/client';
import { keysetOrder, keysetWhere } from '../prisma/keyset';
import { PrismaService } from '../prisma/prisma.service';
import { Db } from '../prisma/unit-of-work';
import type { ChannelType, ConversationFilter, ConversationRecord, ConversationWrite } from './conversations.types';

export const CONVERSATION_FIELDS = {
  sid: true,
  accountSid: true,
  serviceSid: true,
  messagingServiceSid: true,
  friendlyName: true,
  uniqueName: true,
  attributes: true,
  state: true,
  timerInactive: true,
  timerClosed: true,
  dateInactive: true,
  dateClosed: true,
  bindings: true,
  createdBy: true,
  channelType: true,
  dateCreated: true,
  dateUpdated: true,
} as const;

/** `where` for a conversation named by SID or by unique name (an alias in paths). */
export function conversationWhere(accountSid: string, serviceSid: string, id: string): Prisma.ConversationWhereInput {
  return isSid(id, SidPrefix.Conversation) ? { sid: normalizeSid(id), accountSid, serviceSid } : { uniqueName: id, accountSid, serviceSid };
}

const DAY_MS = 86_400_000;

@Injectable()
export class ConversationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  insert(db: Db, row: ConversationWrite & { sid: string; accountSid: string; serviceSid: string }): Promise<ConversationRecord> {
    return db.conversation.create({
      data: {
        ...row,
        bindings: (row.bindings ?? undefined) as Prisma.InputJsonValue | undefined,
      },
      select: CONVERSATION_FIELDS,
    });
  }

  find(accountSid: string, serviceSid: string, id: string, db: Db = this.prisma): Promise<ConversationRecord | null> {
    return db.conversation.findFirst({ where: conversationWhere(accountSid, serviceSid, id), select: CONVERSATION_FIELDS });
  }

  /** Locks the conversation row for the rest of the transaction (writers of one conversation queue up). */
  async findForUpdate(db: Db, accountSid: string, serviceSid: string, id: string): Promise<ConversationRecord | null> {
    const byName = !isSid(id, SidPrefix.Conversation);
    if (!byName) id = normalizeSid(id);
    const rows = await db.$queryRaw<{ sid: string }[]>`
      SELECT sid FROM conversations
       WHERE account_sid = ${accountSid} AND service_sid = ${serviceSid}
         AND (CASE WHEN ${byName} THEN unique_name = ${id} ELSE sid = ${id} END)
       FOR UPDATE`;
    if (!rows.length) return null;
    return db.conversation.findUnique({ where: { sid: rows[0].sid }, select: CONVERSATION_FIELDS });
  }

  /** Locks a conversation by SID alone (timers run outside any request scope). */
  async lockBySid(db: Db, sid: string): Promise<ConversationRecord | null> {
    const rows = await db.$queryRaw<{ sid: string }[]>`SELECT sid FROM conversations WHERE sid = ${sid} FOR UPDATE`;
    return rows.length ? db.conversation.findUnique({ where: { sid }, select: CONVERSATION_FIELDS }) : null;
  }

  /** Conversations whose inactive or closed timer is past (the timer sweeper's safety net). */
  async overdue(limit: number): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ sid: string }[]>`
      (SELECT sid FROM conversations WHERE state = 'active' AND date_inactive IS NOT NULL AND date_inactive <= now() ORDER BY date_inactive LIMIT ${limit})
      UNION
      (SELECT sid FROM conversations WHERE state <> 'closed' AND date_closed IS NOT NULL AND date_closed <= now() ORDER BY date_closed LIMIT ${limit})`;
    return rows.map((r) => r.sid);
  }

  /** `filter.channelTypes` are stored types here (ConversationsService maps Chat's). */
  list(
    accountSid: string,
    serviceSid: string,
    filter: Omit<ConversationFilter, 'channelTypes'> & { channelTypes?: ChannelType[] },
    page: PageRequest,
  ): Promise<ConversationRecord[]> {
    const descending = filter.startDate !== undefined || filter.endDate !== undefined;
    const created: Prisma.DateTimeFilter = {};
    if (filter.startDate) created.gte = filter.startDate;
    if (filter.endDate) {
      const wholeDay = filter.endDate.getTime() % DAY_MS === 0;
      if (wholeDay) created.lt = new Date(filter.endDate.getTime() + DAY_MS);
      else created.lte = filter.endDate;
    }
    return this.prisma.conversation.findMany({
      where: {
        accountSid,
        serviceSid,
        ...(filter.state ? { state: filter.state } : {}),
        ...(filter.channelTypes?.length ? { channelType: { in: filter.channelTypes } } : {}),
        ...(descending ? { dateCreated: created } : {}),
        ...keysetWhere(page, ['dateCreated', 'sid'], descending),
      },
      orderBy: keysetOrder(page, ['dateCreated', 'sid'], descending),
      take: page.size + 1,
      select: CONVERSATION_FIELDS,
    });
  }

  update(db: Db, sid: string, data: ConversationWrite): Promise<ConversationRecord> {
    return db.conversation.update({
      where: { sid },
      data: { ...data, bindings: data.bindings as Prisma.InputJsonValue | undefined },
      select: CONVERSATION_FIELDS,
    });
  }

  /** Closing frees every (address, proxy address) pair the conversation held. */
  async releaseBindings(db: Db, conversationSid: string): Promise<void> {
    await db.messagingBinding.deleteMany({ where: { conversationSid } });
  }

  /** The conversation's chat participants (identity and user), for the changes its removal makes to their lists. */
  async chatMembers(db: Db, conversationSid: string): Promise<{ participantSid: string; identity: string; userSid: string }[]> {
    const rows = await db.participant.findMany({
      where: { conversationSid, identity: { not: null }, userSid: { not: null } },
      select: { sid: true, identity: true, userSid: true },
      orderBy: { sid: 'asc' },
    });
    return rows.map((r) => ({ participantSid: r.sid, identity: r.identity!, userSid: r.userSid! }));
  }

  /** Chat invitees of a channel who are users (their channel list shows it as invited). */
  async invitedUsers(db: Db, conversationSid: string): Promise<{ inviteSid: string; identity: string; userSid: string }[]> {
    return db.$queryRaw<{ inviteSid: string; identity: string; userSid: string }[]>`
      SELECT i.sid AS "inviteSid", i.identity, u.sid AS "userSid"
        FROM invites i JOIN users u ON u.service_sid = i.service_sid AND u.identity = i.identity
       WHERE i.conversation_sid = ${conversationSid} ORDER BY i.sid`;
  }

  async delete(db: Db, sid: string): Promise<void> {
    await db.conversation.delete({ where: { sid } });
  }
}
