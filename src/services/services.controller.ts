import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { pathSid } from '../common/path-sid';
import { CurrentList, CurrentPrincipal, type ListLocation, type Principal, type RouterRequest } from '../common/request-context';
import { SidPrefix } from '../common/sid';
import { dateSidKey } from '../prisma/keyset';
import { CreateServiceDto, ListServicesQuery } from './services.dto';
import { ServicesMapper } from './services.mapper';
import { ServicesService } from './services.service';

const path = (req: RouterRequest) => req.url.split('?')[0];

@Controller('v1/Services')
export class ServicesController {
  constructor(
    private readonly services: ServicesService,
    private readonly mapper: ServicesMapper,
    private readonly config: AppConfig,
  ) {}

  @Post()
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateServiceDto) {
    return this.mapper.service(await this.services.create(principal.accountSid, dto.friendlyName));
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListServicesQuery, @CurrentList() location: ListLocation) {
    const req = pageRequest(query, 100, 2);
    const slice = await this.services.list(principal.accountSid, req);
    return listBody({
      key: 'services',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (s) => this.mapper.service(s),
      cursorOf: dateSidKey,
    });
  }

  @Get(':Sid')
  async fetch(@CurrentPrincipal() principal: Principal, @Param('Sid') sid: string, @Req() req: RouterRequest) {
    const service = await this.services.fetch(principal.accountSid, pathSid(sid, SidPrefix.Service, path(req)), path(req));
    return this.mapper.service(service);
  }

  @Delete(':Sid')
  @HttpCode(204)
  async delete(@CurrentPrincipal() principal: Principal, @Param('Sid') sid: string, @Req() req: RouterRequest): Promise<void> {
    await this.services.delete(principal.accountSid, pathSid(sid, SidPrefix.Service, path(req)), path(req));
  }
}
