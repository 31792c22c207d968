import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { CurrentPrincipal, type Principal } from '../common/request-context';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import { UpdateAccountWebhooksDto, UpdateServiceWebhooksDto } from './webhook-configuration.dto';
import type { WebhookSettings } from './webhook-configuration.repository';
import { WebhookConfigurationService } from './webhook-configuration.service';

/** /v1/Configuration/Webhooks: the account's pre and post event webhooks. */
@Controller('v1/Configuration/Webhooks')
export class AccountWebhooksController {
  constructor(
    private readonly settings: WebhookConfigurationService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async fetch(@CurrentPrincipal() principal: Principal) {
    return this.resource(principal.accountSid, await this.settings.account(principal.accountSid));
  }

  @Post()
  @HttpCode(200)
  async update(@CurrentPrincipal() principal: Principal, @Body() dto: UpdateAccountWebhooksDto) {
    return this.resource(principal.accountSid, await this.settings.updateAccount(principal.accountSid, dto));
  }

  private resource(accountSid: string, s: WebhookSettings) {
    return {
      account_sid: accountSid,
      pre_webhook_url: s.preWebhookUrl,
      post_webhook_url: s.postWebhookUrl,
      method: s.webhookMethod,
      filters: s.webhookFilters,
      target: s.webhookTarget ?? 'webhook',
      url: `${this.config.publicUrl}/v1/Configuration/Webhooks`,
    };
  }
}

/** /v1/Services/{IS}/Configuration/Webhooks: a service's pre and post event webhooks. */
@Controller('v1/Services/:ChatServiceSid/Configuration/Webhooks')
export class ServiceWebhooksController {
  constructor(
    private readonly settings: WebhookConfigurationService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async fetch(@Scope() scope: ServiceScope) {
    return this.resource(scope, await this.settings.service(scope.accountSid, scope.serviceSid));
  }

  @Post()
  @HttpCode(200)
  async update(@Scope() scope: ServiceScope, @Body() dto: UpdateServiceWebhooksDto) {
    return this.resource(scope, await this.settings.updateService(scope.accountSid, scope.serviceSid, dto));
  }

  private resource(scope: ServiceScope, s: WebhookSettings) {
    return {
      account_sid: scope.accountSid,
      chat_service_sid: scope.serviceSid,
      pre_webhook_url: s.preWebhookUrl,
      post_webhook_url: s.postWebhookUrl,
      filters: s.webhookFilters,
      method: s.webhookMethod,
      url: `${this.config.publicUrl}/v1/Services/${scope.serviceSid}/Configuration/Webhooks`,
    };
  }
}
