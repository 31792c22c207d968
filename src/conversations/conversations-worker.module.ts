import { Module } from '@nestjs/common';
import { WebhookEventsModule } from '../webhooks/webhook-events.module';
import { ConversationTimersService } from './conversation-timers.service';
import { ConversationsRepository } from './conversations.repository';
import { TimersProcessor } from './timers.processor';
import { TimersQueue } from './timers.queue';

/** The worker side of conversations: states and timers. */
@Module({
  imports: [WebhookEventsModule],
  providers: [ConversationsRepository, ConversationTimersService, TimersQueue, TimersProcessor],
})
export class ConversationsWorkerModule {}
