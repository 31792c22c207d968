import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, CurrentPrincipal, type ListLocation, type Principal, WebhookEnabled } from '../common/request-context';
import { restContext } from '../events/event-types';
import { dateSidKey } from '../prisma/keyset';
import { CreateFlexChannelDto, ListFlexChannelsQuery } from './flex-channels.dto';
import { FlexChannelsService } from './flex-channels.service';
import { FlexMapper } from './flex.mapper';

/** /v1/Channels: Flex chat channels (Twilio's flex-api host; Conversations has no /v1/Channels). */
@Controller('v1/Channels')
export class FlexChannelsController {
  constructor(
    private readonly channels: FlexChannelsService,
    private readonly mapper: FlexMapper,
    private readonly config: AppConfig,
  ) {}

  @Post()
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateFlexChannelDto, @WebhookEnabled() webhooks: boolean) {
    return this.mapper.channel(await this.channels.create(principal.accountSid, dto, restContext(webhooks)));
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListFlexChannelsQuery, @CurrentList() location: ListLocation) {
    const req = pageRequest(query, 1000, 2);
    const slice = await this.channels.list(principal.accountSid, req);
    return listBody({
      key: 'flex_chat_channels',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (c) => this.mapper.channel(c),
      cursorOf: dateSidKey,
    });
  }

  @Get(':Sid')
  async fetch(@CurrentPrincipal() principal: Principal, @Param('Sid') sid: string) {
    return this.mapper.channel(await this.channels.fetch(principal.accountSid, sid));
  }

  @Delete(':Sid')
  @HttpCode(204)
  async delete(@CurrentPrincipal() principal: Principal, @Param('Sid') sid: string, @WebhookEnabled() webhooks: boolean): Promise<void> {
    await this.channels.delete(principal.accountSid, sid, restContext(webhooks));
  }
}
