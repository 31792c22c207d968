import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { ServicesModule } from '../services/services.module';
import { PushBindingsController } from './push-bindings.controller';
import { PushBindingsRepository } from './push-bindings.repository';
import { PushBindingsService } from './push-bindings.service';
import { PushReachability } from './push-reachability';
import { PushCredentialsController } from './push-credentials.controller';
import { PushCredentialsRepository } from './push-credentials.repository';
import { PushCredentialsService } from './push-credentials.service';
import { PushMapper } from './push.mapper';
import { ServiceNotificationsController } from './service-notifications.controller';
import { ServiceNotificationsRepository } from './service-notifications.repository';
import { ServiceNotificationsService } from './service-notifications.service';

/** Push: credentials (account), bindings and notification templates (service). */
@Module({
  imports: [ServicesModule, EventsModule],
  controllers: [PushCredentialsController, PushBindingsController, ServiceNotificationsController],
  providers: [
    PushMapper,
    PushCredentialsRepository,
    PushCredentialsService,
    PushBindingsRepository,
    PushBindingsService,
    PushReachability,
    ServiceNotificationsRepository,
    ServiceNotificationsService,
  ],
  exports: [PushCredentialsService, PushBindingsService, ServiceNotificationsService],
})
export class PushModule {}
