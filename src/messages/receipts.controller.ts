import { Controller, Get, Param, Query } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, PageQuery, pageRequest } from '../common/paging';
import { CurrentList, type ListLocation } from '../common/request-context';
import { dateSidKey } from '../prisma/keyset';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import { MessagesMapper } from './messages.mapper';
import { MessagesService } from './messages.service';

class ListReceiptsQuery extends PageQuery {}

/** Delivery receipts of a message: one per non-chat recipient, the latest carrier status of each. */
@Controller([
  'v1/Conversations/:ConversationSid/Messages/:MessageSid/Receipts',
  'v1/Services/:ChatServiceSid/Conversations/:ConversationSid/Messages/:MessageSid/Receipts',
])
export class ReceiptsController {
  constructor(
    private readonly messages: MessagesService,
    private readonly mapper: MessagesMapper,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async list(
    @Scope() scope: ServiceScope,
    @Param('ConversationSid') conversationId: string,
    @Param('MessageSid') messageSid: string,
    @Query() query: ListReceiptsQuery,
    @CurrentList() location: ListLocation,
  ) {
    const req = pageRequest(query, 50, 2);
    const slice = await this.messages.receipts(scope, conversationId, messageSid, req);
    return listBody({
      key: 'delivery_receipts',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (r) => this.mapper.receipt(r, scope),
      cursorOf: dateSidKey,
    });
  }

  @Get(':Sid')
  async fetch(
    @Scope() scope: ServiceScope,
    @Param('ConversationSid') conversationId: string,
    @Param('MessageSid') messageSid: string,
    @Param('Sid') sid: string,
  ) {
    return this.mapper.receipt(await this.messages.receipt(scope, conversationId, messageSid, sid), scope);
  }
}
