import { Module } from '@nestjs/common';
import { AddressConfigurationModule } from '../address-configuration/address-configuration.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { ServicesModule } from '../services/services.module';
import { WebhookEventsModule } from '../webhooks/webhook-events.module';
import { ConversationWithParticipantsController } from './conversation-with-participants.controller';
import { ConversationWithParticipantsService } from './conversation-with-participants.service';
import { ParticipantConversationsController, ParticipantsController } from './participants.controller';
import { ParticipantsMapper } from './participants.mapper';
import { ParticipantsRepository } from './participants.repository';
import { ParticipantsService } from './participants.service';

@Module({
  imports: [ServicesModule, ConversationsModule, WebhookEventsModule, AddressConfigurationModule],
  controllers: [ParticipantsController, ParticipantConversationsController, ConversationWithParticipantsController],
  providers: [ParticipantsRepository, ParticipantsService, ParticipantsMapper, ConversationWithParticipantsService],
  exports: [ParticipantsRepository, ParticipantsService, ParticipantsMapper],
})
export class ParticipantsModule {}
