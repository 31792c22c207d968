import { Injectable } from '@nestjs/common';
import { PageRequest } from '../common/paging';
import { normalizeSid } from '../common/sid';
import { conversationWhere } from '../conversations/conversations.repository';
import { keysetOrder, keysetWhere } from '../prisma/keyset';
import { PrismaService } from '../prisma/prisma.service';
import type { ReceiptRecord } from '../delivery/delivery.types';

export type { ReceiptRecord };

const RECEIPT_FIELDS = {
  sid: true,
  accountSid: true,
  serviceSid: true,
  conversationSid: true,
  messageSid: true,
  participantSid: true,
  channelMessageSid: true,
  status: true,
  errorCode: true,
  dateCreated: true,
  dateUpdated: true,
} as const;

/** Delivery receipts as the REST API reads them (the delivery worker moves them: src/delivery). */
@Injectable()
export class ReceiptsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The message's SID when it exists in that conversation of that scope. */
  async messageSid(scope: { accountSid: string; serviceSid: string }, conversationId: string, messageSid: string): Promise<string | null> {
    const row = await this.prisma.message.findFirst({
      where: { sid: normalizeSid(messageSid), conversation: { is: conversationWhere(scope.accountSid, scope.serviceSid, conversationId) } },
      select: { sid: true },
    });
    return row?.sid ?? null;
  }

  list(messageSid: string, page: PageRequest): Promise<ReceiptRecord[]> {
    return this.prisma.deliveryReceipt.findMany({
      where: { messageSid, ...keysetWhere(page, ['dateCreated', 'sid']) },
      orderBy: keysetOrder(page, ['dateCreated', 'sid']),
      take: page.size + 1,
      select: RECEIPT_FIELDS,
    });
  }

  find(messageSid: string, sid: string): Promise<ReceiptRecord | null> {
    return this.prisma.deliveryReceipt.findFirst({ where: { messageSid, sid: normalizeSid(sid) }, select: RECEIPT_FIELDS });
  }
}
