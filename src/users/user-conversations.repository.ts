import { Injectable } from '@nestjs/common';
import { PageRequest } from '../common/paging';
import { conversationWhere } from '../conversations/conversations.repository';
import { keysetOrder, keysetWhere } from '../prisma/keyset';
import { PrismaService } from '../prisma/prisma.service';
import { Db } from '../prisma/unit-of-work';
import type { UserConversationRecord } from './users.types';

const SELECT = {
  sid: true,
  accountSid: true,
  serviceSid: true,
  lastReadMessageIndex: true,
  lastReadTimestamp: true,
  notificationLevel: true,
  dateCreated: true,
  conversation: {
    select: {
      sid: true,
      friendlyName: true,
      uniqueName: true,
      attributes: true,
      state: true,
      dateInactive: true,
      channelType: true,
      dateClosed: true,
      createdBy: true,
      dateCreated: true,
      dateUpdated: true,
    },
  },
} as const;

/** A user's conversation before its unread count is known. */
export type UserConversationRow = Omit<UserConversationRecord, 'unreadMessagesCount'>;

@Injectable()
export class UserConversationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The conversations the identity takes part in, in the order it joined them. */
  async list(
    scope: { accountSid: string; serviceSid: string },
    user: { sid: string; identity: string },
    page: PageRequest,
  ): Promise<UserConversationRow[]> {
    const rows = await this.prisma.participant.findMany({
      where: {
        accountSid: scope.accountSid,
        serviceSid: scope.serviceSid,
        identity: user.identity,
        ...keysetWhere(page, ['dateCreated', 'sid']),
      },
      orderBy: keysetOrder(page, ['dateCreated', 'sid']),
      take: page.size + 1,
      select: SELECT,
    });
    return rows.map((row) => toRow(user.sid, row));
  }

  /** The identity's participation in one conversation (CH SID or unique name). */
  async find(
    scope: { accountSid: string; serviceSid: string },
    user: { sid: string; identity: string },
    conversationId: string,
    db: Db = this.prisma,
  ): Promise<UserConversationRow | null> {
    const row = await db.participant.findFirst({
      where: {
        identity: user.identity,
        serviceSid: scope.serviceSid,
        conversation: { is: conversationWhere(scope.accountSid, scope.serviceSid, conversationId) },
      },
      select: SELECT,
    });
    return row && toRow(user.sid, row);
  }

  /** The user's participations of these SIDs (a page of its channel list), in no particular order. */
  async findByParticipants(
    scope: { accountSid: string; serviceSid: string },
    user: { sid: string; identity: string },
    participantSids: string[],
  ): Promise<UserConversationRow[]> {
    if (!participantSids.length) return [];
    const rows = await this.prisma.participant.findMany({
      where: { sid: { in: participantSids }, accountSid: scope.accountSid, serviceSid: scope.serviceSid, identity: user.identity },
      select: SELECT,
    });
    return rows.map((row) => toRow(user.sid, row));
  }

  /** Unread messages per participant (messages after its last read index), for those with a read horizon. */
  async unreadCounts(participants: { sid: string; lastReadMessageIndex: number | null }[]): Promise<Map<string, number>> {
    const sids = participants.filter((p) => p.lastReadMessageIndex !== null).map((p) => p.sid);
    if (!sids.length) return new Map();
    const rows = await this.prisma.$queryRaw<{ sid: string; unread: number }[]>`
      SELECT p.sid,
             (SELECT count(*) FROM messages m WHERE m.conversation_sid = p.conversation_sid AND m.index > p.last_read_message_index)::int AS unread
        FROM participants p
       WHERE p.sid = ANY(${sids}::varchar[]) AND p.last_read_message_index IS NOT NULL`;
    return new Map(rows.map((r) => [r.sid, Number(r.unread)]));
  }
}

type Selected = UserConversationRecord['participant'] & { conversation: UserConversationRecord['conversation'] };

function toRow(userSid: string, { conversation, ...participant }: Selected): UserConversationRow {
  return { userSid, participant, conversation };
}
