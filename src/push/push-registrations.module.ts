import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module';
import { ErsRegistrationsHandler } from './ers-registrations.handler';
import { ErsRegistrationsService } from './ers-registrations.service';
import { PushBindingsRepository } from './push-bindings.repository';

/** The SDKs' push registrations (ERS), tunnelled through the realtime socket. */
@Module({
  imports: [RealtimeModule],
  providers: [PushBindingsRepository, ErsRegistrationsService, ErsRegistrationsHandler],
})
export class PushRegistrationsModule {}
