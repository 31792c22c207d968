import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { AccountTokens } from './account-tokens';
import { PreEventHooks } from './pre-event.hooks';
import { WebhookConfigurationRepository } from './webhook-configuration.repository';
import { WebhookSettingsCache } from './webhook-settings.cache';

/** What every domain module uses around an action: the change feed it records into, and the pre-event hooks it calls. */
@Module({
  imports: [EventsModule],
  providers: [AccountTokens, PreEventHooks, WebhookConfigurationRepository, WebhookSettingsCache],
  exports: [EventsModule, AccountTokens, PreEventHooks, WebhookConfigurationRepository, WebhookSettingsCache],
})
export class WebhookEventsModule {}
