import { Injectable, Logger } from '@nestjs/common';
import { AddressConfigurationRepository } from '../address-configuration/address-configuration.repository';
import type { AddressConfigurationRecord } from '../address-configuration/address-configuration.types';
import { TwilioError } from '../common/twilio-error';
import { ConversationsService } from '../conversations/conversations.service';
import { maskPhoneNumbers } from '../logging/log-redaction';
import { MessagesService } from '../messages/messages.service';
import type { NewMessage } from '../messages/messages.types';
import { newParticipant } from '../participants/participant-rules';
import { ParticipantsService } from '../participants/participants.service';
import { UnitOfWork } from '../prisma/unit-of-work';
import { ServicesRepository } from '../services/services.repository';
import type { ServiceScope } from '../services/services.types';
import { ConversationWebhooksRepository } from '../webhooks/conversation-webhooks.repository';
import type { ActionContext } from '../events/event-types';
import { AppConfig } from '../config/app-config';
import { MediaService } from '../media/media.service';
import type { MediaItem } from '../messages/messages.types';
import type { InboundMessage, InboundResult } from './inbound.types';

/** How often routing is tried again when a concurrent first message took the binding meanwhile. */
const ROUTING_ATTEMPTS = 3;

/**
 * Routes an inbound carrier message: to the conversation holding the (From, To) binding, or into a
 * conversation auto-created by the Address Configuration of To, or nowhere (logged). A carrier's
 * retry of one MessageSid is stored once.
 */
@Injectable()
export class InboundService {
  private readonly logger = new Logger(InboundService.name);

  constructor(
    private readonly messages: MessagesService,
    private readonly conversations: ConversationsService,
    private readonly participants: ParticipantsService,
    private readonly addresses: AddressConfigurationRepository,
    private readonly services: ServicesRepository,
    private readonly webhooks: ConversationWebhooksRepository,
    private readonly uow: UnitOfWork,
    private readonly media: MediaService,
    private readonly config: AppConfig,
  ) {}

  async receive(inbound: InboundMessage): Promise<InboundResult> {
    if (inbound.media.length) return this.receiveWithMedia(inbound);
    return this.route(inbound, null);
  }

  /**
   * MMS / WhatsApp media: fetched from the carrier (with its credentials) and stored under the
   * account and service the message goes to, before the message is stored; a carrier retry of a
   * stored message fetches nothing. A fetch that fails answers 5xx, so the carrier tries again.
   */
  private async receiveWithMedia(inbound: InboundMessage): Promise<InboundResult> {
    const bound = await this.messages.inboundTarget(inbound.from, inbound.to, inbound.messageSid);
    if (bound?.duplicate) return this.route(inbound, null);
    let owner = bound;
    if (!owner) {
      const configuration = await this.addresses.findOwned(inbound.to);
      const serviceSid = configuration?.autoCreationEnabled
        ? (configuration.autoCreationServiceSid ??
          (await this.services.findAccountConfiguration(configuration.accountSid))?.defaultChatServiceSid)
        : undefined;
      if (configuration && serviceSid) owner = { accountSid: configuration.accountSid, serviceSid, duplicate: false };
    }
    if (!owner) return this.route(inbound, null);
    const { accountSid, authToken } = this.config.twilio;
    const auth = accountSid && authToken ? { username: accountSid, password: authToken } : null;
    const media: MediaItem[] = [];
    const sids = () => media.map((m) => m.sid);
    let result: InboundResult;
    try {
      for (const m of inbound.media)
        media.push(await this.media.storeInbound(owner.accountSid, owner.serviceSid, m.url, m.contentType, auth));
      result = await this.route(inbound, media);
    } catch (err) {
      // A media URL refused or failing (the carrier retries), or routing failing: keep none of the files.
      await this.media.discard(sids()).catch((e: Error) => this.logger.warn({ err: e.message }, 'could not discard inbound media'));
      throw err;
    }
    if (result.kind === 'stored') await this.media.attach(null, sids(), result.messageSid);
    else await this.media.discard(sids());
    return result;
  }

  private async route(inbound: InboundMessage, media: MediaItem[] | null): Promise<InboundResult> {
    const source = inbound.to.startsWith('whatsapp:') ? 'WHATSAPP' : 'SMS';
    // Messages from carriers always fire webhooks.
    const ctx: ActionContext = { source, webhooks: true };
    const message: NewMessage = {
      author: inbound.from,
      body: inbound.body,
      attributes: '{}',
      media,
      contentSid: null,
      subject: null,
      source,
      dateCreated: null,
      dateUpdated: null,
      externalSid: inbound.messageSid,
    };
    for (let attempt = 1; attempt <= ROUTING_ATTEMPTS; attempt++) {
      const outcome = await this.messages.createForBinding(inbound.from, inbound.to, message, ctx);
      if (outcome.kind === 'created') {
        return { kind: 'stored', conversationSid: outcome.message.conversationSid, messageSid: outcome.message.sid, autocreated: false };
      }
      if (outcome.kind === 'duplicate') return { kind: 'duplicate', conversationSid: outcome.conversationSid };

      const configuration = await this.addresses.findOwned(inbound.to);
      if (!configuration?.autoCreationEnabled) {
        this.logger.log(
          { messageSid: inbound.messageSid, to: maskPhoneNumbers(inbound.to) },
          'inbound message matches no conversation and its address has no autocreation: not stored',
        );
        return { kind: 'ignored', reason: 'no conversation holds the binding and autocreation is off for the address' };
      }
      const created = await this.autocreate(configuration, inbound, message, ctx);
      if (created) return created;
    }
    throw new Error(`inbound message ${inbound.messageSid} could not be routed after ${ROUTING_ATTEMPTS} attempts`);
  }

  /**
   * Conversation, participant with the binding, the conversation-scoped webhook of type webhook, and
   * the message, in one transaction; onConversationAdd is the only pre-event hook (rejecting it drops
   * the message), then onConversationAdded, onParticipantAdded and onMessageAdded fire. Null when a
   * concurrent first message from the same phone created the conversation first: the caller routes
   * again and joins it.
   */
  private async autocreate(
    configuration: AddressConfigurationRecord,
    inbound: InboundMessage,
    message: NewMessage,
    ctx: ActionContext,
  ): Promise<InboundResult | null> {
    const serviceSid =
      configuration.autoCreationServiceSid ??
      (await this.services.findAccountConfiguration(configuration.accountSid))?.defaultChatServiceSid;
    if (!serviceSid) throw new Error(`account ${configuration.accountSid} has no default conversation service`);
    const scope: ServiceScope = { accountSid: configuration.accountSid, serviceSid, scoped: true };
    const row = await this.conversations.prepareCreate(scope, {});
    const participant = newParticipant({ address: inbound.from, proxyAddress: inbound.to });
    try {
      await this.conversations.preAdd(ctx, scope, row, {
        'MessagingBinding.Address': inbound.from,
        'MessagingBinding.ProxyAddress': inbound.to,
        MessageBody: inbound.body,
        Media: inbound.media.length ? JSON.stringify(inbound.media.map((m) => ({ Url: m.url, ContentType: m.contentType }))) : null,
      });
    } catch (err) {
      if (err instanceof TwilioError && err.code === 50056) {
        this.logger.log(
          { messageSid: inbound.messageSid, addressConfiguration: configuration.sid },
          'onConversationAdd rejected the conversation: message dropped',
        );
        return { kind: 'ignored', reason: 'onConversationAdd rejected the conversation' };
      }
      throw err;
    }
    try {
      const { conversationSid, outcome } = await this.uow.run(async (db) => {
        const conversation = await this.conversations.insert(db, scope, row);
        const added = await this.participants.addAll(db, scope, conversation, [participant], 'single');
        if (configuration.autoCreationType === 'webhook' || configuration.autoCreationType === 'studio') {
          await this.webhooks.insert(db, {
            accountSid: scope.accountSid,
            serviceSid,
            conversationSid: conversation.sid,
            target: configuration.autoCreationType,
            url: configuration.webhookUrl,
            method: configuration.webhookMethod,
            filters: configuration.webhookFilters,
            flowSid: configuration.studioFlowSid,
          });
        }
        await this.conversations.recordAdded(db, ctx, conversation);
        await this.participants.recordAdded(db, ctx, added);
        return {
          conversationSid: conversation.sid,
          outcome: await this.messages.insertInTransaction(db, scope, conversation.sid, message, ctx),
        };
      });
      if (outcome.kind !== 'created')
        throw new Error(`auto-created conversation ${conversationSid} refused its first message (${outcome.kind})`);
      this.messages.afterCommit(outcome.receiptSids, outcome.events);
      await this.conversations.scheduleTimers(await this.conversations.fetch(scope, conversationSid));
      this.logger.log(
        { conversationSid, messageSid: inbound.messageSid, addressConfiguration: configuration.sid },
        'conversation auto-created',
      );
      return { kind: 'stored', conversationSid, messageSid: outcome.message.sid, autocreated: true };
    } catch (err) {
      if (err instanceof TwilioError && err.code === 50416) return null;
      throw err;
    }
  }
}
