import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, CurrentPrincipal, type ListLocation, type Principal } from '../common/request-context';
import { dateSidKey } from '../prisma/keyset';
import { CreatePushCredentialDto, ListPushCredentialsQuery, UpdatePushCredentialDto } from './push.dto';
import { PushMapper } from './push.mapper';
import { PushCredentialsService } from './push-credentials.service';

/** /v1/Credentials: push credentials of the account (apn, gcm, fcm). */
@Controller('v1/Credentials')
export class PushCredentialsController {
  constructor(
    private readonly credentials: PushCredentialsService,
    private readonly mapper: PushMapper,
    private readonly config: AppConfig,
  ) {}

  @Post()
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreatePushCredentialDto) {
    return this.mapper.credential(await this.credentials.create(principal.accountSid, dto));
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListPushCredentialsQuery, @CurrentList() location: ListLocation) {
    const req = pageRequest(query, 100, 2);
    const slice = await this.credentials.list(principal.accountSid, req);
    return listBody({
      key: 'credentials',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (c) => this.mapper.credential(c),
      cursorOf: dateSidKey,
    });
  }

  @Get(':Sid')
  async fetch(@CurrentPrincipal() principal: Principal, @Param('Sid') sid: string) {
    return this.mapper.credential(await this.credentials.fetch(principal.accountSid, sid));
  }

  @Post(':Sid')
  @HttpCode(200)
  async update(@CurrentPrincipal() principal: Principal, @Param('Sid') sid: string, @Body() dto: UpdatePushCredentialDto) {
    return this.mapper.credential(await this.credentials.update(principal.accountSid, sid, dto));
  }

  @Delete(':Sid')
  @HttpCode(204)
  async delete(@CurrentPrincipal() principal: Principal, @Param('Sid') sid: string): Promise<void> {
    await this.credentials.delete(principal.accountSid, sid);
  }
}
