import { Injectable } from '@nestjs/common';
import { PageRequest } from '../common/paging';
import { keysetOrder, keysetWhere } from '../prisma/keyset';
import { PrismaService } from '../prisma/prisma.service';
import type { Db } from '../prisma/unit-of-work';
import type { FlexChannelRecord, FlexFlowRecord } from './flex.types';
import { FlexFlowsRepository } from './flex-flows.repository';

const CHANNEL_FIELDS = {
  sid: true,
  accountSid: true,
  flexFlowSid: true,
  identity: true,
  userSid: true,
  target: true,
  longLived: true,
  webhookSid: true,
  dateCreated: true,
  dateUpdated: true,
} as const;

@Injectable()
export class FlexChannelsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly flows: FlexFlowsRepository,
  ) {}

  /**
   * The flow a channel is being made through, read inside the transaction with a key-share lock: a
   * concurrent delete of the flow waits for the channel (and then takes it along), never the reverse.
   */
  async flowForChannel(db: Db, accountSid: string, flowSid: string): Promise<FlexFlowRecord | null> {
    const rows = await db.$queryRaw<{ sid: string }[]>`
      SELECT sid FROM flex_flows WHERE sid = ${flowSid} AND account_sid = ${accountSid} FOR KEY SHARE`;
    return rows.length ? this.flows.find(accountSid, flowSid, db) : null;
  }

  async insert(
    db: Db,
    channel: Omit<FlexChannelRecord, 'dateCreated' | 'dateUpdated'> & { dateCreated: Date },
  ): Promise<FlexChannelRecord> {
    return db.flexChannel.create({ data: { ...channel, dateUpdated: channel.dateCreated }, select: CHANNEL_FIELDS });
  }

  /**
   * The identity's open long-lived channel of a flow, if any: made long-lived, its conversation not
   * closed, the identity still a member of it. The newest when there are several.
   */
  async findOpen(db: Db, flowSid: string, identity: string): Promise<FlexChannelRecord | null> {
    const [row] = await db.$queryRaw<{ sid: string }[]>`
      SELECT fc.sid FROM flex_channels fc JOIN conversations c ON c.sid = fc.sid
       WHERE fc.flex_flow_sid = ${flowSid} AND fc.identity = ${identity} AND fc.long_lived AND c.state <> 'closed'
         AND EXISTS (SELECT 1 FROM participants p WHERE p.conversation_sid = fc.sid AND p.identity = fc.identity)
       ORDER BY fc.date_created DESC, fc.sid DESC LIMIT 1`;
    return row ? db.flexChannel.findUnique({ where: { sid: row.sid }, select: CHANNEL_FIELDS }) : null;
  }

  /** A channel of the account, with the chat service its conversation is in. */
  async find(accountSid: string, sid: string): Promise<(FlexChannelRecord & { serviceSid: string }) | null> {
    const row = await this.prisma.flexChannel.findFirst({
      where: { sid, accountSid },
      select: { ...CHANNEL_FIELDS, conversation: { select: { serviceSid: true } } },
    });
    if (!row) return null;
    const { conversation, ...channel } = row;
    return { ...channel, serviceSid: conversation.serviceSid };
  }

  list(accountSid: string, page: PageRequest): Promise<FlexChannelRecord[]> {
    return this.prisma.flexChannel.findMany({
      where: { accountSid, ...keysetWhere(page, ['dateCreated', 'sid']) },
      orderBy: keysetOrder(page, ['dateCreated', 'sid']),
      take: page.size + 1,
      select: CHANNEL_FIELDS,
    });
  }
}
