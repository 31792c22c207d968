import { Injectable } from '@nestjs/common';
import { PageRequest } from '../common/paging';
import { isSid, newSid, normalizeSid, SidPrefix } from '../common/sid';
import { conversationWhere } from '../conversations/conversations.repository';
import type { Prisma } from '../generated/prisma/client';
import { keysetOrder, keysetWhere } from '../prisma/keyset';
import { PrismaService } from '../prisma/prisma.service';
import { Db } from '../prisma/unit-of-work';
import type { NewParticipant, ParticipantConversationRecord, ParticipantRecord } from './participants.types';

export const PARTICIPANT_FIELDS = {
  sid: true,
  accountSid: true,
  serviceSid: true,
  conversationSid: true,
  identity: true,
  userSid: true,
  roleSid: true,
  attributes: true,
  bindingType: true,
  address: true,
  proxyAddress: true,
  projectedAddress: true,
  lastReadMessageIndex: true,
  lastReadTimestamp: true,
  dateCreated: true,
  dateUpdated: true,
} as const;

export type InsertResult = { ok: ParticipantRecord } | { conflict: 'identity' } | { conflict: 'binding'; conversationSid: string };

/** `where` for a participant named by MB SID or by identity (an alias in paths). */
function participantWhere(id: string): Prisma.ParticipantWhereInput {
  return isSid(id, SidPrefix.Participant) ? { sid: normalizeSid(id) } : { identity: id };
}

@Injectable()
export class ParticipantsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Participants of a conversation: all, and those with a messaging binding (non-chat). */
  async counts(db: Db, conversationSid: string): Promise<{ total: number; nonChat: number }> {
    const [row] = await db.$queryRaw<{ total: bigint; non_chat: bigint }[]>`
      SELECT count(*) AS total, count(*) FILTER (WHERE identity IS NULL) AS non_chat
        FROM participants WHERE conversation_sid = ${conversationSid}`;
    return { total: Number(row.total), nonChat: Number(row.non_chat) };
  }

  /** How many conversations of the service each identity takes part in (for Limits.UserChannels). */
  async conversationCounts(db: Db, serviceSid: string, identities: string[]): Promise<Map<string, number>> {
    if (!identities.length) return new Map();
    const rows = await db.participant.groupBy({
      by: ['identity'],
      where: { serviceSid, identity: { in: identities } },
      _count: { _all: true },
    });
    return new Map(rows.map((r) => [r.identity!, r._count._all]));
  }

  /**
   * Inserts a participant (a chat one with its user's SID, from lockUsers) and its binding
   * (non-chat, when the conversation is not closed). Conflicts are reported, not thrown, and never
   * abort the transaction (ON CONFLICT DO NOTHING): the unique keys decide between concurrent
   * requests, not a read before the write.
   */
  async insert(
    db: Db,
    target: { accountSid: string; serviceSid: string; conversationSid: string; conversationState: string },
    p: NewParticipant & { roleSid: string | null; userSid: string | null },
  ): Promise<InsertResult> {
    const sid = newSid(SidPrefix.Participant);
    const userSid = p.userSid;
    const now = new Date();
    const { count } = await db.participant.createMany({
      data: [
        {
          sid,
          accountSid: target.accountSid,
          serviceSid: target.serviceSid,
          conversationSid: target.conversationSid,
          identity: p.kind === 'chat' ? p.identity : null,
          userSid,
          roleSid: p.roleSid,
          attributes: p.attributes,
          bindingType: p.kind === 'binding' ? p.type : p.projectedAddress ? 'sms' : null,
          address: p.kind === 'binding' ? p.address : null,
          proxyAddress: p.kind === 'binding' ? p.proxyAddress : null,
          projectedAddress: p.kind === 'chat' ? (p.projectedAddress ?? null) : null,
          lastReadMessageIndex: p.lastReadMessageIndex ?? null,
          lastReadTimestamp: p.lastReadTimestamp ?? (p.lastReadMessageIndex !== undefined ? now : null),
          dateCreated: p.dateCreated ?? now,
          dateUpdated: p.dateUpdated ?? p.dateCreated ?? now,
        },
      ],
      skipDuplicates: true,
    });
    if (count === 0) return { conflict: 'identity' };
    if (p.kind === 'binding' && target.conversationState !== 'closed') {
      const holder = await this.bind(db, target.accountSid, p.address, p.proxyAddress, target.conversationSid, sid);
      if (holder) return { conflict: 'binding', conversationSid: holder };
    }
    return { ok: (await db.participant.findUnique({ where: { sid }, select: PARTICIPANT_FIELDS }))! };
  }

  /** Takes the (address, proxy address) pair; returns the conversation holding it when it is taken. */
  async bind(
    db: Db,
    accountSid: string,
    address: string,
    proxyAddress: string,
    conversationSid: string,
    participantSid: string,
  ): Promise<string | null> {
    const { count } = await db.messagingBinding.createMany({
      data: [{ accountSid, address, proxyAddress, conversationSid, participantSid }],
      skipDuplicates: true,
    });
    if (count === 1) return null;
    const holder = await db.messagingBinding.findUnique({
      where: { accountSid_address_proxyAddress: { accountSid, address, proxyAddress } },
      select: { conversationSid: true },
    });
    return holder?.conversationSid ?? 'unknown';
  }

  async unbind(db: Db, participantSid: string): Promise<void> {
    await db.messagingBinding.deleteMany({ where: { participantSid } });
  }

  /**
   * The users of these identities, made when new (with the role given), each row locked for the rest
   * of the transaction (the upsert's update takes the row lock; a concurrent insert of the same new
   * identity waits for the first to commit). Taken in identity order, so that two transactions
   * locking the same users cannot deadlock. Answers each identity's user SID.
   */
  async lockUsers(
    db: Db,
    accountSid: string,
    serviceSid: string,
    identities: string[],
    roleSid: string | null,
  ): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const identity of [...new Set(identities)].sort())
      out.set(identity, await this.ensureUser(db, accountSid, serviceSid, identity, roleSid));
    return out;
  }

  private async ensureUser(db: Db, accountSid: string, serviceSid: string, identity: string, roleSid: string | null): Promise<string> {
    const [row] = await db.$queryRaw<{ sid: string }[]>`
      INSERT INTO users (sid, account_sid, service_sid, identity, role_sid, date_created, date_updated)
      VALUES (${newSid(SidPrefix.User)}, ${accountSid}, ${serviceSid}, ${identity}, ${roleSid}, now(), now())
      ON CONFLICT (service_sid, identity) DO UPDATE SET identity = EXCLUDED.identity
      RETURNING sid`;
    return row.sid;
  }

  find(
    scope: { accountSid: string; serviceSid: string },
    conversationId: string,
    id: string,
    db: Db = this.prisma,
  ): Promise<ParticipantRecord | null> {
    return db.participant.findFirst({
      where: { ...participantWhere(id), conversation: { is: conversationWhere(scope.accountSid, scope.serviceSid, conversationId) } },
      select: PARTICIPANT_FIELDS,
    });
  }

  list(conversationSid: string, page: PageRequest, identities?: string[]): Promise<ParticipantRecord[]> {
    return this.prisma.participant.findMany({
      where: {
        conversationSid,
        ...(identities?.length ? { identity: { in: identities } } : {}),
        ...keysetWhere(page, ['dateCreated', 'sid']),
      },
      orderBy: keysetOrder(page, ['dateCreated', 'sid']),
      take: page.size + 1,
      select: PARTICIPANT_FIELDS,
    });
  }

  async update(
    db: Db,
    sid: string,
    data: Prisma.ParticipantUpdateManyMutationInput & { userSid?: string | null },
  ): Promise<ParticipantRecord | null> {
    const { count } = await db.participant.updateMany({ where: { sid }, data });
    return count ? db.participant.findUnique({ where: { sid }, select: PARTICIPANT_FIELDS }) : null;
  }

  /** False when the participant was already gone: a concurrent removal committed first. */
  async delete(db: Db, sid: string): Promise<boolean> {
    const { count } = await db.participant.deleteMany({ where: { sid } });
    return count > 0;
  }

  /** Deletes the invites of these identities to the conversation; answers the role each invite gave (null: none). */
  async takeInvites(db: Db, conversationSid: string, identities: string[]): Promise<Map<string, string | null>> {
    if (!identities.length) return new Map();
    const rows = await db.invite.findMany({
      where: { conversationSid, identity: { in: identities } },
      select: { identity: true, roleSid: true },
    });
    if (rows.length) await db.invite.deleteMany({ where: { conversationSid, identity: { in: rows.map((r) => r.identity) } } });
    return new Map(rows.map((r) => [r.identity, r.roleSid]));
  }

  /** Participants of one identity or address across a service's conversations, with their conversation. */
  async listWithConversations(
    accountSid: string,
    serviceSid: string,
    by: { identity: string } | { address: string },
    page: PageRequest,
  ): Promise<ParticipantConversationRecord[]> {
    const rows = await this.prisma.participant.findMany({
      where: { accountSid, serviceSid, ...by, ...keysetWhere(page, ['dateCreated', 'sid']) },
      orderBy: keysetOrder(page, ['dateCreated', 'sid']),
      take: page.size + 1,
      select: {
        ...PARTICIPANT_FIELDS,
        conversation: {
          select: {
            sid: true,
            uniqueName: true,
            friendlyName: true,
            attributes: true,
            state: true,
            dateInactive: true,
            dateClosed: true,
            createdBy: true,
            dateCreated: true,
            dateUpdated: true,
          },
        },
      },
    });
    return rows.map(({ conversation, ...participant }) => ({ participant, conversation }));
  }
}
