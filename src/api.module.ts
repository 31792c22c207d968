import { Module } from '@nestjs/common';
import { AddressConfigurationModule } from './address-configuration/address-configuration.module';
import { AuthModule } from './auth/auth.module';
import { ChatApiModule } from './chat-api/chat-api.module';
import { ChatSyncModule } from './chat-sync/chat-sync.module';
import { ChatV2Module } from './chat-v2/chat-v2.module';
import { ConversationsModule } from './conversations/conversations.module';
import { CoreModule } from './core.module';
import { FlexModule } from './flex/flex.module';
import { HealthModule } from './health/health.module';
import { InboundModule } from './inbound/inbound.module';
import { MediaModule } from './media/media.module';
import { MessagesModule } from './messages/messages.module';
import { ParticipantsModule } from './participants/participants.module';
import { PresenceModule } from './presence/presence.module';
import { PushModule } from './push/push.module';
import { PushRegistrationsModule } from './push/push-registrations.module';
import { RealtimeModule } from './realtime/realtime.module';
import { RolesModule } from './roles/roles.module';
import { ServicesModule } from './services/services.module';
import { SimulatorModule } from './simulator/simulator.module';
import { UsersModule } from './users/users.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The HTTP role: REST API, carrier webhooks, health, and the realtime websocket. */
@Module({
  imports: [
    CoreModule,
    HealthModule,
    AuthModule,
    ServicesModule,
    ConversationsModule,
    ParticipantsModule,
    MessagesModule,
    AddressConfigurationModule,
    InboundModule,
    WebhooksModule,
    MediaModule,
    SimulatorModule,
    UsersModule,
    RolesModule,
    PushModule,
    RealtimeModule,
    ChatApiModule,
    ChatSyncModule,
    ChatV2Module,
    PushRegistrationsModule,
    PresenceModule,
    FlexModule,
  ],
})
export class ApiModule {}
