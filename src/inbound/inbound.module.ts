import { Module } from '@nestjs/common';
import { AddressConfigurationModule } from '../address-configuration/address-configuration.module';
import { ChannelsModule } from '../channels/channels.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { MessagesModule } from '../messages/messages.module';
import { ParticipantsModule } from '../participants/participants.module';
import { ServicesModule } from '../services/services.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { MediaCoreModule } from '../media/media-core.module';
import { InboundRoutes } from './inbound.routes';
import { InboundService } from './inbound.service';
import { TwilioSignatureVerifier } from './twilio-signature.verifier';

@Module({
  imports: [
    ServicesModule,
    ConversationsModule,
    ParticipantsModule,
    MessagesModule,
    AddressConfigurationModule,
    DeliveryModule,
    ChannelsModule,
    WebhooksModule,
    MediaCoreModule,
  ],
  providers: [InboundService, InboundRoutes, TwilioSignatureVerifier],
})
export class InboundModule {}
