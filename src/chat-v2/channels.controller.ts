import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, type ListLocation, WebhookEnabled } from '../common/request-context';
import { ConversationsService } from '../conversations/conversations.service';
import type { ConversationRecord } from '../conversations/conversations.types';
import { chatRestContext } from '../events/event-types';
import { dateSidKey } from '../prisma/keyset';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import { ChatV2ErrorsInterceptor } from './chat-v2-errors.interceptor';
import { CreateChannelDto, ListChannelsQuery, UpdateChannelDto } from './chat-v2.dto';
import { ChatV2Mapper } from './chat-v2.mapper';
import { ChatV2Repository } from './chat-v2.repository';

/** /v2/Services/{IS}/Channels: a channel is the conversation of the same SID; `{Sid}` is a CH SID or a unique name. */
@Controller('v2/Services/:ChatServiceSid/Channels')
@UseInterceptors(ChatV2ErrorsInterceptor)
export class ChannelsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly counts: ChatV2Repository,
    private readonly mapper: ChatV2Mapper,
    private readonly config: AppConfig,
  ) {}

  private async one(c: ConversationRecord) {
    return this.mapper.channel(c, (await this.counts.channelCounts([c.sid])).get(c.sid)!);
  }

  /** A Chat channel, public unless Type says private, as Twilio documents: Chat's rules apply to it (src/channel-access). */
  @Post()
  async create(@Scope() scope: ServiceScope, @Body() dto: CreateChannelDto, @WebhookEnabled() webhooks: boolean) {
    return this.one(
      await this.conversations.create(scope, { ...dto, channelType: dto.channelType ?? 'public' }, chatRestContext(webhooks)),
    );
  }

  /** Public channels unless Type names others, as Twilio documents ("defaults to public"). */
  @Get()
  async list(@Scope() scope: ServiceScope, @Query() query: ListChannelsQuery, @CurrentList() location: ListLocation) {
    const req = pageRequest(query, 100, 2);
    const slice = await this.conversations.list(scope, { channelTypes: query.channelTypes ?? ['public'] }, req);
    const counts = await this.counts.channelCounts(slice.items.map((c) => c.sid));
    return listBody({
      key: 'channels',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (c) => this.mapper.channel(c, counts.get(c.sid)!),
      cursorOf: dateSidKey,
    });
  }

  @Get(':Sid')
  async fetch(@Scope() scope: ServiceScope, @Param('Sid') id: string) {
    return this.one(await this.conversations.fetch(scope, id));
  }

  @Post(':Sid')
  @HttpCode(200)
  async update(@Scope() scope: ServiceScope, @Param('Sid') id: string, @Body() dto: UpdateChannelDto, @WebhookEnabled() webhooks: boolean) {
    return this.one(await this.conversations.update(scope, id, dto, chatRestContext(webhooks)));
  }

  @Delete(':Sid')
  @HttpCode(204)
  async delete(@Scope() scope: ServiceScope, @Param('Sid') id: string, @WebhookEnabled() webhooks: boolean): Promise<void> {
    await this.conversations.delete(scope, id, chatRestContext(webhooks));
  }
}
