import { Module } from '@nestjs/common';
import { ChannelAccessModule } from '../channel-access/channel-access.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { InvitesModule } from '../invites/invites.module';
import { MessagesModule } from '../messages/messages.module';
import { ParticipantsModule } from '../participants/participants.module';
import { PushModule } from '../push/push.module';
import { RolesModule } from '../roles/roles.module';
import { ServicesModule } from '../services/services.module';
import { UsersModule } from '../users/users.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ChannelWebhooksController } from './channel-webhooks.controller';
import { ChannelsController } from './channels.controller';
import { ChatBindingsController, ChatCredentialsController, ChatUserBindingsController } from './chat-bindings.controller';
import { ChatMessagesController } from './chat-messages.controller';
import { ChatRolesController } from './chat-roles.controller';
import { ChatServicesController } from './chat-services.controller';
import { ChatServicesService } from './chat-services.service';
import { ChatUsersController } from './chat-users.controller';
import { ChatV2Mapper } from './chat-v2.mapper';
import { ChatV2Repository } from './chat-v2.repository';
import { InvitesController } from './invites.controller';
import { MembersController } from './members.controller';
import { UserChannelsController } from './user-channels.controller';
import { UserChannelsService } from './user-channels.service';

/**
 * Programmable Chat v2 REST (`/v2/...`, chat.twilio.com): thin controllers and mappers over the
 * Conversations domain services. A channel is a conversation, a member a participant.
 */
@Module({
  imports: [
    ServicesModule,
    ConversationsModule,
    ParticipantsModule,
    MessagesModule,
    UsersModule,
    RolesModule,
    PushModule,
    WebhooksModule,
    InvitesModule,
    ChannelAccessModule,
  ],
  controllers: [
    ChatServicesController,
    ChannelsController,
    MembersController,
    ChatMessagesController,
    InvitesController,
    ChatRolesController,
    ChatUsersController,
    UserChannelsController,
    ChatBindingsController,
    ChatUserBindingsController,
    ChatCredentialsController,
    ChannelWebhooksController,
  ],
  providers: [ChatV2Mapper, ChatV2Repository, ChatServicesService, UserChannelsService],
  exports: [ChannelAccessModule, InvitesModule],
})
export class ChatV2Module {}
