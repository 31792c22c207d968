import { Injectable } from '@nestjs/common';
import { PageRequest } from '../common/paging';
import { newSid, normalizeSid, SidPrefix } from '../common/sid';
import { keysetOrder, keysetWhere } from '../prisma/keyset';
import { PrismaService } from '../prisma/prisma.service';
import type { Db } from '../prisma/unit-of-work';

export interface NewConversationWebhook {
  accountSid: string;
  serviceSid: string;
  conversationSid: string;
  target: 'webhook' | 'trigger' | 'studio';
  url: string | null;
  method: string | null;
  filters: string[];
  triggers?: string[];
  flowSid?: string | null;
  replayAfter?: number | null;
  /** `chat` when made through Chat v2: events go in Programmable Chat's form. */
  format?: 'conversations' | 'chat';
  retryCount?: number | null;
}

export interface ConversationWebhookRecord extends Required<NewConversationWebhook> {
  sid: string;
  dateCreated: Date;
  dateUpdated: Date;
}

/** Conversation-scoped webhooks (WH). */
@Injectable()
export class ConversationWebhooksRepository {
  constructor(private readonly prisma: PrismaService) {}

  async insert(db: Db, hook: NewConversationWebhook): Promise<ConversationWebhookRecord> {
    return db.conversationWebhook.create({
      data: {
        sid: newSid(SidPrefix.ConversationWebhook),
        ...hook,
        triggers: hook.triggers ?? [],
        flowSid: hook.flowSid ?? null,
        replayAfter: hook.replayAfter ?? null,
        format: hook.format ?? 'conversations',
        retryCount: hook.retryCount ?? null,
      },
    }) as Promise<ConversationWebhookRecord>;
  }

  count(db: Db, conversationSid: string): Promise<number> {
    return db.conversationWebhook.count({ where: { conversationSid } });
  }

  list(conversationSid: string, page: PageRequest): Promise<ConversationWebhookRecord[]> {
    return this.prisma.conversationWebhook.findMany({
      where: { conversationSid, ...keysetWhere(page, ['dateCreated', 'sid']) },
      orderBy: keysetOrder(page, ['dateCreated', 'sid']),
      take: page.size + 1,
    }) as Promise<ConversationWebhookRecord[]>;
  }

  find(conversationSid: string, sid: string): Promise<ConversationWebhookRecord | null> {
    return this.prisma.conversationWebhook.findFirst({
      where: { conversationSid, sid: normalizeSid(sid) },
    }) as Promise<ConversationWebhookRecord | null>;
  }

  /** Null when the webhook is gone (removed by a concurrent request). */
  async update(sid: string, data: Partial<NewConversationWebhook>): Promise<ConversationWebhookRecord | null> {
    const { count } = await this.prisma.conversationWebhook.updateMany({ where: { sid }, data: { ...data, dateUpdated: new Date() } });
    return count ? ((await this.prisma.conversationWebhook.findUnique({ where: { sid } })) as ConversationWebhookRecord | null) : null;
  }

  /** False when the webhook was already gone (a concurrent removal). */
  async delete(sid: string): Promise<boolean> {
    const { count } = await this.prisma.conversationWebhook.deleteMany({ where: { sid } });
    return count > 0;
  }

  /** Messages from an index on, for a replay (ReplayAfter). */
  messagesFrom(db: Db, conversationSid: string, index: number, limit: number) {
    return db.message.findMany({ where: { conversationSid, index: { gte: index } }, orderBy: { index: 'asc' }, take: limit });
  }
}
