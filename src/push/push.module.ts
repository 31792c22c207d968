import { Module } from '@nestjs/common';
import { ServicesModule } from '../services/services.module';
import { PushBindingsController } from './push-bindings.controller';
import { PushBindingsRepository } from './push-bindings.repository';
import { PushBindingsService } from './push-bindings.service';
import { PushCredentialsController } from './push-credentials.controller';
import { PushCredentialsRepository } from './push-credentials.repository';
import { PushCredentialsService } from './push-credentials.service';
import { PushMapper } from './push.mapper';
import { ServiceNotificationsController } from './service-notifications.controller';
import { ServiceNotificationsRepository } from './service-notifications.repository';
import { ServiceNotificationsService } from './service-notifications.service';

/** Push: credentials (account), bindings and notification templates (service). */
@Module({
  imports: [ServicesModule],
  controllers: [PushCredentialsController, PushBindingsController, ServiceNotificationsController],
  providers: [
    PushMapper,
    PushCredentialsRepository,
    PushCredentialsService,
    PushBindingsRepository,
    PushBindingsService,
    ServiceNotificationsRepository,
    ServiceNotificationsService,
  ],
})
export class PushModule {}
