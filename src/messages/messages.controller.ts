import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, type ListLocation, WebhookEnabled } from '../common/request-context';
import { restContext } from '../events/event-types';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import { CreateMessageDto, ListMessagesQuery, UpdateMessageDto } from './messages.dto';
import { MessagesMapper } from './messages.mapper';
import { MessagesService } from './messages.service';

@Controller(['v1/Conversations/:ConversationSid/Messages', 'v1/Services/:ChatServiceSid/Conversations/:ConversationSid/Messages'])
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly mapper: MessagesMapper,
    private readonly config: AppConfig,
  ) {}

  @Post()
  async create(
    @Scope() scope: ServiceScope,
    @Param('ConversationSid') conversationId: string,
    @Body() dto: CreateMessageDto,
    @WebhookEnabled() webhooks: boolean,
  ) {
    return this.mapper.message(await this.messages.create(scope, conversationId, dto, restContext(webhooks)), scope);
  }

  @Get()
  async list(
    @Scope() scope: ServiceScope,
    @Param('ConversationSid') conversationId: string,
    @Query() query: ListMessagesQuery,
    @CurrentList() location: ListLocation,
  ) {
    const req = pageRequest(query, 100, 1);
    const slice = await this.messages.list(scope, conversationId, query.order ?? 'asc', req);
    return listBody({
      key: 'messages',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (m) => this.mapper.message(m, scope),
      cursorOf: (m) => [m.index],
    });
  }

  @Get(':Sid')
  async fetch(@Scope() scope: ServiceScope, @Param('ConversationSid') conversationId: string, @Param('Sid') sid: string) {
    return this.mapper.message(await this.messages.fetch(scope, conversationId, sid), scope);
  }

  @Post(':Sid')
  @HttpCode(200)
  async update(
    @Scope() scope: ServiceScope,
    @Param('ConversationSid') conversationId: string,
    @Param('Sid') sid: string,
    @Body() dto: UpdateMessageDto,
    @WebhookEnabled() webhooks: boolean,
  ) {
    return this.mapper.message(await this.messages.update(scope, conversationId, sid, dto, restContext(webhooks)), scope);
  }

  @Delete(':Sid')
  @HttpCode(204)
  async delete(
    @Scope() scope: ServiceScope,
    @Param('ConversationSid') conversationId: string,
    @Param('Sid') sid: string,
    @WebhookEnabled() webhooks: boolean,
  ): Promise<void> {
    await this.messages.delete(scope, conversationId, sid, restContext(webhooks));
  }
}
