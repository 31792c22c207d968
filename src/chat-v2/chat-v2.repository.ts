import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';

/** Counts Chat v2 shows on its resources (members_count, messages_count, joined_channels_count), read per page. */
@Injectable()
export class ChatV2Repository {
  constructor(private readonly prisma: PrismaService) {}

  async channelCounts(conversationSids: string[]): Promise<Map<string, { members: number; messages: number }>> {
    const out = new Map(conversationSids.map((sid) => [sid, { members: 0, messages: 0 }]));
    if (!conversationSids.length) return out;
    const [members, messages] = await Promise.all([
      this.prisma.participant.groupBy({
        by: ['conversationSid'],
        where: { conversationSid: { in: conversationSids } },
        _count: { _all: true },
      }),
      this.prisma.message.groupBy({
        by: ['conversationSid'],
        where: { conversationSid: { in: conversationSids } },
        _count: { _all: true },
      }),
    ]);
    for (const m of members) out.get(m.conversationSid)!.members = m._count._all;
    for (const m of messages) out.get(m.conversationSid)!.messages = m._count._all;
    return out;
  }

  async joinedChannels(serviceSid: string, userSids: string[]): Promise<Map<string, number>> {
    const out = new Map(userSids.map((sid) => [sid, 0]));
    if (!userSids.length) return out;
    const rows = await this.prisma.participant.groupBy({
      by: ['userSid'],
      where: { serviceSid, userSid: { in: userSids } },
      _count: { _all: true },
    });
    for (const r of rows) if (r.userSid) out.set(r.userSid, r._count._all);
    return out;
  }
}
