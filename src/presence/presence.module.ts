import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { PresenceCounter } from './presence.counter';
import { PresenceRepository } from './presence.repository';
import { PresenceService } from './presence.service';

/** Reachability (user.isOnline) from the realtime sessions of every API process. */
@Module({
  imports: [RealtimeModule, EventsModule],
  providers: [PresenceCounter, PresenceRepository, PresenceService],
})
export class PresenceModule {}
