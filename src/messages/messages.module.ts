import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { MediaCoreModule } from '../media/media-core.module';
import { ServicesModule } from '../services/services.module';
import { WebhookEventsModule } from '../webhooks/webhook-events.module';
import { MessagesController } from './messages.controller';
import { MessagesMapper } from './messages.mapper';
import { MessagesRepository } from './messages.repository';
import { MessagesService } from './messages.service';
import { ReceiptsController } from './receipts.controller';
import { ReceiptsRepository } from './receipts.repository';

@Module({
  imports: [ServicesModule, ConversationsModule, DeliveryModule, WebhookEventsModule, MediaCoreModule],
  controllers: [MessagesController, ReceiptsController],
  providers: [MessagesRepository, ReceiptsRepository, MessagesService, MessagesMapper],
  exports: [MessagesRepository, MessagesService, MessagesMapper],
})
export class MessagesModule {}
