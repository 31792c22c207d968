import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { PageRequest, PageSlice, sliceRows } from '../common/paging';
import { TwilioError } from '../common/twilio-error';
import { resourcePath } from '../common/resource-path';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { DeliveryQueue } from '../delivery/delivery.queue';
import { Db, UnitOfWork } from '../prisma/unit-of-work';
import type { ServiceScope } from '../services/services.types';
import { InsertOutcome, MessagesRepository, type StoredMessage } from './messages.repository';
import { ReceiptRecord, ReceiptsRepository } from './receipts.repository';
import type { MessageRecord, MessageSource, NewMessage, MessageInput, MessageUpdateInput } from './messages.types';
import { messageEventFields } from './message-events';
import { MESSAGE_LIMITS } from './messages.dto';
import { ChangeFeed } from '../events/change-feed';
import type { FeedRow } from '../events/feed-sql';
import { conversationSyncSids } from '../events/sync-sids';
import { MediaService } from '../media/media.service';
import type { ActionContext } from '../events/event-types';
import { type Modifications, PreEventHooks } from '../webhooks/pre-event.hooks';

/** The one write path for messages, whatever their source (REST, SDK, carriers). */
@Injectable()
export class MessagesService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly conversations: ConversationsRepository,
    private readonly uow: UnitOfWork,
    private readonly delivery: DeliveryQueue,
    private readonly receiptsRepository: ReceiptsRepository,
    private readonly preHooks: PreEventHooks,
    private readonly feed: ChangeFeed,
    private readonly media: MediaService,
  ) {}

  async create(
    scope: ServiceScope,
    conversationId: string,
    dto: MessageInput,
    ctx: ActionContext,
    source: MessageSource = 'API',
  ): Promise<MessageRecord> {
    if (!dto.body && !dto.contentSid && !dto.mediaSid?.length) {
      throw new TwilioError(50503, 400, 'Message body not provided: give Body, MediaSid or ContentSid');
    }
    const message: NewMessage = {
      author: dto.author && dto.author.trim() !== '' ? dto.author : 'system',
      body: dto.body ?? null,
      attributes: dto.attributes ?? '{}',
      media: null,
      contentSid: dto.contentSid ?? null,
      subject: dto.subject ?? null,
      source,
      dateCreated: dto.dateCreated ?? null,
      dateUpdated: dto.dateUpdated ?? null,
      lastUpdatedBy: dto.lastUpdatedBy ?? null,
    };
    applyModifications(
      message,
      await this.preHooks.run(ctx, scope, 'onMessageAdd', {
        ConversationSid: conversationId,
        Body: message.body,
        Author: message.author,
        Attributes: message.attributes,
      }),
    );
    const target = { kind: 'conversation' as const, accountSid: scope.accountSid, serviceSid: scope.serviceSid, conversationId };
    const outcome = dto.mediaSid?.length
      ? await this.uow.run(async (db) => {
          // Media messages lock their uploads so that no other message takes them.
          const media = await this.media.forMessage(db, scope.serviceSid, dto.mediaSid!);
          const inserted = await this.messages.insert(target, { ...message, media: media.items }, ctx, db);
          if (inserted.kind === 'created') await this.media.attach(db, media.sids, inserted.message.sid);
          return inserted;
        })
      : await this.messages.insert(target, message, ctx);
    switch (outcome.kind) {
      case 'created':
        this.afterCommit(outcome.receiptSids, outcome.events);
        return outcome.message;
      case 'conversation-closed':
        throw Errors.conversationClosed(outcome.conversationSid);
      case 'duplicate':
      case 'conversation-not-found':
        throw Errors.notFound(resourcePath(scope, 'Conversations', conversationId, 'Messages'));
    }
  }

  /** A carrier message for the conversation that holds the (address, proxy address) binding. */
  async createForBinding(
    address: string,
    proxyAddress: string,
    message: NewMessage,
    ctx: ActionContext,
  ): Promise<InsertOutcome<StoredMessage>> {
    const outcome = await this.messages.insertForBinding(address, proxyAddress, message, ctx);
    if (outcome.kind === 'created') this.afterCommit(outcome.receiptSids, outcome.events);
    return outcome;
  }

  /** A message inside the caller's transaction (autocreation); the caller calls afterCommit. */
  insertInTransaction(
    db: Db,
    scope: ServiceScope,
    conversationSid: string,
    message: NewMessage,
    ctx: ActionContext,
  ): Promise<InsertOutcome> {
    return this.messages.insert(
      { kind: 'conversation', accountSid: scope.accountSid, serviceSid: scope.serviceSid, conversationId: conversationSid },
      message,
      ctx,
      db,
    );
  }

  /** Where an inbound carrier message would be routed by its binding, and whether it is a retry. */
  inboundTarget(address: string, proxyAddress: string, externalSid: string) {
    return this.messages.inboundTarget(address, proxyAddress, externalSid);
  }

  /**
   * Enqueues the deliveries and publishes the feed rows of committed messages, without holding up the
   * answer: the message is durable once committed (the outbox), the jobs follow at once (batched
   * with those of other requests), and the outbox sweepers enqueue whatever a crash or an
   * unreachable Redis left behind. A slow Redis thus never slows the carrier's webhook or a REST create.
   */
  afterCommit(receiptSids: string[], events: FeedRow[]): void {
    void this.delivery.enqueue(receiptSids);
    void this.feed.written(events);
  }

  async fetch(scope: ServiceScope, conversationId: string, sid: string): Promise<MessageRecord> {
    const message = await this.messages.find(scope, conversationId, sid);
    if (!message) throw Errors.notFound(resourcePath(scope, 'Conversations', conversationId, 'Messages', sid));
    return message;
  }

  async list(scope: ServiceScope, conversationId: string, order: 'asc' | 'desc', page: PageRequest): Promise<PageSlice<MessageRecord>> {
    const conversation = await this.conversations.find(scope.accountSid, scope.serviceSid, conversationId);
    if (!conversation) throw Errors.notFound(resourcePath(scope, 'Conversations', conversationId, 'Messages'));
    return sliceRows(await this.messages.list(conversation.sid, order, page), page);
  }

  async update(
    scope: ServiceScope,
    conversationId: string,
    sid: string,
    dto: MessageUpdateInput,
    ctx: ActionContext,
  ): Promise<MessageRecord> {
    const change = {
      author: dto.author === undefined ? undefined : dto.author.trim() === '' ? 'system' : dto.author,
      body: dto.body,
      attributes: dto.attributes,
    };
    if (ctx.webhooks) {
      const current = await this.fetch(scope, conversationId, sid);
      const modified = await this.preHooks.run(ctx, scope, 'onMessageUpdate', {
        ...messageEventFields(current),
        ...(change.body !== undefined ? { Body: change.body } : {}),
        ...(change.author !== undefined ? { Author: change.author } : {}),
        ...(change.attributes !== undefined ? { Attributes: change.attributes } : {}),
      });
      checkModifications(modified);
      if (modified.body !== undefined) change.body = modified.body;
      if (modified.author !== undefined) change.author = modified.author;
      if (modified.attributes !== undefined) change.attributes = modified.attributes;
    }
    return this.uow.run(async (db) => {
      const found = await this.messages.findSid(db, scope, conversationId, sid);
      // Locked first: a removal committed meanwhile is a 404, not a failed update.
      if (!found || !(await this.messages.lock(db, found)))
        throw Errors.notFound(resourcePath(scope, 'Conversations', conversationId, 'Messages', sid));
      const updated = await this.messages.update(db, found, {
        ...change,
        subject: dto.subject,
        lastUpdatedBy: dto.lastUpdatedBy,
        dateCreated: dto.dateCreated,
        dateUpdated: dto.dateUpdated ?? new Date(),
      });
      await this.feed.record(db, ctx, {
        type: 'message.updated',
        accountSid: updated.accountSid,
        serviceSid: updated.serviceSid,
        conversationSid: updated.conversationSid,
        subject: { kind: 'message', sid: updated.sid },
        fields: messageEventFields(updated),
      });
      return updated;
    });
  }

  async delete(scope: ServiceScope, conversationId: string, sid: string, ctx: ActionContext): Promise<void> {
    if (ctx.webhooks)
      await this.preHooks.run(ctx, scope, 'onMessageRemove', messageEventFields(await this.fetch(scope, conversationId, sid)));
    await this.uow.run(async (db) => {
      const found = await this.messages.findSid(db, scope, conversationId, sid);
      if (!found || !(await this.messages.lock(db, found)))
        throw Errors.notFound(resourcePath(scope, 'Conversations', conversationId, 'Messages', sid));
      const message = await this.messages.load(db, found);
      await this.messages.delete(db, found);
      await this.feed.record(db, ctx, {
        type: 'message.removed',
        accountSid: message.accountSid,
        serviceSid: message.serviceSid,
        conversationSid: message.conversationSid,
        subject: { kind: 'message', sid: message.sid },
        tombstones: [
          {
            objectSid: conversationSyncSids(message.conversationSid).messages,
            itemKey: String(message.index),
            data: { sid: message.sid, author: message.author, text: message.body, attributes: message.attributes },
            stream: 'conversation',
          },
        ],
        fields: { ...messageEventFields(message), DateRemoved: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') },
      });
    });
  }

  async receipts(scope: ServiceScope, conversationId: string, messageSid: string, page: PageRequest): Promise<PageSlice<ReceiptRecord>> {
    const message = await this.receiptsRepository.messageSid(scope, conversationId, messageSid);
    if (!message) throw Errors.notFound(resourcePath(scope, 'Conversations', conversationId, 'Messages', messageSid, 'Receipts'));
    return sliceRows(await this.receiptsRepository.list(message, page), page);
  }

  async receipt(scope: ServiceScope, conversationId: string, messageSid: string, sid: string): Promise<ReceiptRecord> {
    const message = await this.receiptsRepository.messageSid(scope, conversationId, messageSid);
    const receipt = message ? await this.receiptsRepository.find(message, sid) : null;
    if (!receipt) throw Errors.notFound(resourcePath(scope, 'Conversations', conversationId, 'Messages', messageSid, 'Receipts', sid));
    return receipt;
  }
}

/** Applies a pre-event hook's changes to a new message, checked as the API checks them. */
function applyModifications(message: NewMessage, modified: Modifications): void {
  checkModifications(modified);
  if (modified.body !== undefined) message.body = modified.body;
  if (modified.author !== undefined) message.author = modified.author;
  if (modified.attributes !== undefined) message.attributes = modified.attributes;
}

/** A hook may change body, author and attributes, within the same limits as the API. */
function checkModifications(modified: Modifications): void {
  if (modified.body !== undefined && [...modified.body].length > MESSAGE_LIMITS.body) throw Errors.messageBodyTooLong(MESSAGE_LIMITS.body);
  if (modified.author !== undefined && [...modified.author].length > MESSAGE_LIMITS.author)
    throw Errors.authorTooLong(MESSAGE_LIMITS.author);
  if (modified.attributes !== undefined) {
    if (Buffer.byteLength(modified.attributes) > MESSAGE_LIMITS.attributesBytes)
      throw Errors.attributesTooLong(MESSAGE_LIMITS.attributesBytes);
    try {
      JSON.parse(modified.attributes);
    } catch {
      throw Errors.attributesNotJson();
    }
  }
}
