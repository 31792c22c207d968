import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { EventsModule } from '../events/events.module';
import { ServicesModule } from '../services/services.module';
import { InvitesRepository } from './invites.repository';
import { InvitesService } from './invites.service';

/** Chat v2 invites to channels (the table beside the conversations it belongs to). */
@Module({
  imports: [ServicesModule, ConversationsModule, EventsModule],
  providers: [InvitesRepository, InvitesService],
  exports: [InvitesService],
})
export class InvitesModule {}
