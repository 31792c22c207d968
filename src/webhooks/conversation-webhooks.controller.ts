import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, type ListLocation } from '../common/request-context';
import { v1Path } from '../common/v1-paths';
import { isoDate } from '../common/wire-format';
import { dateSidKey } from '../prisma/keyset';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import {
  CreateConversationWebhookDto,
  ListConversationWebhooksQuery,
  MAX_CONVERSATION_WEBHOOKS,
  UpdateConversationWebhookDto,
} from './conversation-webhooks.dto';
import type { ConversationWebhookRecord } from './conversation-webhooks.repository';
import { ConversationWebhooksService } from './conversation-webhooks.service';

@Controller(['v1/Conversations/:ConversationSid/Webhooks', 'v1/Services/:ChatServiceSid/Conversations/:ConversationSid/Webhooks'])
export class ConversationWebhooksController {
  constructor(
    private readonly hooks: ConversationWebhooksService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  async create(@Scope() scope: ServiceScope, @Param('ConversationSid') conversationId: string, @Body() dto: CreateConversationWebhookDto) {
    return this.resource(await this.hooks.create(scope, conversationId, dto), scope);
  }

  @Get()
  async list(
    @Scope() scope: ServiceScope,
    @Param('ConversationSid') conversationId: string,
    @Query() query: ListConversationWebhooksQuery,
    @CurrentList() location: ListLocation,
  ) {
    const req = pageRequest(query, MAX_CONVERSATION_WEBHOOKS, 2);
    const slice = await this.hooks.list(scope, conversationId, req);
    return listBody({
      key: 'webhooks',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (h) => this.resource(h, scope),
      cursorOf: dateSidKey,
    });
  }

  @Get(':Sid')
  async fetch(@Scope() scope: ServiceScope, @Param('ConversationSid') conversationId: string, @Param('Sid') sid: string) {
    return this.resource(await this.hooks.fetch(scope, conversationId, sid), scope);
  }

  @Post(':Sid')
  @HttpCode(200)
  async update(
    @Scope() scope: ServiceScope,
    @Param('ConversationSid') conversationId: string,
    @Param('Sid') sid: string,
    @Body() dto: UpdateConversationWebhookDto,
  ) {
    return this.resource(await this.hooks.update(scope, conversationId, sid, dto), scope);
  }

  @Delete(':Sid')
  @HttpCode(204)
  async delete(@Scope() scope: ServiceScope, @Param('ConversationSid') conversationId: string, @Param('Sid') sid: string): Promise<void> {
    await this.hooks.delete(scope, conversationId, sid);
  }

  private resource(h: ConversationWebhookRecord, scope: ServiceScope) {
    const configuration: Record<string, unknown> =
      h.target === 'studio'
        ? { flow_sid: h.flowSid }
        : h.target === 'trigger'
          ? { url: h.url, method: h.method, filters: h.filters, triggers: h.triggers }
          : { url: h.url, method: h.method, filters: h.filters };
    if (h.replayAfter !== null) configuration.replay_after = h.replayAfter;
    return {
      account_sid: h.accountSid,
      ...(scope.scoped ? { chat_service_sid: h.serviceSid } : {}),
      conversation_sid: h.conversationSid,
      sid: h.sid,
      target: h.target,
      configuration,
      date_created: isoDate(h.dateCreated),
      date_updated: isoDate(h.dateUpdated),
      url: this.config.publicUrl + v1Path(scope, 'Conversations', h.conversationSid, 'Webhooks', h.sid),
    };
  }
}
