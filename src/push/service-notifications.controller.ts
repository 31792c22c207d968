import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import { UpdateServiceNotificationsDto } from './push.dto';
import { PushMapper } from './push.mapper';
import { ServiceNotificationsService } from './service-notifications.service';

/** /v1/Services/{IS}/Configuration/Notifications: the service's push notification templates. */
@Controller('v1/Services/:ChatServiceSid/Configuration/Notifications')
export class ServiceNotificationsController {
  constructor(
    private readonly notifications: ServiceNotificationsService,
    private readonly mapper: PushMapper,
  ) {}

  @Get()
  async fetch(@Scope() scope: ServiceScope) {
    return this.mapper.notifications(await this.notifications.fetch(scope));
  }

  @Post()
  @HttpCode(200)
  async update(@Scope() scope: ServiceScope, @Body() dto: UpdateServiceNotificationsDto) {
    return this.mapper.notifications(await this.notifications.update(scope, dto));
  }
}
