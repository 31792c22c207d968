import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, type ListLocation, WebhookEnabled } from '../common/request-context';
import { restContext } from '../events/event-types';
import { ParticipantsService } from '../participants/participants.service';
import { dateSidKey } from '../prisma/keyset';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import { ChatV2ErrorsInterceptor } from './chat-v2-errors.interceptor';
import { CreateMemberDto, ListMembersQuery, UpdateMemberDto } from './chat-v2.dto';
import { ChatV2Mapper } from './chat-v2.mapper';

/** /v2/Services/{IS}/Channels/{CH}/Members: a member is a chat participant; `{Sid}` is an MB SID or an identity. */
@Controller('v2/Services/:ChatServiceSid/Channels/:ChannelSid/Members')
@UseInterceptors(ChatV2ErrorsInterceptor)
export class MembersController {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly mapper: ChatV2Mapper,
    private readonly config: AppConfig,
  ) {}

  @Post()
  async create(
    @Scope() scope: ServiceScope,
    @Param('ChannelSid') channel: string,
    @Body() dto: CreateMemberDto,
    @WebhookEnabled() webhooks: boolean,
  ) {
    const member = await this.participants.create(
      scope,
      channel,
      {
        identity: dto.identity,
        roleSid: dto.roleSid,
        attributes: dto.attributes,
        lastReadMessageIndex: dto.lastConsumedMessageIndex,
        lastReadTimestamp: dto.lastConsumptionTimestamp,
        dateCreated: dto.dateCreated,
        dateUpdated: dto.dateUpdated,
      },
      restContext(webhooks),
    );
    return this.mapper.member(member);
  }

  @Get()
  async list(
    @Scope() scope: ServiceScope,
    @Param('ChannelSid') channel: string,
    @Query() query: ListMembersQuery,
    @CurrentList() location: ListLocation,
  ) {
    const req = pageRequest(query, 100, 2);
    const slice = await this.participants.list(scope, channel, req, query.identities);
    return listBody({
      key: 'members',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (p) => this.mapper.member(p),
      cursorOf: dateSidKey,
    });
  }

  @Get(':Sid')
  async fetch(@Scope() scope: ServiceScope, @Param('ChannelSid') channel: string, @Param('Sid') id: string) {
    return this.mapper.member(await this.participants.fetch(scope, channel, id));
  }

  @Post(':Sid')
  @HttpCode(200)
  async update(
    @Scope() scope: ServiceScope,
    @Param('ChannelSid') channel: string,
    @Param('Sid') id: string,
    @Body() dto: UpdateMemberDto,
    @WebhookEnabled() webhooks: boolean,
  ) {
    const member = await this.participants.update(
      scope,
      channel,
      id,
      {
        roleSid: dto.roleSid,
        attributes: dto.attributes,
        lastReadMessageIndex: dto.lastConsumedMessageIndex,
        lastReadTimestamp: dto.lastConsumptionTimestamp,
        dateCreated: dto.dateCreated,
        dateUpdated: dto.dateUpdated,
      },
      restContext(webhooks),
    );
    return this.mapper.member(member);
  }

  @Delete(':Sid')
  @HttpCode(204)
  async delete(
    @Scope() scope: ServiceScope,
    @Param('ChannelSid') channel: string,
    @Param('Sid') id: string,
    @WebhookEnabled() webhooks: boolean,
  ): Promise<void> {
    await this.participants.delete(scope, channel, id, restContext(webhooks));
  }
}
