import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { CurrentPrincipal, type Principal, type RouterRequest } from '../common/request-context';
import { Scope } from './service-scope.pipe';
import { UpdateAccountConfigurationDto, UpdateServiceConfigurationDto } from './services.dto';
import { ServicesMapper } from './services.mapper';
import { ServicesService } from './services.service';
import type { ServiceScope } from './services.types';

/** /v1/Configuration: the account's default service and timers. */
@Controller('v1/Configuration')
export class AccountConfigurationController {
  constructor(
    private readonly services: ServicesService,
    private readonly mapper: ServicesMapper,
  ) {}

  @Get()
  async fetch(@CurrentPrincipal() principal: Principal) {
    return this.mapper.accountConfiguration(await this.services.fetchAccountConfiguration(principal.accountSid));
  }

  @Post()
  @HttpCode(200)
  async update(@CurrentPrincipal() principal: Principal, @Body() dto: UpdateAccountConfigurationDto) {
    return this.mapper.accountConfiguration(await this.services.updateAccountConfiguration(principal.accountSid, dto));
  }
}

/** /v1/Services/{IS}/Configuration: default roles and reachability of one service. */
@Controller('v1/Services/:ChatServiceSid/Configuration')
export class ServiceConfigurationController {
  constructor(
    private readonly services: ServicesService,
    private readonly mapper: ServicesMapper,
  ) {}

  @Get()
  async fetch(@Scope() scope: ServiceScope, @Req() req: RouterRequest) {
    const path = req.url.split('?')[0];
    return this.mapper.serviceConfiguration(await this.services.fetchConfiguration(scope.accountSid, scope.serviceSid, path));
  }

  @Post()
  @HttpCode(200)
  async update(@Scope() scope: ServiceScope, @Body() dto: UpdateServiceConfigurationDto, @Req() req: RouterRequest) {
    const path = req.url.split('?')[0];
    return this.mapper.serviceConfiguration(await this.services.updateConfiguration(scope.accountSid, scope.serviceSid, dto, path));
  }
}
