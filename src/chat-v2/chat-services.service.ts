import { Injectable } from '@nestjs/common';
import { PageRequest, PageSlice } from '../common/paging';
import { UnitOfWork } from '../prisma/unit-of-work';
import { ServiceNotificationsService } from '../push/service-notifications.service';
import type { ServiceNotifications } from '../push/push.types';
import { ServicesService } from '../services/services.service';
import type { ChatSettingsRecord } from '../services/services.types';
import type { WebhookSettings } from '../webhooks/webhook-configuration.repository';
import { WebhookConfigurationService } from '../webhooks/webhook-configuration.service';
import { eventFromChat } from './chat-v2.names';
import { UpdateChatServiceDto } from './chat-v2.dto';

/** Everything Chat v2's Service resource shows: its Chat settings, webhook settings and notifications. */
export interface ChatServiceView {
  settings: ChatSettingsRecord;
  webhooks: WebhookSettings;
  notifications: ServiceNotifications;
}

const defined = (o: object) => Object.values(o).some((v) => v !== undefined);
const emptyToNull = (v: string | undefined) => (v === undefined ? undefined : v.trim() === '' ? null : v);

/**
 * Chat v2's Service is one resource over what Conversations splits into a service, its
 * configuration, its webhook settings and its notifications: this composes those domain services.
 */
@Injectable()
export class ChatServicesService {
  constructor(
    private readonly services: ServicesService,
    private readonly webhooks: WebhookConfigurationService,
    private readonly notifications: ServiceNotificationsService,
    private readonly uow: UnitOfWork,
  ) {}

  async create(accountSid: string, friendlyName: string): Promise<ChatServiceView> {
    const service = await this.services.create(accountSid, friendlyName);
    return this.fetch(accountSid, service.sid, `/v2/Services/${service.sid}`);
  }

  async fetch(accountSid: string, sid: string, path: string): Promise<ChatServiceView> {
    const settings = await this.services.fetchChatSettings(accountSid, sid, path);
    const scope = { accountSid, serviceSid: sid, scoped: true };
    const [webhooks, notifications] = await Promise.all([this.webhooks.service(accountSid, sid), this.notifications.fetch(scope)]);
    return { settings, webhooks, notifications: notifications.notifications };
  }

  async list(accountSid: string, page: PageRequest): Promise<PageSlice<ChatServiceView>> {
    const slice = await this.services.list(accountSid, page);
    const items = await Promise.all(slice.items.map((s) => this.fetch(accountSid, s.sid, `/v2/Services/${s.sid}`)));
    return { ...slice, items };
  }

  /** UpdateService: roles, Chat settings, webhooks and notifications change together, in one transaction, or not at all. */
  async update(accountSid: string, sid: string, dto: UpdateChatServiceDto, path: string): Promise<ChatServiceView> {
    await this.services.fetchChatSettings(accountSid, sid, path);
    const configuration = {
      defaultConversationCreatorRoleSid: dto.defaultChannelCreatorRoleSid,
      defaultConversationRoleSid: dto.defaultChannelRoleSid,
      defaultChatServiceRoleSid: dto.defaultServiceRoleSid,
      reachabilityEnabled: dto.reachabilityEnabled,
    };
    const settings = {
      friendlyName: dto.friendlyName,
      readStatusEnabled: dto.readStatusEnabled,
      typingIndicatorTimeout: dto.typingIndicatorTimeout,
      consumptionReportInterval: dto.consumptionReportInterval,
      preWebhookRetryCount: dto.preWebhookRetryCount,
      postWebhookRetryCount: dto.postWebhookRetryCount,
      limitsChannelMembers: dto.limitsChannelMembers,
      limitsUserChannels: dto.limitsUserChannels,
      mediaCompatibilityMessage: dto.mediaCompatibilityMessage,
    };
    // Chat v2's webhooks are its own (sent in Chat's form), apart from the Conversations settings.
    const webhooks = {
      chatPreWebhookUrl: emptyToNull(dto.preWebhookUrl),
      chatPostWebhookUrl: emptyToNull(dto.postWebhookUrl),
      chatWebhookMethod: dto.webhookMethod,
      chatWebhookFilters: dto.webhookFilters?.map(eventFromChat),
    };
    const notifications = {
      logEnabled: dto.logEnabled,
      newMessageEnabled: dto.newMessageEnabled,
      newMessageTemplate: dto.newMessageTemplate,
      newMessageSound: dto.newMessageSound,
      newMessageBadgeCountEnabled: dto.newMessageBadgeCountEnabled,
      addedToConversationEnabled: dto.addedToChannelEnabled,
      addedToConversationTemplate: dto.addedToChannelTemplate,
      addedToConversationSound: dto.addedToChannelSound,
      removedFromConversationEnabled: dto.removedFromChannelEnabled,
      removedFromConversationTemplate: dto.removedFromChannelTemplate,
      removedFromConversationSound: dto.removedFromChannelSound,
      invitedToChannelEnabled: dto.invitedToChannelEnabled,
      invitedToChannelTemplate: dto.invitedToChannelTemplate,
      invitedToChannelSound: dto.invitedToChannelSound,
    };
    await this.uow.run(async (db) => {
      if (defined(settings)) await this.services.updateChatSettings(accountSid, sid, settings, path, db);
      if (defined(webhooks)) await this.webhooks.updateChatService(accountSid, sid, webhooks, db);
      else if (dto.preWebhookRetryCount !== undefined || dto.postWebhookRetryCount !== undefined) {
        await this.webhooks.invalidateService(sid, db);
      }
      if (defined(notifications)) await this.notifications.update({ accountSid, serviceSid: sid, scoped: true }, notifications, db);
      // Checked last: a role it refuses (50100, 50105) rolls the other parts back with it.
      if (defined(configuration)) await this.services.updateConfiguration(accountSid, sid, configuration, path, db);
    });
    return this.fetch(accountSid, sid, path);
  }

  delete(accountSid: string, sid: string, path: string): Promise<void> {
    return this.services.delete(accountSid, sid, path);
  }
}
