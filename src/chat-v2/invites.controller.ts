import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, type ListLocation } from '../common/request-context';
import { InvitesService } from '../invites/invites.service';
import { dateSidKey } from '../prisma/keyset';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import { ChatV2ErrorsInterceptor } from './chat-v2-errors.interceptor';
import { CreateInviteDto, ListInvitesQuery } from './chat-v2.dto';
import { ChatV2Mapper } from './chat-v2.mapper';

/** /v2/Services/{IS}/Channels/{CH}/Invites. */
@Controller('v2/Services/:ChatServiceSid/Channels/:ChannelSid/Invites')
@UseInterceptors(ChatV2ErrorsInterceptor)
export class InvitesController {
  constructor(
    private readonly invites: InvitesService,
    private readonly mapper: ChatV2Mapper,
    private readonly config: AppConfig,
  ) {}

  /** Made through REST: created_by is null, as for other REST-made Chat resources. */
  @Post()
  async create(@Scope() scope: ServiceScope, @Param('ChannelSid') channel: string, @Body() dto: CreateInviteDto) {
    return this.mapper.invite(await this.invites.create(scope, channel, dto, null));
  }

  @Get()
  async list(
    @Scope() scope: ServiceScope,
    @Param('ChannelSid') channel: string,
    @Query() query: ListInvitesQuery,
    @CurrentList() location: ListLocation,
  ) {
    const req = pageRequest(query, 100, 2);
    const slice = await this.invites.list(scope, channel, query.identities, req);
    return listBody({
      key: 'invites',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (i) => this.mapper.invite(i),
      cursorOf: dateSidKey,
    });
  }

  @Get(':Sid')
  async fetch(@Scope() scope: ServiceScope, @Param('ChannelSid') channel: string, @Param('Sid') sid: string) {
    return this.mapper.invite(await this.invites.fetch(scope, channel, sid));
  }

  @Delete(':Sid')
  @HttpCode(204)
  async delete(@Scope() scope: ServiceScope, @Param('ChannelSid') channel: string, @Param('Sid') sid: string): Promise<void> {
    await this.invites.delete(scope, channel, sid);
  }
}
