import { Injectable } from '@nestjs/common';
import { PageRequest } from '../common/paging';
import { newSid, SidPrefix } from '../common/sid';
import { keysetOrder, keysetWhere } from '../prisma/keyset';
import { PrismaService } from '../prisma/prisma.service';
import { Db } from '../prisma/unit-of-work';
import type { RoleType } from '../services/default-roles';
import type { RoleRecord } from './roles.types';

const ROLE_FIELDS = {
  sid: true,
  accountSid: true,
  serviceSid: true,
  friendlyName: true,
  type: true,
  permissions: true,
  dateCreated: true,
  dateUpdated: true,
} as const;

type RoleRow = Omit<RoleRecord, 'type'> & { type: string };
const toRecord = (row: RoleRow): RoleRecord => ({ ...row, type: row.type as RoleType });

/** Why a role cannot go: named by the service configuration, or held by a user or a participant. */
export type RoleUsage =
  { by: 'configuration'; setting: string } | { by: 'user'; sid: string } | { by: 'participant'; sid: string; conversationSid: string };

@Injectable()
export class RolesRepository {
  constructor(private readonly prisma: PrismaService) {}

  async insert(
    scope: { accountSid: string; serviceSid: string },
    role: { friendlyName: string; type: RoleType; permissions: string[] },
  ): Promise<RoleRecord> {
    const now = new Date();
    const row = await this.prisma.role.create({
      data: {
        sid: newSid(SidPrefix.Role),
        accountSid: scope.accountSid,
        serviceSid: scope.serviceSid,
        ...role,
        dateCreated: now,
        dateUpdated: now,
      },
      select: ROLE_FIELDS,
    });
    return toRecord(row);
  }

  async find(accountSid: string, serviceSid: string, sid: string, db: Db = this.prisma): Promise<RoleRecord | null> {
    const row = await db.role.findFirst({ where: { sid, accountSid, serviceSid }, select: ROLE_FIELDS });
    return row && toRecord(row);
  }

  /** Locks the role row for the rest of the transaction. */
  async lock(db: Db, accountSid: string, serviceSid: string, sid: string): Promise<boolean> {
    const rows = await db.$queryRaw<{ sid: string }[]>`
      SELECT sid FROM roles WHERE sid = ${sid} AND account_sid = ${accountSid} AND service_sid = ${serviceSid} FOR UPDATE`;
    return rows.length > 0;
  }

  async list(accountSid: string, serviceSid: string, page: PageRequest): Promise<RoleRecord[]> {
    const rows = await this.prisma.role.findMany({
      where: { accountSid, serviceSid, ...keysetWhere(page, ['dateCreated', 'sid']) },
      orderBy: keysetOrder(page, ['dateCreated', 'sid']),
      take: page.size + 1,
      select: ROLE_FIELDS,
    });
    return rows.map(toRecord);
  }

  async updatePermissions(accountSid: string, serviceSid: string, sid: string, permissions: string[]): Promise<RoleRecord | null> {
    const { count } = await this.prisma.role.updateMany({
      where: { sid, accountSid, serviceSid },
      data: { permissions, dateUpdated: new Date() },
    });
    return count ? this.find(accountSid, serviceSid, sid) : null;
  }

  /** The first reason found why the role is still needed, or null. */
  async usage(db: Db, serviceSid: string, sid: string): Promise<RoleUsage | null> {
    const service = await db.service.findUnique({
      where: { sid: serviceSid },
      select: { defaultChatServiceRoleSid: true, defaultConversationRoleSid: true, defaultConversationCreatorRoleSid: true },
    });
    if (service?.defaultChatServiceRoleSid === sid) return { by: 'configuration', setting: 'DefaultChatServiceRoleSid' };
    if (service?.defaultConversationRoleSid === sid) return { by: 'configuration', setting: 'DefaultConversationRoleSid' };
    if (service?.defaultConversationCreatorRoleSid === sid) return { by: 'configuration', setting: 'DefaultConversationCreatorRoleSid' };
    const user = await db.user.findFirst({ where: { serviceSid, roleSid: sid }, select: { sid: true } });
    if (user) return { by: 'user', sid: user.sid };
    const participant = await db.participant.findFirst({
      where: { serviceSid, roleSid: sid },
      select: { sid: true, conversationSid: true },
    });
    if (participant) return { by: 'participant', ...participant };
    return null;
  }

  async delete(db: Db, sid: string): Promise<void> {
    await db.role.delete({ where: { sid } });
  }

  /** Permissions of the given roles of a service, by role SID. */
  async permissionsOf(serviceSid: string, sids: string[]): Promise<Map<string, { type: string; permissions: string[] }>> {
    if (!sids.length) return new Map();
    const rows = await this.prisma.role.findMany({
      where: { serviceSid, sid: { in: sids } },
      select: { sid: true, type: true, permissions: true },
    });
    return new Map(rows.map((r) => [r.sid, { type: r.type, permissions: r.permissions }]));
  }

  /**
   * The role SIDs that apply to a chat user: its user's service role (else the service default) and,
   * when a conversation is given and the identity takes part in it, its participant's role (else the
   * service's default conversation role). Null when the service does not exist.
   */
  async roleSidsFor(
    serviceSid: string,
    identity: string,
    conversation?: { sid: string } | { uniqueName: string },
  ): Promise<{ service: string | null; conversation: string | null; participant: boolean } | null> {
    const service = await this.prisma.service.findUnique({
      where: { sid: serviceSid },
      select: { defaultChatServiceRoleSid: true, defaultConversationRoleSid: true },
    });
    if (!service) return null;
    const user = await this.prisma.user.findUnique({ where: { serviceSid_identity: { serviceSid, identity } }, select: { roleSid: true } });
    const participant = conversation
      ? await this.prisma.participant.findFirst({
          where: { serviceSid, identity, conversation: { is: { serviceSid, ...conversation } } },
          select: { roleSid: true },
        })
      : null;
    return {
      service: user?.roleSid ?? service.defaultChatServiceRoleSid,
      conversation: participant ? (participant.roleSid ?? service.defaultConversationRoleSid) : null,
      participant: participant !== null,
    };
  }
}
