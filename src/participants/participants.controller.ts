import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, type ListLocation, WebhookEnabled } from '../common/request-context';
import { restContext } from '../events/event-types';
import { dateSidKey } from '../prisma/keyset';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import { CreateParticipantDto, ListParticipantConversationsQuery, ListParticipantsQuery, UpdateParticipantDto } from './participants.dto';
import { ParticipantsMapper } from './participants.mapper';
import { ParticipantsService } from './participants.service';

/** Participants of a conversation; `{Sid}` is an MB SID or the participant's identity. */
@Controller(['v1/Conversations/:ConversationSid/Participants', 'v1/Services/:ChatServiceSid/Conversations/:ConversationSid/Participants'])
export class ParticipantsController {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly mapper: ParticipantsMapper,
    private readonly config: AppConfig,
  ) {}

  @Post()
  async create(
    @Scope() scope: ServiceScope,
    @Param('ConversationSid') conversationId: string,
    @Body() dto: CreateParticipantDto,
    @WebhookEnabled() webhooks: boolean,
  ) {
    return this.mapper.participant(await this.participants.create(scope, conversationId, dto, restContext(webhooks)), scope);
  }

  @Get()
  async list(
    @Scope() scope: ServiceScope,
    @Param('ConversationSid') conversationId: string,
    @Query() query: ListParticipantsQuery,
    @CurrentList() location: ListLocation,
  ) {
    const req = pageRequest(query, 100, 2);
    const slice = await this.participants.list(scope, conversationId, req);
    return listBody({
      key: 'participants',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (p) => this.mapper.participant(p, scope),
      cursorOf: dateSidKey,
    });
  }

  @Get(':Sid')
  async fetch(@Scope() scope: ServiceScope, @Param('ConversationSid') conversationId: string, @Param('Sid') id: string) {
    return this.mapper.participant(await this.participants.fetch(scope, conversationId, id), scope);
  }

  @Post(':Sid')
  @HttpCode(200)
  async update(
    @Scope() scope: ServiceScope,
    @Param('ConversationSid') conversationId: string,
    @Param('Sid') id: string,
    @Body() dto: UpdateParticipantDto,
    @WebhookEnabled() webhooks: boolean,
  ) {
    return this.mapper.participant(await this.participants.update(scope, conversationId, id, dto, restContext(webhooks)), scope);
  }

  @Delete(':Sid')
  @HttpCode(204)
  async delete(
    @Scope() scope: ServiceScope,
    @Param('ConversationSid') conversationId: string,
    @Param('Sid') id: string,
    @WebhookEnabled() webhooks: boolean,
  ): Promise<void> {
    await this.participants.delete(scope, conversationId, id, restContext(webhooks));
  }
}

/** /v1/ParticipantConversations: the conversations of one identity or one address. */
@Controller(['v1/ParticipantConversations', 'v1/Services/:ChatServiceSid/ParticipantConversations'])
export class ParticipantConversationsController {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly mapper: ParticipantsMapper,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async list(@Scope() scope: ServiceScope, @Query() query: ListParticipantConversationsQuery, @CurrentList() location: ListLocation) {
    const req = pageRequest(query, 50, 2);
    const slice = await this.participants.conversationsOf(scope, { identity: query.identity, address: query.address }, req);
    return listBody({
      key: 'conversations',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (r) => this.mapper.participantConversation(r, scope),
      cursorOf: (r) => dateSidKey(r.participant),
    });
  }
}
