import { Body, Controller, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ConversationsMapper } from '../conversations/conversations.mapper';
import { WebhookEnabled } from '../common/request-context';
import { Scope } from '../services/service-scope.pipe';
import { restContext } from '../events/event-types';
import type { ServiceScope } from '../services/services.types';
import { CreateConversationWithParticipantsDto } from './conversation-with-participants.dto';
import { ConversationWithParticipantsService } from './conversation-with-participants.service';

@Controller(['v1/ConversationWithParticipants', 'v1/Services/:ChatServiceSid/ConversationWithParticipants'])
export class ConversationWithParticipantsController {
  constructor(
    private readonly service: ConversationWithParticipantsService,
    private readonly mapper: ConversationsMapper,
  ) {}

  /** 201 without participants, 202 with them, as Twilio answers. */
  @Post()
  async create(
    @Scope() scope: ServiceScope,
    @Body() dto: CreateConversationWithParticipantsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
    @WebhookEnabled() webhooks: boolean,
  ) {
    const conversation = await this.service.create(scope, dto, restContext(webhooks));
    void reply.status(dto.participant?.length ? 202 : 201);
    const { links, ...rest } = this.mapper.conversation(conversation, scope);
    const { export: _export, ...withoutExport } = links;
    return { ...rest, links: withoutExport };
  }
}
