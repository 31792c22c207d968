import { Module } from '@nestjs/common';
import { TimerPolicy } from '../common/timer-policy';
import { AccountConfigurationController, ServiceConfigurationController } from './configuration.controller';
import { ResolveScopePipe } from './service-scope.pipe';
import { ServicesController } from './services.controller';
import { ServicesMapper } from './services.mapper';
import { ServicesRepository } from './services.repository';
import { ServicesService } from './services.service';

@Module({
  controllers: [ServicesController, AccountConfigurationController, ServiceConfigurationController],
  providers: [ServicesRepository, ServicesService, ServicesMapper, ResolveScopePipe, TimerPolicy],
  exports: [ServicesRepository, ServicesService, ResolveScopePipe, TimerPolicy],
})
export class ServicesModule {}
