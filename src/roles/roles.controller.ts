import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, type ListLocation } from '../common/request-context';
import { dateSidKey } from '../prisma/keyset';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import { CreateRoleDto, ListRolesQuery, UpdateRoleDto } from './roles.dto';
import { RolesMapper } from './roles.mapper';
import { RolesService } from './roles.service';

/** /v1/Roles and /v1/Services/{IS}/Roles. */
@Controller(['v1/Roles', 'v1/Services/:ChatServiceSid/Roles'])
export class RolesController {
  constructor(
    private readonly roles: RolesService,
    private readonly mapper: RolesMapper,
    private readonly config: AppConfig,
  ) {}

  @Post()
  async create(@Scope() scope: ServiceScope, @Body() dto: CreateRoleDto) {
    return this.mapper.role(await this.roles.create(scope, dto), scope);
  }

  @Get()
  async list(@Scope() scope: ServiceScope, @Query() query: ListRolesQuery, @CurrentList() location: ListLocation) {
    const req = pageRequest(query, 50, 2);
    const slice = await this.roles.list(scope, req);
    return listBody({
      key: 'roles',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (r) => this.mapper.role(r, scope),
      cursorOf: dateSidKey,
    });
  }

  @Get(':Sid')
  async fetch(@Scope() scope: ServiceScope, @Param('Sid') sid: string) {
    return this.mapper.role(await this.roles.fetch(scope, sid), scope);
  }

  @Post(':Sid')
  @HttpCode(200)
  async update(@Scope() scope: ServiceScope, @Param('Sid') sid: string, @Body() dto: UpdateRoleDto) {
    return this.mapper.role(await this.roles.update(scope, sid, dto), scope);
  }

  @Delete(':Sid')
  @HttpCode(204)
  async delete(@Scope() scope: ServiceScope, @Param('Sid') sid: string): Promise<void> {
    await this.roles.delete(scope, sid);
  }
}
