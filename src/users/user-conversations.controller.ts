import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, type ListLocation, WebhookEnabled } from '../common/request-context';
import { dateSidKey } from '../prisma/keyset';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import { restContext } from '../events/event-types';
import { UserConversationsService } from './user-conversations.service';
import { ListUserConversationsQuery, UpdateUserConversationDto } from './users.dto';
import { UsersMapper } from './users.mapper';

/** A user's conversations; `{UserSid}` is a US SID or identity, `{ConversationSid}` a CH SID or unique name. */
@Controller(['v1/Users/:UserSid/Conversations', 'v1/Services/:ChatServiceSid/Users/:UserSid/Conversations'])
export class UserConversationsController {
  constructor(
    private readonly userConversations: UserConversationsService,
    private readonly mapper: UsersMapper,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async list(
    @Scope() scope: ServiceScope,
    @Param('UserSid') userId: string,
    @Query() query: ListUserConversationsQuery,
    @CurrentList() location: ListLocation,
  ) {
    const req = pageRequest(query, 50, 2);
    const slice = await this.userConversations.list(scope, userId, req);
    return listBody({
      key: 'conversations',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (r) => this.mapper.userConversation(r, scope),
      cursorOf: (r) => dateSidKey(r.participant),
    });
  }

  @Get(':ConversationSid')
  async fetch(@Scope() scope: ServiceScope, @Param('UserSid') userId: string, @Param('ConversationSid') conversationId: string) {
    return this.mapper.userConversation(await this.userConversations.fetch(scope, userId, conversationId), scope);
  }

  @Post(':ConversationSid')
  @HttpCode(200)
  async update(
    @Scope() scope: ServiceScope,
    @Param('UserSid') userId: string,
    @Param('ConversationSid') conversationId: string,
    @Body() dto: UpdateUserConversationDto,
    @WebhookEnabled() webhooks: boolean,
  ) {
    return this.mapper.userConversation(
      await this.userConversations.update(scope, userId, conversationId, dto, restContext(webhooks)),
      scope,
    );
  }

  @Delete(':ConversationSid')
  @HttpCode(204)
  async delete(
    @Scope() scope: ServiceScope,
    @Param('UserSid') userId: string,
    @Param('ConversationSid') conversationId: string,
    @WebhookEnabled() webhooks: boolean,
  ): Promise<void> {
    await this.userConversations.delete(scope, userId, conversationId, restContext(webhooks));
  }
}
