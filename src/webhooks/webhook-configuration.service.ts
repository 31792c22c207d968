import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { UpdateAccountWebhooksDto, UpdateServiceWebhooksDto } from './webhook-configuration.dto';
import { type ChatWebhookSettings, WebhookConfigurationRepository, type WebhookSettings } from './webhook-configuration.repository';
import { type Db, UnitOfWork } from '../prisma/unit-of-work';
import { WebhookSettingsCache } from './webhook-settings.cache';

const patch = (dto: UpdateServiceWebhooksDto): Partial<WebhookSettings> => ({
  preWebhookUrl: dto.preWebhookUrl,
  postWebhookUrl: dto.postWebhookUrl,
  webhookFilters: dto.filters,
  webhookMethod: dto.method,
});

/** Account and service event-webhook settings; every change reaches every process's cache. */
@Injectable()
export class WebhookConfigurationService {
  constructor(
    private readonly repository: WebhookConfigurationRepository,
    private readonly cache: WebhookSettingsCache,
    private readonly uow: UnitOfWork,
  ) {}

  async account(accountSid: string): Promise<WebhookSettings> {
    return (await this.repository.account(accountSid)) ?? Promise.reject(Errors.notFound('/v1/Configuration/Webhooks'));
  }

  async updateAccount(accountSid: string, dto: UpdateAccountWebhooksDto): Promise<WebhookSettings> {
    const settings = await this.repository.updateAccount(accountSid, { ...patch(dto), webhookTarget: dto.target });
    await this.cache.invalidate(accountSid);
    return settings;
  }

  async service(accountSid: string, serviceSid: string): Promise<WebhookSettings> {
    const settings = await this.repository.service(accountSid, serviceSid);
    return settings ?? Promise.reject(Errors.notFound(`/v1/Services/${serviceSid}/Configuration/Webhooks`));
  }

  async updateService(accountSid: string, serviceSid: string, dto: UpdateServiceWebhooksDto): Promise<WebhookSettings> {
    const settings = await this.repository.updateService(accountSid, serviceSid, patch(dto));
    if (!settings) throw Errors.notFound(`/v1/Services/${serviceSid}/Configuration/Webhooks`);
    await this.cache.invalidate(serviceSid);
    return settings;
  }

  /** Chat v2's webhook settings of a service (UpdateService), in the caller's transaction when given one. */
  async updateChatService(accountSid: string, serviceSid: string, chat: ChatWebhookSettings, db?: Db): Promise<WebhookSettings> {
    const settings = await this.repository.updateService(accountSid, serviceSid, chat, db);
    if (!settings) throw Errors.notFound(`/v2/Services/${serviceSid}`);
    await this.invalidateService(serviceSid, db);
    return settings;
  }

  /** The retry counts live with the Chat settings; the cached webhook settings hold them too. After commit when in a transaction. */
  async invalidateService(serviceSid: string, db?: Db): Promise<void> {
    if (db) await this.uow.afterCommit(db, () => this.cache.invalidate(serviceSid));
    else await this.cache.invalidate(serviceSid);
  }
}
