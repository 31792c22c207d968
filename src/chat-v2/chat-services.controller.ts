import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { pathSid } from '../common/path-sid';
import { CurrentList, CurrentPrincipal, type ListLocation, type Principal, type RouterRequest } from '../common/request-context';
import { SidPrefix } from '../common/sid';
import { dateSidKey } from '../prisma/keyset';
import { ChatServicesService, type ChatServiceView } from './chat-services.service';
import { ChatV2ErrorsInterceptor } from './chat-v2-errors.interceptor';
import { ChatPageQuery, CreateChatServiceDto, UpdateChatServiceDto } from './chat-v2.dto';
import { ChatV2Mapper } from './chat-v2.mapper';

const path = (req: RouterRequest) => req.url.split('?')[0];

/** /v2/Services: Chat services (the same IS services as Conversations). */
@Controller('v2/Services')
@UseInterceptors(ChatV2ErrorsInterceptor)
export class ChatServicesController {
  constructor(
    private readonly services: ChatServicesService,
    private readonly mapper: ChatV2Mapper,
    private readonly config: AppConfig,
  ) {}

  private view = (v: ChatServiceView) => this.mapper.service(v.settings, v.webhooks, v.notifications);

  @Post()
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateChatServiceDto) {
    return this.view(await this.services.create(principal.accountSid, dto.friendlyName));
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ChatPageQuery, @CurrentList() location: ListLocation) {
    const req = pageRequest(query, 100, 2);
    const slice = await this.services.list(principal.accountSid, req);
    return listBody({
      key: 'services',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: this.view,
      cursorOf: (v) => dateSidKey(v.settings),
    });
  }

  @Get(':Sid')
  async fetch(@CurrentPrincipal() principal: Principal, @Param('Sid') sid: string, @Req() req: RouterRequest) {
    return this.view(await this.services.fetch(principal.accountSid, pathSid(sid, SidPrefix.Service, path(req)), path(req)));
  }

  @Post(':Sid')
  @HttpCode(200)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('Sid') sid: string,
    @Body() dto: UpdateChatServiceDto,
    @Req() req: RouterRequest,
  ) {
    return this.view(await this.services.update(principal.accountSid, pathSid(sid, SidPrefix.Service, path(req)), dto, path(req)));
  }

  @Delete(':Sid')
  @HttpCode(204)
  async delete(@CurrentPrincipal() principal: Principal, @Param('Sid') sid: string, @Req() req: RouterRequest): Promise<void> {
    await this.services.delete(principal.accountSid, pathSid(sid, SidPrefix.Service, path(req)), path(req));
  }
}
