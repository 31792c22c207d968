import { Injectable } from '@nestjs/common';
import { newSid, SidPrefix } from '../common/sid';
import { PageRequest } from '../common/paging';
import type { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import type { Db } from '../prisma/unit-of-work';
import { keysetWhere, keysetOrder } from '../prisma/keyset';
import { DEFAULT_ROLES } from './default-roles';
import type {
  AccountConfigurationRecord,
  ChatSettingsInput,
  ChatSettingsRecord,
  ServiceConfigurationRecord,
  ServiceRecord,
} from './services.types';

const SERVICE_FIELDS = { sid: true, accountSid: true, friendlyName: true, dateCreated: true, dateUpdated: true } as const;

const CHAT_SETTINGS_FIELDS = {
  ...SERVICE_FIELDS,
  defaultConversationCreatorRoleSid: true,
  defaultConversationRoleSid: true,
  defaultChatServiceRoleSid: true,
  reachabilityEnabled: true,
  readStatusEnabled: true,
  typingIndicatorTimeout: true,
  consumptionReportInterval: true,
  preWebhookRetryCount: true,
  postWebhookRetryCount: true,
  limitsChannelMembers: true,
  limitsUserChannels: true,
  mediaCompatibilityMessage: true,
} as const;

@Injectable()
export class ServicesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** A service with Twilio's default roles, inside the caller's transaction. */
  async createInTransaction(tx: Prisma.TransactionClient, accountSid: string, friendlyName: string): Promise<ServiceRecord> {
    const sid = newSid(SidPrefix.Service);
    const roles = DEFAULT_ROLES.map((r) => ({ ...r, sid: newSid(SidPrefix.Role) }));
    const roleSid = (key: string) => roles.find((r) => r.key === key)!.sid;
    const service = await tx.service.create({
      data: {
        sid,
        accountSid,
        friendlyName,
        defaultConversationCreatorRoleSid: roleSid('channelAdmin'),
        defaultConversationRoleSid: roleSid('channelUser'),
        defaultChatServiceRoleSid: roleSid('serviceUser'),
      },
      select: SERVICE_FIELDS,
    });
    await tx.role.createMany({
      data: roles.map((r) => ({
        sid: r.sid,
        accountSid,
        serviceSid: sid,
        friendlyName: r.friendlyName,
        type: r.type,
        permissions: r.permissions,
      })),
    });
    return service;
  }

  create(accountSid: string, friendlyName: string): Promise<ServiceRecord> {
    return this.prisma.$transaction((tx) => this.createInTransaction(tx, accountSid, friendlyName));
  }

  find(accountSid: string, sid: string): Promise<ServiceRecord | null> {
    return this.prisma.service.findFirst({ where: { sid, accountSid }, select: SERVICE_FIELDS });
  }

  /** The owner of a service, for scope checks. */
  async ownerOf(sid: string): Promise<string | null> {
    const row = await this.prisma.service.findUnique({ where: { sid }, select: { accountSid: true } });
    return row?.accountSid ?? null;
  }

  list(accountSid: string, page: PageRequest): Promise<ServiceRecord[]> {
    return this.prisma.service.findMany({
      where: { accountSid, ...keysetWhere(page, ['dateCreated', 'sid']) },
      orderBy: keysetOrder(page, ['dateCreated', 'sid']),
      take: page.size + 1,
      select: SERVICE_FIELDS,
    });
  }

  async delete(accountSid: string, sid: string): Promise<boolean> {
    const { count } = await this.prisma.service.deleteMany({ where: { sid, accountSid } });
    return count > 0;
  }

  findConfiguration(accountSid: string, sid: string, db: Db = this.prisma): Promise<ServiceConfigurationRecord | null> {
    return db.service.findFirst({
      where: { sid, accountSid },
      select: {
        sid: true,
        accountSid: true,
        defaultConversationCreatorRoleSid: true,
        defaultConversationRoleSid: true,
        defaultChatServiceRoleSid: true,
        reachabilityEnabled: true,
      },
    });
  }

  async updateConfiguration(
    accountSid: string,
    sid: string,
    data: Partial<Omit<ServiceConfigurationRecord, 'sid' | 'accountSid'>>,
    db: Db = this.prisma,
  ): Promise<ServiceConfigurationRecord | null> {
    const { count } = await db.service.updateMany({ where: { sid, accountSid }, data: { ...data, dateUpdated: new Date() } });
    return count ? this.findConfiguration(accountSid, sid, db) : null;
  }

  /** Members per conversation and conversations per user, at most (Limits.ChannelMembers, Limits.UserChannels). */
  async limitsOf(serviceSid: string, db: Db = this.prisma): Promise<{ channelMembers: number; userChannels: number }> {
    const row = await db.service.findUnique({
      where: { sid: serviceSid },
      select: { limitsChannelMembers: true, limitsUserChannels: true },
    });
    return { channelMembers: row?.limitsChannelMembers ?? 1000, userChannels: row?.limitsUserChannels ?? 1000 };
  }

  findChatSettings(accountSid: string, sid: string): Promise<ChatSettingsRecord | null> {
    return this.prisma.service.findFirst({ where: { sid, accountSid }, select: CHAT_SETTINGS_FIELDS });
  }

  async updateChatSettings(accountSid: string, sid: string, data: ChatSettingsInput, db: Db = this.prisma): Promise<boolean> {
    const { count } = await db.service.updateMany({ where: { sid, accountSid }, data: { ...data, dateUpdated: new Date() } });
    return count > 0;
  }

  /** Roles of a service with the given SIDs (to check that configuration points at real roles). */
  async rolesOf(serviceSid: string, sids: string[], db: Db = this.prisma): Promise<{ sid: string; type: string }[]> {
    return db.role.findMany({ where: { serviceSid, sid: { in: sids } }, select: { sid: true, type: true } });
  }

  findAccountConfiguration(accountSid: string): Promise<AccountConfigurationRecord | null> {
    return this.prisma.accountConfiguration.findUnique({
      where: { accountSid },
      select: {
        accountSid: true,
        defaultChatServiceSid: true,
        defaultMessagingServiceSid: true,
        defaultInactiveTimer: true,
        defaultClosedTimer: true,
      },
    });
  }

  updateAccountConfiguration(
    accountSid: string,
    data: Partial<Omit<AccountConfigurationRecord, 'accountSid'>>,
  ): Promise<AccountConfigurationRecord> {
    return this.prisma.accountConfiguration.update({
      where: { accountSid },
      data: { ...data, dateUpdated: new Date() },
      select: {
        accountSid: true,
        defaultChatServiceSid: true,
        defaultMessagingServiceSid: true,
        defaultInactiveTimer: true,
        defaultClosedTimer: true,
      },
    });
  }
}
