import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, type ListLocation, WebhookEnabled } from '../common/request-context';
import { restContext } from '../events/event-types';
import { dateSidKey } from '../prisma/keyset';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import { CreateConversationDto, ListConversationsQuery, UpdateConversationDto } from './conversations.dto';
import { ConversationsMapper } from './conversations.mapper';
import { ConversationsService } from './conversations.service';

/** /v1/Conversations and /v1/Services/{IS}/Conversations; `{Sid}` is a CH SID or a unique name. */
@Controller(['v1/Conversations', 'v1/Services/:ChatServiceSid/Conversations'])
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly mapper: ConversationsMapper,
    private readonly config: AppConfig,
  ) {}

  @Post()
  async create(@Scope() scope: ServiceScope, @Body() dto: CreateConversationDto, @WebhookEnabled() webhooks: boolean) {
    return this.mapper.conversation(await this.conversations.create(scope, dto, restContext(webhooks)), scope);
  }

  @Get()
  async list(@Scope() scope: ServiceScope, @Query() query: ListConversationsQuery, @CurrentList() location: ListLocation) {
    const req = pageRequest(query, 100, 2);
    const slice = await this.conversations.list(scope, query, req);
    return listBody({
      key: 'conversations',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (c) => this.mapper.conversation(c, scope),
      cursorOf: dateSidKey,
    });
  }

  @Get(':Sid')
  async fetch(@Scope() scope: ServiceScope, @Param('Sid') id: string) {
    return this.mapper.conversation(await this.conversations.fetch(scope, id), scope);
  }

  @Post(':Sid')
  @HttpCode(200)
  async update(
    @Scope() scope: ServiceScope,
    @Param('Sid') id: string,
    @Body() dto: UpdateConversationDto,
    @WebhookEnabled() webhooks: boolean,
  ) {
    return this.mapper.conversation(await this.conversations.update(scope, id, dto, restContext(webhooks)), scope);
  }

  @Delete(':Sid')
  @HttpCode(204)
  async delete(@Scope() scope: ServiceScope, @Param('Sid') id: string, @WebhookEnabled() webhooks: boolean): Promise<void> {
    await this.conversations.delete(scope, id, restContext(webhooks));
  }
}
