import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { ServicesModule } from '../services/services.module';
import { ConversationWebhooksController } from './conversation-webhooks.controller';
import { ConversationWebhooksRepository } from './conversation-webhooks.repository';
import { ConversationWebhooksService } from './conversation-webhooks.service';
import { WebhookConfigurationService } from './webhook-configuration.service';
import { AccountWebhooksController, ServiceWebhooksController } from './webhook-configuration.controller';
import { WebhookEventsModule } from './webhook-events.module';

/** Webhook resources: account and service settings, conversation-scoped webhooks. */
@Module({
  imports: [ServicesModule, ConversationsModule, WebhookEventsModule],
  controllers: [AccountWebhooksController, ServiceWebhooksController, ConversationWebhooksController],
  providers: [WebhookConfigurationService, ConversationWebhooksService, ConversationWebhooksRepository],
  exports: [ConversationWebhooksRepository, ConversationWebhooksService, WebhookConfigurationService],
})
export class WebhooksModule {}
