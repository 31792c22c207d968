import { Injectable } from '@nestjs/common';
import { PageRequest } from '../common/paging';
import { newSid, SidPrefix } from '../common/sid';
import type { Prisma } from '../generated/prisma/client';
import { keysetOrder, keysetWhere } from '../prisma/keyset';
import { PrismaService } from '../prisma/prisma.service';
import type { Db } from '../prisma/unit-of-work';
import type { FlexChannelType, FlexFlowRecord, FlexFlowWrite } from './flex.types';

type FlexFlowRow = Prisma.FlexFlowGetPayload<object>;

function toRecord(r: FlexFlowRow): FlexFlowRecord {
  return {
    sid: r.sid,
    accountSid: r.accountSid,
    friendlyName: r.friendlyName,
    chatServiceSid: r.chatServiceSid,
    channelType: r.channelType as FlexChannelType,
    contactIdentity: r.contactIdentity,
    enabled: r.enabled,
    integrationType: r.integrationType as FlexFlowRecord['integrationType'],
    integration: {
      url: r.integrationUrl,
      flowSid: r.integrationFlowSid,
      retryCount: r.integrationRetryCount,
      creationOnMessage: r.integrationCreationOnMessage,
    },
    longLived: r.longLived,
    janitorEnabled: r.janitorEnabled,
    dateCreated: r.dateCreated,
    dateUpdated: r.dateUpdated,
  };
}

function columns(w: FlexFlowWrite) {
  return {
    friendlyName: w.friendlyName,
    chatServiceSid: w.chatServiceSid,
    channelType: w.channelType,
    contactIdentity: w.contactIdentity,
    enabled: w.enabled,
    integrationType: w.integrationType,
    integrationUrl: w.integration.url,
    integrationFlowSid: w.integration.flowSid,
    integrationRetryCount: w.integration.retryCount,
    integrationCreationOnMessage: w.integration.creationOnMessage,
    longLived: w.longLived,
    janitorEnabled: w.janitorEnabled,
  };
}

@Injectable()
export class FlexFlowsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Inserts a flow; an enabled one whose contact identity and channel type are taken fails on flex_flows_enabled_contact_key (23505). */
  async insert(accountSid: string, flow: FlexFlowWrite): Promise<FlexFlowRecord> {
    const now = new Date();
    const row = await this.prisma.flexFlow.create({
      data: { sid: newSid(SidPrefix.FlexFlow), accountSid, ...columns(flow), dateCreated: now, dateUpdated: now },
    });
    return toRecord(row);
  }

  async find(accountSid: string, sid: string, db: Db = this.prisma): Promise<FlexFlowRecord | null> {
    const row = await db.flexFlow.findFirst({ where: { sid, accountSid } });
    return row && toRecord(row);
  }

  /** Locks the flow for the rest of the transaction (an update against a concurrent one). */
  async findForUpdate(db: Db, accountSid: string, sid: string): Promise<FlexFlowRecord | null> {
    const rows = await db.$queryRaw<{ sid: string }[]>`
      SELECT sid FROM flex_flows WHERE sid = ${sid} AND account_sid = ${accountSid} FOR UPDATE`;
    return rows.length ? this.find(accountSid, sid, db) : null;
  }

  /** The enabled flow of the account that serves a contact identity on a channel type, if any. */
  async findEnabledByContact(accountSid: string, channelType: string, contactIdentity: string): Promise<FlexFlowRecord | null> {
    const row = await this.prisma.flexFlow.findFirst({ where: { accountSid, channelType, contactIdentity, enabled: true } });
    return row && toRecord(row);
  }

  async list(accountSid: string, filter: { friendlyName?: string }, page: PageRequest): Promise<FlexFlowRecord[]> {
    const rows = await this.prisma.flexFlow.findMany({
      where: {
        accountSid,
        ...(filter.friendlyName !== undefined ? { friendlyName: filter.friendlyName } : {}),
        ...keysetWhere(page, ['dateCreated', 'sid']),
      },
      orderBy: keysetOrder(page, ['dateCreated', 'sid']),
      take: page.size + 1,
    });
    return rows.map(toRecord);
  }

  async update(db: Db, sid: string, flow: FlexFlowWrite): Promise<FlexFlowRecord> {
    return toRecord(await db.flexFlow.update({ where: { sid }, data: { ...columns(flow), dateUpdated: new Date() } }));
  }

  /** Deletes a flow of the account; its Flex channel records go with it (the chat channels stay). */
  async delete(accountSid: string, sid: string): Promise<boolean> {
    const { count } = await this.prisma.flexFlow.deleteMany({ where: { sid, accountSid } });
    return count > 0;
  }
}
