import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, type ListLocation } from '../common/request-context';
import { isoDate } from '../common/wire-format';
import { dateSidKey } from '../prisma/keyset';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import { ConversationWebhooksService } from '../webhooks/conversation-webhooks.service';
import type { ConversationWebhookRecord } from '../webhooks/conversation-webhooks.repository';
import { ChatV2ErrorsInterceptor } from './chat-v2-errors.interceptor';
import { ChatPageQuery, CreateChannelWebhookDto, UpdateChannelWebhookDto } from './chat-v2.dto';
import { eventFromChat, eventToChat } from './chat-v2.names';

const method = (m: 'GET' | 'POST' | undefined) => (m === undefined ? undefined : (m.toLowerCase() as 'get' | 'post'));

/** /v2/Services/{IS}/Channels/{CH}/Webhooks: the conversation's scoped webhooks, with Chat's event names. */
@Controller('v2/Services/:ChatServiceSid/Channels/:ChannelSid/Webhooks')
@UseInterceptors(ChatV2ErrorsInterceptor)
export class ChannelWebhooksController {
  constructor(
    private readonly hooks: ConversationWebhooksService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  async create(@Scope() scope: ServiceScope, @Param('ChannelSid') channel: string, @Body() dto: CreateChannelWebhookDto) {
    const hook = await this.hooks.create(
      scope,
      channel,
      {
        target: dto.type,
        url: dto.url,
        method: method(dto.method),
        filters: dto.filters?.map(eventFromChat),
        triggers: dto.triggers,
        flowSid: dto.flowSid,
      },
      { retryCount: dto.retryCount },
    );
    return this.resource(hook);
  }

  @Get()
  async list(
    @Scope() scope: ServiceScope,
    @Param('ChannelSid') channel: string,
    @Query() query: ChatPageQuery,
    @CurrentList() location: ListLocation,
  ) {
    const req = pageRequest(query, 5, 2);
    const slice = await this.hooks.list(scope, channel, req);
    return listBody({
      key: 'webhooks',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (h) => this.resource(h),
      cursorOf: dateSidKey,
    });
  }

  @Get(':Sid')
  async fetch(@Scope() scope: ServiceScope, @Param('ChannelSid') channel: string, @Param('Sid') sid: string) {
    return this.resource(await this.hooks.fetch(scope, channel, sid));
  }

  @Post(':Sid')
  @HttpCode(200)
  async update(
    @Scope() scope: ServiceScope,
    @Param('ChannelSid') channel: string,
    @Param('Sid') sid: string,
    @Body() dto: UpdateChannelWebhookDto,
  ) {
    const hook = await this.hooks.update(
      scope,
      channel,
      sid,
      {
        url: dto.url,
        method: method(dto.method),
        filters: dto.filters?.map(eventFromChat),
        triggers: dto.triggers,
        flowSid: dto.flowSid,
      },
      { retryCount: dto.retryCount },
    );
    return this.resource(hook);
  }

  @Delete(':Sid')
  @HttpCode(204)
  async delete(@Scope() scope: ServiceScope, @Param('ChannelSid') channel: string, @Param('Sid') sid: string): Promise<void> {
    await this.hooks.delete(scope, channel, sid);
  }

  private resource(h: ConversationWebhookRecord) {
    const configuration =
      h.target === 'studio'
        ? { flow_sid: h.flowSid }
        : h.target === 'trigger'
          ? { url: h.url, method: h.method?.toUpperCase(), triggers: h.triggers }
          : { url: h.url, method: h.method?.toUpperCase(), filters: h.filters.map(eventToChat) };
    if (h.target !== 'studio' && h.retryCount !== null) Object.assign(configuration, { retry_count: h.retryCount });
    return {
      sid: h.sid,
      account_sid: h.accountSid,
      service_sid: h.serviceSid,
      channel_sid: h.conversationSid,
      type: h.target,
      url: `${this.config.publicUrl}/v2/Services/${h.serviceSid}/Channels/${h.conversationSid}/Webhooks/${h.sid}`,
      configuration,
      date_created: isoDate(h.dateCreated),
      date_updated: isoDate(h.dateUpdated),
    };
  }
}
