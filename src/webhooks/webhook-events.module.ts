import { Module } from '@nestjs/common';
import { AccountTokens } from './account-tokens';
import { EventRecorder } from './events.recorder';
import { EventsQueue } from './events.queue';
import { PreEventHooks } from './pre-event.hooks';
import { WebhookConfigurationRepository } from './webhook-configuration.repository';
import { WebhookSettingsCache } from './webhook-settings.cache';

/** The event machinery every domain module uses: record post events, enqueue them, call pre-event hooks. */
@Module({
  providers: [AccountTokens, EventRecorder, EventsQueue, PreEventHooks, WebhookConfigurationRepository, WebhookSettingsCache],
  exports: [AccountTokens, EventRecorder, EventsQueue, PreEventHooks, WebhookConfigurationRepository, WebhookSettingsCache],
})
export class WebhookEventsModule {}
