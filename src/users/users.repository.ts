import { Injectable } from '@nestjs/common';
import { PageRequest } from '../common/paging';
import { isSid, newSid, normalizeSid, SidPrefix } from '../common/sid';
import type { Prisma } from '../generated/prisma/client';
import { keysetOrder, keysetWhere } from '../prisma/keyset';
import { PrismaService } from '../prisma/prisma.service';
import { Db } from '../prisma/unit-of-work';
import { PARTICIPANT_FIELDS } from '../participants/participants.repository';
import type { ParticipantRecord } from '../participants/participants.types';
import type { UserRecord } from './users.types';

const USER_FIELDS = {
  sid: true,
  accountSid: true,
  serviceSid: true,
  identity: true,
  friendlyName: true,
  attributes: true,
  roleSid: true,
  online: true,
  notifiable: true,
  dateCreated: true,
  dateUpdated: true,
  service: { select: { reachabilityEnabled: true } },
} as const;

type UserRow = Prisma.UserGetPayload<{ select: typeof USER_FIELDS }>;

/**
 * Reachability (null when the service has it off): online while a realtime connection of the user is
 * up (src/presence), notifiable while it has a push registration (src/push/push-reachability.ts).
 */
function toRecord({ service, online, notifiable, ...user }: UserRow): UserRecord {
  const on = service.reachabilityEnabled;
  return { ...user, isOnline: on ? online : null, isNotifiable: on ? notifiable : null };
}

/** `where` for a user named by US SID or by identity (an alias in paths). */
export function userWhere(accountSid: string, serviceSid: string, id: string): Prisma.UserWhereInput {
  return isSid(normalizeSid(id), SidPrefix.User)
    ? { sid: normalizeSid(id), accountSid, serviceSid }
    : { identity: id, accountSid, serviceSid };
}

export type UserWrite = { friendlyName?: string | null; attributes?: string; roleSid?: string | null };

@Injectable()
export class UsersRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Inserts a user; null when the identity is taken in the service (the unique key decides). */
  async insert(
    db: Db,
    scope: { accountSid: string; serviceSid: string },
    user: { identity: string; friendlyName: string | null; attributes: string; roleSid: string | null },
  ): Promise<UserRecord | null> {
    const sid = newSid(SidPrefix.User);
    const now = new Date();
    const { count } = await db.user.createMany({
      data: [{ sid, accountSid: scope.accountSid, serviceSid: scope.serviceSid, ...user, dateCreated: now, dateUpdated: now }],
      skipDuplicates: true,
    });
    if (!count) return null;
    return toRecord((await db.user.findUnique({ where: { sid }, select: USER_FIELDS }))!);
  }

  async find(accountSid: string, serviceSid: string, id: string, db: Db = this.prisma): Promise<UserRecord | null> {
    const row = await db.user.findFirst({ where: userWhere(accountSid, serviceSid, id), select: USER_FIELDS });
    return row && toRecord(row);
  }

  /** Locks the user row for the rest of the transaction and returns it. */
  async findForUpdate(db: Db, accountSid: string, serviceSid: string, id: string): Promise<UserRecord | null> {
    const bySid = isSid(normalizeSid(id), SidPrefix.User);
    const key = bySid ? normalizeSid(id) : id;
    const rows = await db.$queryRaw<{ sid: string }[]>`
      SELECT sid FROM users
       WHERE account_sid = ${accountSid} AND service_sid = ${serviceSid}
         AND (CASE WHEN ${bySid} THEN sid = ${key} ELSE identity = ${key} END)
       FOR UPDATE`;
    if (!rows.length) return null;
    return toRecord((await db.user.findUnique({ where: { sid: rows[0].sid }, select: USER_FIELDS }))!);
  }

  async list(accountSid: string, serviceSid: string, page: PageRequest): Promise<UserRecord[]> {
    const rows = await this.prisma.user.findMany({
      where: { accountSid, serviceSid, ...keysetWhere(page, ['dateCreated', 'sid']) },
      orderBy: keysetOrder(page, ['dateCreated', 'sid']),
      take: page.size + 1,
      select: USER_FIELDS,
    });
    return rows.map(toRecord);
  }

  async update(db: Db, sid: string, data: UserWrite & { dateUpdated: Date }): Promise<UserRecord> {
    return toRecord(await db.user.update({ where: { sid }, data, select: USER_FIELDS }));
  }

  /** The chat participants of a user (by identity) across the service's conversations. */
  chatParticipants(db: Db, serviceSid: string, identity: string): Promise<ParticipantRecord[]> {
    return db.participant.findMany({
      where: { serviceSid, identity },
      select: PARTICIPANT_FIELDS,
      orderBy: [{ dateCreated: 'asc' }, { sid: 'asc' }],
    });
  }

  /** Deletes a user and its chat participants (their messaging bindings go with them). */
  async delete(db: Db, user: { sid: string; serviceSid: string; identity: string }): Promise<void> {
    await db.participant.deleteMany({ where: { serviceSid: user.serviceSid, identity: user.identity } });
    await db.user.delete({ where: { sid: user.sid } });
  }
}
