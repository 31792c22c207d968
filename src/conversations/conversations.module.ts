import { Module } from '@nestjs/common';
import { ServicesModule } from '../services/services.module';
import { WebhookEventsModule } from '../webhooks/webhook-events.module';
import { ConversationsController } from './conversations.controller';
import { ConversationsMapper } from './conversations.mapper';
import { ConversationsRepository } from './conversations.repository';
import { ConversationsService } from './conversations.service';
import { TimersQueue } from './timers.queue';

@Module({
  imports: [ServicesModule, WebhookEventsModule],
  controllers: [ConversationsController],
  providers: [ConversationsRepository, ConversationsService, ConversationsMapper, TimersQueue],
  exports: [ConversationsRepository, ConversationsService, ConversationsMapper, TimersQueue],
})
export class ConversationsModule {}
