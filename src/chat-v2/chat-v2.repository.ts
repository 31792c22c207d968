import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { PageRequest } from '../common/paging';
import { PrismaService } from '../prisma/prisma.service';

/** One entry of a user's channel list: its member (joined) or its invite (invited), in list order. */
export interface UserChannelKey {
  kind: 'joined' | 'invited';
  sid: string;
  conversationSid: string;
  dateCreated: Date;
}

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

  /**
   * A page of a user's channels: those it is a member of and those it is invited to (and not a member
   * of), by (date joined or invited, SID), a keyset page as every list.
   */
  async userChannelKeys(serviceSid: string, user: { sid: string; identity: string }, page: PageRequest): Promise<UserChannelKey[]> {
    const forward = page.cursor?.dir !== 'prev';
    let after: { date: Date; sid: string } | null = null;
    if (page.cursor) {
      const [date, sid] = page.cursor.key;
      const at = typeof date === 'string' ? new Date(date) : null;
      if (!at || Number.isNaN(at.getTime()) || typeof sid !== 'string') {
        throw Errors.invalidParameter('PageToken is not valid for this list; use the page URLs the API returns');
      }
      after = { date: at, sid };
    }
    const rows = await this.prisma.$queryRaw<{ kind: 'joined' | 'invited'; sid: string; conversation_sid: string; date_created: Date }[]>`
      SELECT kind, sid, conversation_sid, date_created FROM (
        SELECT 'joined' AS kind, p.sid, p.conversation_sid, p.date_created
          FROM participants p WHERE p.service_sid = ${serviceSid} AND p.user_sid = ${user.sid}
        UNION ALL
        SELECT 'invited', i.sid, i.conversation_sid, i.date_created
          FROM invites i WHERE i.service_sid = ${serviceSid} AND i.identity = ${user.identity}
           AND NOT EXISTS (SELECT 1 FROM participants m WHERE m.conversation_sid = i.conversation_sid AND m.identity = i.identity)
      ) entries
      WHERE ${after === null}
         OR (${forward} AND (date_created, sid) > (${after?.date ?? null}::timestamptz, ${after?.sid ?? null}::text))
         OR (NOT ${forward} AND (date_created, sid) < (${after?.date ?? null}::timestamptz, ${after?.sid ?? null}::text))
      ORDER BY CASE WHEN ${forward} THEN date_created END ASC, CASE WHEN ${forward} THEN sid END ASC,
               CASE WHEN NOT ${forward} THEN date_created END DESC, CASE WHEN NOT ${forward} THEN sid END DESC
      LIMIT ${page.size + 1}`;
    return rows.map((r) => ({ kind: r.kind, sid: r.sid, conversationSid: r.conversation_sid, dateCreated: r.date_created }));
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
