import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Errors } from '../common/errors';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, CurrentPrincipal, type ListLocation, type Principal } from '../common/request-context';
import { resourcePath } from '../common/resource-path';
import { dateSidKey } from '../prisma/keyset';
import { PushBindingsService } from '../push/push-bindings.service';
import { PushCredentialsService } from '../push/push-credentials.service';
import { CreatePushCredentialDto, UpdatePushCredentialDto } from '../push/push.dto';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import { UsersService } from '../users/users.service';
import { ChatV2ErrorsInterceptor } from './chat-v2-errors.interceptor';
import { ChatPageQuery, ListChatBindingsQuery } from './chat-v2.dto';
import { ChatV2Mapper } from './chat-v2.mapper';

/** /v2/Services/{IS}/Bindings: the service's push registrations. */
@Controller('v2/Services/:ChatServiceSid/Bindings')
@UseInterceptors(ChatV2ErrorsInterceptor)
export class ChatBindingsController {
  constructor(
    private readonly bindings: PushBindingsService,
    private readonly mapper: ChatV2Mapper,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async list(@Scope() scope: ServiceScope, @Query() query: ListChatBindingsQuery, @CurrentList() location: ListLocation) {
    const req = pageRequest(query, 50, 2);
    const slice = await this.bindings.list(scope, { bindingTypes: query.bindingTypes, identities: query.identities }, req);
    return listBody({
      key: 'bindings',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (b) => this.mapper.binding(b),
      cursorOf: dateSidKey,
    });
  }

  @Get(':Sid')
  async fetch(@Scope() scope: ServiceScope, @Param('Sid') sid: string) {
    return this.mapper.binding(await this.bindings.fetch(scope, sid));
  }

  @Delete(':Sid')
  @HttpCode(204)
  async delete(@Scope() scope: ServiceScope, @Param('Sid') sid: string): Promise<void> {
    await this.bindings.delete(scope, sid);
  }
}

/** /v2/Services/{IS}/Users/{US}/Bindings: one user's push registrations. */
@Controller('v2/Services/:ChatServiceSid/Users/:UserSid/Bindings')
@UseInterceptors(ChatV2ErrorsInterceptor)
export class ChatUserBindingsController {
  constructor(
    private readonly bindings: PushBindingsService,
    private readonly users: UsersService,
    private readonly mapper: ChatV2Mapper,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async list(
    @Scope() scope: ServiceScope,
    @Param('UserSid') userId: string,
    @Query() query: ListChatBindingsQuery,
    @CurrentList() location: ListLocation,
  ) {
    const user = await this.users.fetch(scope, userId);
    const req = pageRequest(query, 50, 2);
    const slice = await this.bindings.list(scope, { bindingTypes: query.bindingTypes, identities: [user.identity] }, req);
    return listBody({
      key: 'bindings',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (b) => this.mapper.binding(b, user.sid),
      cursorOf: dateSidKey,
    });
  }

  @Get(':Sid')
  async fetch(@Scope() scope: ServiceScope, @Param('UserSid') userId: string, @Param('Sid') sid: string) {
    const user = await this.users.fetch(scope, userId);
    const binding = await this.bindings.fetch(scope, sid);
    if (binding.identity !== user.identity) throw Errors.notFound(resourcePath(scope, 'Users', userId, 'Bindings', sid));
    return this.mapper.binding(binding, user.sid);
  }

  @Delete(':Sid')
  @HttpCode(204)
  async delete(@Scope() scope: ServiceScope, @Param('UserSid') userId: string, @Param('Sid') sid: string): Promise<void> {
    const user = await this.users.fetch(scope, userId);
    const binding = await this.bindings.fetch(scope, sid);
    if (binding.identity !== user.identity) throw Errors.notFound(resourcePath(scope, 'Users', userId, 'Bindings', sid));
    await this.bindings.delete(scope, sid);
  }
}

/** /v2/Credentials: the account's push credentials (the same as /v1/Credentials). */
@Controller('v2/Credentials')
@UseInterceptors(ChatV2ErrorsInterceptor)
export class ChatCredentialsController {
  constructor(
    private readonly credentials: PushCredentialsService,
    private readonly mapper: ChatV2Mapper,
    private readonly config: AppConfig,
  ) {}

  @Post()
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreatePushCredentialDto) {
    return this.mapper.credential(await this.credentials.create(principal.accountSid, dto));
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ChatPageQuery, @CurrentList() location: ListLocation) {
    const req = pageRequest(query, 1000, 2);
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
