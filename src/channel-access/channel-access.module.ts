import { Module } from '@nestjs/common';
import { RolesModule } from '../roles/roles.module';
import { ChannelAccessRepository } from './channel-access.repository';
import { ChannelAccessService } from './channel-access.service';

/** Chat channel access (public / private channels, roles) for chat users; used by the Chat SDK layers. */
@Module({
  imports: [RolesModule],
  providers: [ChannelAccessRepository, ChannelAccessService],
  exports: [ChannelAccessService],
})
export class ChannelAccessModule {}
