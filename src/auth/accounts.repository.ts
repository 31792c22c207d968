import { Injectable } from '@nestjs/common';
import { PageRequest } from '../common/paging';
import { newSid, SidPrefix } from '../common/sid';
import { PrismaService } from '../prisma/prisma.service';
import { keysetOrder, keysetWhere } from '../prisma/keyset';
import { ServicesRepository } from '../services/services.repository';
import type { AccountRecord, ApiKeyRecord, CredentialRecord } from './auth.types';

const ACCOUNT_FIELDS = {
  sid: true,
  friendlyName: true,
  ownerAccountSid: true,
  status: true,
  type: true,
  dateCreated: true,
  dateUpdated: true,
} as const;
const KEY_FIELDS = { sid: true, accountSid: true, friendlyName: true, dateCreated: true, dateUpdated: true } as const;

@Injectable()
export class AccountsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly services: ServicesRepository,
  ) {}

  /** An account with its default Conversation Service and configuration, all or nothing. */
  async create(args: { sid?: string; friendlyName: string; authToken: string; ownerAccountSid?: string }): Promise<AccountRecord> {
    const sid = args.sid ?? newSid(SidPrefix.Account);
    return this.prisma.$transaction(async (tx) => {
      const account = await tx.account.create({
        data: { sid, friendlyName: args.friendlyName, authToken: args.authToken, ownerAccountSid: args.ownerAccountSid ?? null },
        select: ACCOUNT_FIELDS,
      });
      const service = await this.services.createInTransaction(tx, sid, 'Default Conversations Service');
      await tx.accountConfiguration.create({ data: { accountSid: sid, defaultChatServiceSid: service.sid } });
      return account;
    });
  }

  find(sid: string): Promise<AccountRecord | null> {
    return this.prisma.account.findUnique({ where: { sid }, select: ACCOUNT_FIELDS });
  }

  async setAuthToken(sid: string, authToken: string): Promise<void> {
    await this.prisma.account.update({ where: { sid }, data: { authToken, status: 'active', dateUpdated: new Date() } });
  }

  update(sid: string, data: { friendlyName?: string; status?: string }): Promise<AccountRecord> {
    return this.prisma.account.update({ where: { sid }, data: { ...data, dateUpdated: new Date() }, select: ACCOUNT_FIELDS });
  }

  /** The account itself and the subaccounts it owns, by creation. */
  listVisible(accountSid: string, filter: { friendlyName?: string; status?: string }, page: PageRequest): Promise<AccountRecord[]> {
    return this.prisma.account.findMany({
      where: {
        AND: [
          { OR: [{ sid: accountSid }, { ownerAccountSid: accountSid }] },
          filter.friendlyName !== undefined ? { friendlyName: filter.friendlyName } : {},
          filter.status !== undefined ? { status: filter.status } : {},
          keysetWhere(page, ['dateCreated', 'sid']),
        ],
      },
      orderBy: keysetOrder(page, ['dateCreated', 'sid']),
      take: page.size + 1,
      select: ACCOUNT_FIELDS,
    });
  }

  /** Whether `sid` is `ancestorSid` or below it in the tree of subaccounts. */
  async isWithin(ancestorSid: string, sid: string): Promise<boolean> {
    const [row] = await this.prisma.$queryRaw<{ within: boolean }[]>`
      WITH RECURSIVE up AS (
        SELECT sid, owner_account_sid, 0 AS depth FROM accounts WHERE sid = ${sid}
        UNION ALL
        SELECT a.sid, a.owner_account_sid, up.depth + 1 FROM accounts a JOIN up ON a.sid = up.owner_account_sid WHERE up.depth < 32
      )
      SELECT EXISTS (SELECT 1 FROM up WHERE sid = ${ancestorSid}) AS within`;
    return row.within;
  }

  async findCredential(sid: string): Promise<CredentialRecord | null> {
    if (sid.startsWith(SidPrefix.ApiKey)) {
      const key = await this.prisma.apiKey.findUnique({
        where: { sid },
        select: {
          sid: true,
          secret: true,
          keyType: true,
          account: { select: { sid: true, status: true, configuration: { select: { defaultChatServiceSid: true } } } },
        },
      });
      if (!key?.account.configuration) return null;
      return {
        credentialSid: key.sid,
        accountSid: key.account.sid,
        secret: key.secret,
        status: key.account.status,
        defaultServiceSid: key.account.configuration.defaultChatServiceSid,
        isApiKey: true,
        canManageAccounts: key.keyType === 'main',
      };
    }
    const account = await this.prisma.account.findUnique({
      where: { sid },
      select: { sid: true, authToken: true, status: true, configuration: { select: { defaultChatServiceSid: true } } },
    });
    if (!account?.configuration) return null;
    return {
      credentialSid: account.sid,
      accountSid: account.sid,
      secret: account.authToken,
      status: account.status,
      defaultServiceSid: account.configuration.defaultChatServiceSid,
      isApiKey: false,
      canManageAccounts: true,
    };
  }

  createKey(accountSid: string, friendlyName: string, secret: string, keyType: 'standard' | 'main'): Promise<ApiKeyRecord> {
    return this.prisma.apiKey.create({
      data: { sid: newSid(SidPrefix.ApiKey), accountSid, friendlyName, secret, keyType },
      select: KEY_FIELDS,
    });
  }

  findKey(accountSid: string, sid: string): Promise<ApiKeyRecord | null> {
    return this.prisma.apiKey.findFirst({ where: { sid, accountSid }, select: KEY_FIELDS });
  }

  listKeys(accountSid: string, page: PageRequest): Promise<ApiKeyRecord[]> {
    return this.prisma.apiKey.findMany({
      where: { accountSid, ...keysetWhere(page, ['dateCreated', 'sid']) },
      orderBy: keysetOrder(page, ['dateCreated', 'sid']),
      take: page.size + 1,
      select: KEY_FIELDS,
    });
  }

  async updateKey(accountSid: string, sid: string, friendlyName: string): Promise<ApiKeyRecord | null> {
    const { count } = await this.prisma.apiKey.updateMany({ where: { sid, accountSid }, data: { friendlyName, dateUpdated: new Date() } });
    return count ? this.findKey(accountSid, sid) : null;
  }

  async deleteKey(accountSid: string, sid: string): Promise<boolean> {
    const { count } = await this.prisma.apiKey.deleteMany({ where: { sid, accountSid } });
    return count > 0;
  }
}
