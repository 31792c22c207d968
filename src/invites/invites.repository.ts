import { Injectable } from '@nestjs/common';
import { PageRequest } from '../common/paging';
import { newSid, SidPrefix } from '../common/sid';
import { keysetOrder, keysetWhere } from '../prisma/keyset';
import { PrismaService } from '../prisma/prisma.service';
import { Db } from '../prisma/unit-of-work';
import type { InviteRecord } from './invites.types';

const INVITE_FIELDS = {
  sid: true,
  accountSid: true,
  serviceSid: true,
  conversationSid: true,
  identity: true,
  roleSid: true,
  createdBy: true,
  dateCreated: true,
  dateUpdated: true,
} as const;

@Injectable()
export class InvitesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Null when the identity is already invited to the conversation. */
  async insert(
    db: Db,
    row: {
      accountSid: string;
      serviceSid: string;
      conversationSid: string;
      identity: string;
      roleSid: string | null;
      createdBy: string | null;
    },
  ): Promise<InviteRecord | null> {
    const inserted = await db.$queryRaw<{ sid: string }[]>`
      INSERT INTO invites (sid, account_sid, service_sid, conversation_sid, identity, role_sid, created_by)
      VALUES (${newSid(SidPrefix.Invite)}, ${row.accountSid}, ${row.serviceSid}, ${row.conversationSid}, ${row.identity}, ${row.roleSid}, ${row.createdBy})
      ON CONFLICT (conversation_sid, identity) DO NOTHING
      RETURNING sid`;
    return inserted.length ? db.invite.findUnique({ where: { sid: inserted[0].sid }, select: INVITE_FIELDS }) : null;
  }

  find(conversationSid: string, sid: string): Promise<InviteRecord | null> {
    return this.prisma.invite.findFirst({ where: { conversationSid, sid }, select: INVITE_FIELDS });
  }

  list(conversationSid: string, identities: string[] | undefined, page: PageRequest): Promise<InviteRecord[]> {
    return this.prisma.invite.findMany({
      where: {
        conversationSid,
        ...(identities?.length ? { identity: { in: identities } } : {}),
        ...keysetWhere(page, ['dateCreated', 'sid']),
      },
      orderBy: keysetOrder(page, ['dateCreated', 'sid']),
      take: page.size + 1,
      select: INVITE_FIELDS,
    });
  }

  /** The channels an identity is invited to in a service (its UserChannels with status invited). */
  invitedTo(serviceSid: string, identity: string): Promise<InviteRecord[]> {
    return this.prisma.invite.findMany({
      where: { serviceSid, identity },
      orderBy: [{ dateCreated: 'asc' }, { sid: 'asc' }],
      select: INVITE_FIELDS,
    });
  }

  /** Invites of a service by SID (a page of a user's channel list), in no particular order. */
  findMany(serviceSid: string, sids: string[]): Promise<InviteRecord[]> {
    if (!sids.length) return Promise.resolve([]);
    return this.prisma.invite.findMany({ where: { serviceSid, sid: { in: sids } }, select: INVITE_FIELDS });
  }

  /** The invite deleted (by SID, or by identity when `by` is an identity), or null when there was none. */
  async delete(db: Db, conversationSid: string, by: { sid: string } | { identity: string }): Promise<InviteRecord | null> {
    const [invite] = await db.invite.findMany({ where: { conversationSid, ...by }, select: INVITE_FIELDS, take: 1 });
    if (!invite) return null;
    await db.invite.delete({ where: { sid: invite.sid } });
    return invite;
  }

  /** The chat user of an identity, whose stream numbers its channel list (null before the user exists). */
  async userSid(db: Db, serviceSid: string, identity: string): Promise<string | null> {
    const user = await db.user.findFirst({ where: { serviceSid, identity }, select: { sid: true } });
    return user?.sid ?? null;
  }

  async isParticipant(db: Db, conversationSid: string, identity: string): Promise<boolean> {
    return (await db.participant.count({ where: { conversationSid, identity } })) > 0;
  }
}
