import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { TtlCache } from '../common/ttl-cache';
import { InvalidationBus } from '../redis/invalidation-bus';
import { WebhookConfigurationRepository, type WebhookSettings } from './webhook-configuration.repository';

export const WEBHOOK_SETTINGS_TOPIC = 'webhook-settings';

/**
 * Account and service webhook settings, cached per process so that checking for pre-event hooks
 * costs no query on the message path; updates are pushed to every process.
 */
@Injectable()
export class WebhookSettingsCache implements OnModuleInit {
  private readonly cache: TtlCache<WebhookSettings | null>;

  constructor(
    private readonly repository: WebhookConfigurationRepository,
    private readonly bus: InvalidationBus,
    config: AppConfig,
  ) {
    this.cache = new TtlCache(config.authCacheTtlMs);
  }

  onModuleInit(): void {
    this.bus.on(WEBHOOK_SETTINGS_TOPIC, (key) => this.cache.delete(key));
  }

  account(accountSid: string): Promise<WebhookSettings | null> {
    return this.read(accountSid, () => this.repository.account(accountSid));
  }

  service(accountSid: string, serviceSid: string): Promise<WebhookSettings | null> {
    return this.read(serviceSid, () => this.repository.service(accountSid, serviceSid));
  }

  invalidate(key: string): Promise<void> {
    return this.bus.publish(WEBHOOK_SETTINGS_TOPIC, key);
  }

  private async read(key: string, load: () => Promise<WebhookSettings | null>): Promise<WebhookSettings | null> {
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const value = await load();
    this.cache.set(key, value);
    return value;
  }
}
