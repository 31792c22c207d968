import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, type ListLocation, WebhookEnabled } from '../common/request-context';
import { restContext } from '../events/event-types';
import { MessagesService } from '../messages/messages.service';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import { ChatV2ErrorsInterceptor } from './chat-v2-errors.interceptor';
import { CreateChatMessageDto, ListChatMessagesQuery, UpdateChatMessageDto } from './chat-v2.dto';
import { ChatV2Mapper } from './chat-v2.mapper';

/** /v2/Services/{IS}/Channels/{CH}/Messages: the conversation's messages (`From` is the author). */
@Controller('v2/Services/:ChatServiceSid/Channels/:ChannelSid/Messages')
@UseInterceptors(ChatV2ErrorsInterceptor)
export class ChatMessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly mapper: ChatV2Mapper,
    private readonly config: AppConfig,
  ) {}

  @Post()
  async create(
    @Scope() scope: ServiceScope,
    @Param('ChannelSid') channel: string,
    @Body() dto: CreateChatMessageDto,
    @WebhookEnabled() webhooks: boolean,
  ) {
    const message = await this.messages.create(
      scope,
      channel,
      {
        author: dto.from,
        body: dto.body,
        attributes: dto.attributes,
        mediaSid: dto.mediaSid ? [dto.mediaSid] : undefined,
        dateCreated: dto.dateCreated,
        dateUpdated: dto.dateUpdated,
      },
      restContext(webhooks),
    );
    return this.mapper.message(message, dto.lastUpdatedBy ?? null);
  }

  @Get()
  async list(
    @Scope() scope: ServiceScope,
    @Param('ChannelSid') channel: string,
    @Query() query: ListChatMessagesQuery,
    @CurrentList() location: ListLocation,
  ) {
    const req = pageRequest(query, 100, 1);
    const slice = await this.messages.list(scope, channel, query.order ?? 'asc', req);
    return listBody({
      key: 'messages',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (m) => this.mapper.message(m),
      cursorOf: (m) => [m.index],
    });
  }

  @Get(':Sid')
  async fetch(@Scope() scope: ServiceScope, @Param('ChannelSid') channel: string, @Param('Sid') sid: string) {
    return this.mapper.message(await this.messages.fetch(scope, channel, sid));
  }

  @Post(':Sid')
  @HttpCode(200)
  async update(
    @Scope() scope: ServiceScope,
    @Param('ChannelSid') channel: string,
    @Param('Sid') sid: string,
    @Body() dto: UpdateChatMessageDto,
    @WebhookEnabled() webhooks: boolean,
  ) {
    const message = await this.messages.update(
      scope,
      channel,
      sid,
      { author: dto.from, body: dto.body, attributes: dto.attributes, dateCreated: dto.dateCreated, dateUpdated: dto.dateUpdated },
      restContext(webhooks),
    );
    return this.mapper.message(message, dto.lastUpdatedBy ?? null);
  }

  @Delete(':Sid')
  @HttpCode(204)
  async delete(
    @Scope() scope: ServiceScope,
    @Param('ChannelSid') channel: string,
    @Param('Sid') sid: string,
    @WebhookEnabled() webhooks: boolean,
  ): Promise<void> {
    await this.messages.delete(scope, channel, sid, restContext(webhooks));
  }
}
