import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { ParticipantsModule } from '../participants/participants.module';
import { ServicesModule } from '../services/services.module';
import { UsersModule } from '../users/users.module';
import { FlexChannelsController } from './flex-channels.controller';
import { FlexChannelsRepository } from './flex-channels.repository';
import { FlexChannelsService } from './flex-channels.service';
import { FlexFlowsController } from './flex-flows.controller';
import { FlexFlowsRepository } from './flex-flows.repository';
import { FlexFlowsService } from './flex-flows.service';
import { FlexMapper } from './flex.mapper';

/** The Flex chat channel API (docs/flex.md): /v1/FlexFlows and /v1/Channels over the chat domain services. */
@Module({
  imports: [ServicesModule, UsersModule, ConversationsModule, ParticipantsModule],
  controllers: [FlexFlowsController, FlexChannelsController],
  providers: [FlexFlowsRepository, FlexFlowsService, FlexChannelsRepository, FlexChannelsService, FlexMapper],
})
export class FlexModule {}
