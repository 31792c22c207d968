import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { ChannelAccessModule } from '../channel-access/channel-access.module';
import { InvitesModule } from '../invites/invites.module';
import { MediaCoreModule } from '../media/media-core.module';
import { MessagesModule } from '../messages/messages.module';
import { ParticipantsModule } from '../participants/participants.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { RolesModule } from '../roles/roles.module';
import { ServicesModule } from '../services/services.module';
import { UsersModule } from '../users/users.module';
import { ChatAccess } from './chat-api.access';
import { ChatApiHandler } from './chat-api.handler';
import { ChatApiRepository } from './chat-api.repository';
import { ChatSdkV1Handler } from './chat-sdk-v1.handler';
import { ConfigurationHandlers } from './configuration.handlers';
import { ConversationsHandlers } from './conversations.handlers';
import { InvitesHandlers } from './invites.handlers';
import { MessagesHandlers } from './messages.handlers';
import { MyConversationsHandlers } from './my-conversations.handlers';
import { ParticipantsHandlers } from './participants.handlers';
import { TypingService } from './typing.service';
import { UsersHandlers } from './users.handlers';

/**
 * AIM `Client/v2`: the API the Conversations SDK tunnels through Twilsock, on top of the domain
 * services (which record every change in the change feed; the Sync projection pushes from there).
 * API role only; no domain module imports it.
 */
@Module({
  imports: [
    RealtimeModule,
    ServicesModule,
    ConversationsModule,
    ParticipantsModule,
    MessagesModule,
    UsersModule,
    RolesModule,
    MediaCoreModule,
    InvitesModule,
    ChannelAccessModule,
  ],
  providers: [
    ChatApiHandler,
    ChatSdkV1Handler,
    ChatAccess,
    ChatApiRepository,
    ConfigurationHandlers,
    ConversationsHandlers,
    InvitesHandlers,
    ParticipantsHandlers,
    MessagesHandlers,
    MyConversationsHandlers,
    UsersHandlers,
    TypingService,
  ],
})
export class ChatApiModule {}
