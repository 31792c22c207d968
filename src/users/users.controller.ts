import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, type ListLocation, WebhookEnabled } from '../common/request-context';
import { dateSidKey } from '../prisma/keyset';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import { restContext } from '../events/event-types';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './users.dto';
import { UsersMapper } from './users.mapper';
import { UsersService } from './users.service';

/** /v1/Users and /v1/Services/{IS}/Users; `{Sid}` is a US SID or the user's identity. */
@Controller(['v1/Users', 'v1/Services/:ChatServiceSid/Users'])
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly mapper: UsersMapper,
    private readonly config: AppConfig,
  ) {}

  @Post()
  async create(@Scope() scope: ServiceScope, @Body() dto: CreateUserDto, @WebhookEnabled() webhooks: boolean) {
    return this.mapper.user(await this.users.create(scope, dto, restContext(webhooks)), scope, 'single');
  }

  @Get()
  async list(@Scope() scope: ServiceScope, @Query() query: ListUsersQuery, @CurrentList() location: ListLocation) {
    const req = pageRequest(query, 50, 2);
    const slice = await this.users.list(scope, req);
    return listBody({
      key: 'users',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (u) => this.mapper.user(u, scope, 'list'),
      cursorOf: dateSidKey,
    });
  }

  @Get(':Sid')
  async fetch(@Scope() scope: ServiceScope, @Param('Sid') id: string) {
    return this.mapper.user(await this.users.fetch(scope, id), scope, 'single');
  }

  @Post(':Sid')
  @HttpCode(200)
  async update(@Scope() scope: ServiceScope, @Param('Sid') id: string, @Body() dto: UpdateUserDto, @WebhookEnabled() webhooks: boolean) {
    return this.mapper.user(await this.users.update(scope, id, dto, restContext(webhooks)), scope, 'single');
  }

  @Delete(':Sid')
  @HttpCode(204)
  async delete(@Scope() scope: ServiceScope, @Param('Sid') id: string, @WebhookEnabled() webhooks: boolean): Promise<void> {
    await this.users.delete(scope, id, restContext(webhooks));
  }
}
