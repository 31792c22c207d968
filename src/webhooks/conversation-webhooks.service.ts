import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { PageRequest, PageSlice, sliceRows } from '../common/paging';
import { resourcePath } from '../common/resource-path';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { UnitOfWork } from '../prisma/unit-of-work';
import type { ServiceScope } from '../services/services.types';
import {
  ConversationWebhooksRepository,
  type ConversationWebhookRecord,
  type NewConversationWebhook,
} from './conversation-webhooks.repository';
import {
  ConversationWebhookFieldsDto,
  CreateConversationWebhookDto,
  MAX_CONVERSATION_WEBHOOKS,
  MAX_TRIGGER_LENGTH,
  MAX_TRIGGERS,
  UpdateConversationWebhookDto,
} from './conversation-webhooks.dto';
import { webhookErrors, type WebhookErrors } from './conversation-webhook-errors';
import { ChangeFeed } from '../events/change-feed';

/** Replays are bounded: the newest messages from ReplayAfter on, at most this many. */
const MAX_REPLAY = 1000;

/**
 * Conversation-scoped webhooks (target webhook, trigger or studio), at most 5 per conversation.
 * Errors are in the caller's API (`scope.api`): Conversations' 50360-50372 or Chat's 50320-50332.
 */
@Injectable()
export class ConversationWebhooksService {
  constructor(
    private readonly hooks: ConversationWebhooksRepository,
    private readonly conversations: ConversationsRepository,
    private readonly feed: ChangeFeed,
    private readonly uow: UnitOfWork,
  ) {}

  /** `chat`: made through Chat v2 (its events in Chat's form, retried `retryCount` times). */
  async create(
    scope: ServiceScope,
    conversationId: string,
    dto: CreateConversationWebhookDto,
    chat?: { retryCount?: number },
  ): Promise<ConversationWebhookRecord> {
    const errors = webhookErrors(scope.api);
    const fields = checked(dto.target, dto, errors);
    const conversation = await this.conversations.find(scope.accountSid, scope.serviceSid, conversationId);
    if (!conversation) throw Errors.notFound(resourcePath(scope, 'Conversations', conversationId, 'Webhooks'));
    return this.uow.run(async (db) => {
      await this.conversations.findForUpdate(db, scope.accountSid, scope.serviceSid, conversation.sid);
      if ((await this.hooks.count(db, conversation.sid)) >= MAX_CONVERSATION_WEBHOOKS) {
        throw errors.tooMany(MAX_CONVERSATION_WEBHOOKS);
      }
      const hook = await this.hooks.insert(db, {
        accountSid: scope.accountSid,
        serviceSid: scope.serviceSid,
        conversationSid: conversation.sid,
        target: dto.target,
        ...fields,
        replayAfter: dto.replayAfter ?? null,
        ...(chat ? { format: 'chat' as const, retryCount: chat.retryCount ?? null } : {}),
      });
      if (dto.replayAfter !== undefined && dto.target !== 'studio') {
        for (const m of await this.hooks.messagesFrom(db, conversation.sid, dto.replayAfter, MAX_REPLAY)) {
          await this.feed.record(
            db,
            { source: 'API', webhooks: true },
            {
              type: 'webhook.replay',
              accountSid: scope.accountSid,
              serviceSid: scope.serviceSid,
              conversationSid: conversation.sid,
              onlyWebhookSid: hook.sid,
              fields: {
                ConversationSid: m.conversationSid,
                MessageSid: m.sid,
                Index: m.index,
                Author: m.author,
                Body: m.body,
                Attributes: m.attributes,
                ParticipantSid: m.participantSid,
                DateCreated: m.dateCreated.toISOString().replace(/\.\d{3}Z$/, 'Z'),
              },
            },
          );
        }
      }
      return hook;
    });
  }

  async list(scope: ServiceScope, conversationId: string, page: PageRequest): Promise<PageSlice<ConversationWebhookRecord>> {
    const conversation = await this.conversations.find(scope.accountSid, scope.serviceSid, conversationId);
    if (!conversation) throw Errors.notFound(resourcePath(scope, 'Conversations', conversationId, 'Webhooks'));
    return sliceRows(await this.hooks.list(conversation.sid, page), page);
  }

  async fetch(scope: ServiceScope, conversationId: string, sid: string): Promise<ConversationWebhookRecord> {
    const errors = webhookErrors(scope.api);
    if (!/^WH[0-9a-fA-F]{32}$/.test(sid)) throw errors.invalidSid(sid);
    const conversation = await this.conversations.find(scope.accountSid, scope.serviceSid, conversationId);
    const hook = conversation ? await this.hooks.find(conversation.sid, sid) : null;
    if (!hook) throw errors.notFound(sid);
    return hook;
  }

  async update(
    scope: ServiceScope,
    conversationId: string,
    sid: string,
    dto: UpdateConversationWebhookDto,
    chat?: { retryCount?: number },
  ): Promise<ConversationWebhookRecord> {
    const current = await this.fetch(scope, conversationId, sid);
    const merged: ConversationWebhookFieldsDto = {
      url: dto.url ?? current.url ?? undefined,
      method: (dto.method ?? current.method ?? undefined) as 'get' | 'post' | undefined,
      filters: dto.filters ?? current.filters,
      triggers: dto.triggers ?? current.triggers,
      flowSid: dto.flowSid ?? current.flowSid ?? undefined,
    };
    const updated = await this.hooks.update(current.sid, {
      ...checked(current.target as NewConversationWebhook['target'], merged, webhookErrors(scope.api)),
      ...(chat?.retryCount !== undefined ? { retryCount: chat.retryCount } : {}),
    });
    return updated ?? Promise.reject(Errors.notFound(resourcePath(scope, 'Conversations', conversationId, 'Webhooks', sid)));
  }

  async delete(scope: ServiceScope, conversationId: string, sid: string): Promise<void> {
    const current = await this.fetch(scope, conversationId, sid);
    if (!(await this.hooks.delete(current.sid)))
      throw Errors.notFound(resourcePath(scope, 'Conversations', conversationId, 'Webhooks', sid));
  }
}

/** What each target needs: webhook a URL and filters, trigger a URL and 1 to 5 keywords, studio a flow; errors in the caller's API. */
function checked(
  target: NewConversationWebhook['target'],
  f: ConversationWebhookFieldsDto,
  errors: WebhookErrors,
): Pick<NewConversationWebhook, 'url' | 'method' | 'filters' | 'triggers' | 'flowSid'> {
  if (target === 'studio') {
    if (!f.flowSid) throw errors.flowSidMissing();
    return { url: null, method: null, filters: [], triggers: [], flowSid: f.flowSid };
  }
  if (!f.url) throw errors.urlMissing(target);
  const method = f.method ?? 'post';
  if (target === 'webhook') {
    if (!f.filters?.length) throw errors.filtersMissing();
    return { url: f.url, method, filters: f.filters, triggers: [], flowSid: null };
  }
  const triggers = f.triggers ?? [];
  if (!triggers.length) throw errors.triggersMissing();
  if (triggers.length > MAX_TRIGGERS) throw errors.tooManyTriggers(MAX_TRIGGERS);
  const bad = triggers.find((t) => t.trim() === '' || t.length > MAX_TRIGGER_LENGTH);
  if (bad !== undefined) throw errors.invalidTrigger(bad, MAX_TRIGGER_LENGTH);
  return { url: f.url, method, filters: f.filters ?? [], triggers, flowSid: null };
}
