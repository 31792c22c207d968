import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { ErsRegistrationsHandler } from './ers-registrations.handler';
import { ErsRegistrationsService } from './ers-registrations.service';
import { PushBindingsRepository } from './push-bindings.repository';
import { PushReachability } from './push-reachability';

/** The SDKs' push registrations (ERS), tunnelled through the realtime socket. */
@Module({
  imports: [RealtimeModule, EventsModule],
  providers: [PushBindingsRepository, PushReachability, ErsRegistrationsService, ErsRegistrationsHandler],
})
export class PushRegistrationsModule {}
