import { Injectable } from '@nestjs/common';
import { PageRequest } from '../common/paging';
import { conversationWhere, CONVERSATION_FIELDS } from '../conversations/conversations.repository';
import type { ConversationRecord } from '../conversations/conversations.types';
import { keysetOrder, keysetWhere } from '../prisma/keyset';
import { PrismaService } from '../prisma/prisma.service';

/** The facts channel access decides on: the channel's type, and whether an identity is a member or invited. */
@Injectable()
export class ChannelAccessRepository {
  constructor(private readonly prisma: PrismaService) {}

  async channel(
    accountSid: string,
    serviceSid: string,
    id: string,
    identity: string,
  ): Promise<{ sid: string; type: string; member: boolean; invited: boolean; creator: boolean } | null> {
    const row = await this.prisma.conversation.findFirst({
      where: conversationWhere(accountSid, serviceSid, id),
      select: {
        sid: true,
        channelType: true,
        createdBy: true,
        participants: { where: { identity }, select: { sid: true }, take: 1 },
        invites: { where: { identity }, select: { sid: true }, take: 1 },
      },
    });
    if (!row) return null;
    return {
      sid: row.sid,
      type: row.channelType,
      member: row.participants.length > 0,
      invited: row.invites.length > 0,
      creator: row.createdBy === identity,
    };
  }

  /** Channels a user may see: every public one of the service, and those it is a member of or invited to. */
  visible(accountSid: string, serviceSid: string, identity: string, page: PageRequest): Promise<ConversationRecord[]> {
    return this.prisma.conversation.findMany({
      where: {
        accountSid,
        serviceSid,
        OR: [{ channelType: 'public' }, { participants: { some: { identity } } }, { invites: { some: { identity } } }],
        ...keysetWhere(page, ['dateCreated', 'sid']),
      },
      orderBy: keysetOrder(page, ['dateCreated', 'sid']),
      take: page.size + 1,
      select: CONVERSATION_FIELDS,
    });
  }

  /** The service's public channels (conversations_public_idx). */
  publicChannels(accountSid: string, serviceSid: string, page: PageRequest): Promise<ConversationRecord[]> {
    return this.prisma.conversation.findMany({
      where: { accountSid, serviceSid, channelType: 'public', ...keysetWhere(page, ['dateCreated', 'sid']) },
      orderBy: keysetOrder(page, ['dateCreated', 'sid']),
      take: page.size + 1,
      select: CONVERSATION_FIELDS,
    });
  }
}
