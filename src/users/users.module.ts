import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { ParticipantsModule } from '../participants/participants.module';
import { ServicesModule } from '../services/services.module';
import { WebhookEventsModule } from '../webhooks/webhook-events.module';
import { UserConversationsController } from './user-conversations.controller';
import { UserConversationsRepository } from './user-conversations.repository';
import { UserConversationsService } from './user-conversations.service';
import { UsersController } from './users.controller';
import { UsersMapper } from './users.mapper';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [ServicesModule, ConversationsModule, ParticipantsModule, WebhookEventsModule],
  controllers: [UsersController, UserConversationsController],
  providers: [UsersRepository, UsersService, UsersMapper, UserConversationsRepository, UserConversationsService],
  exports: [UsersService, UserConversationsService],
})
export class UsersModule {}
