import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, CurrentPrincipal, type ListLocation, type Principal } from '../common/request-context';
import { dateSidKey } from '../prisma/keyset';
import { CreateFlexFlowDto, ListFlexFlowsQuery, UpdateFlexFlowDto } from './flex-flows.dto';
import { FlexFlowsService } from './flex-flows.service';
import { FlexMapper } from './flex.mapper';

/** /v1/FlexFlows (Twilio's flex-api host: the router tells the APIs apart by path). */
@Controller('v1/FlexFlows')
export class FlexFlowsController {
  constructor(
    private readonly flows: FlexFlowsService,
    private readonly mapper: FlexMapper,
    private readonly config: AppConfig,
  ) {}

  @Post()
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateFlexFlowDto) {
    return this.mapper.flow(await this.flows.create(principal.accountSid, dto));
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListFlexFlowsQuery, @CurrentList() location: ListLocation) {
    const req = pageRequest(query, 1000, 2);
    const slice = await this.flows.list(principal.accountSid, { friendlyName: query.friendlyName }, req);
    return listBody({
      key: 'flex_flows',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (f) => this.mapper.flow(f),
      cursorOf: dateSidKey,
    });
  }

  @Get(':Sid')
  async fetch(@CurrentPrincipal() principal: Principal, @Param('Sid') sid: string) {
    return this.mapper.flow(await this.flows.fetch(principal.accountSid, sid));
  }

  @Post(':Sid')
  @HttpCode(200)
  async update(@CurrentPrincipal() principal: Principal, @Param('Sid') sid: string, @Body() dto: UpdateFlexFlowDto) {
    return this.mapper.flow(await this.flows.update(principal.accountSid, sid, dto));
  }

  @Delete(':Sid')
  @HttpCode(204)
  async delete(@CurrentPrincipal() principal: Principal, @Param('Sid') sid: string): Promise<void> {
    await this.flows.delete(principal.accountSid, sid);
  }
}
