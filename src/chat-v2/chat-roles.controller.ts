import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, type ListLocation } from '../common/request-context';
import { dateSidKey } from '../prisma/keyset';
import { RolesService } from '../roles/roles.service';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import { ChatV2ErrorsInterceptor } from './chat-v2-errors.interceptor';
import { ChatPageQuery, CreateChatRoleDto, UpdateChatRoleDto } from './chat-v2.dto';
import { ChatV2Mapper } from './chat-v2.mapper';
import { permissionFromChat, roleTypeFromChat } from './chat-v2.names';

/** /v2/Services/{IS}/Roles: the service's roles, with Chat's type (channel | deployment) and permission names. */
@Controller('v2/Services/:ChatServiceSid/Roles')
@UseInterceptors(ChatV2ErrorsInterceptor)
export class ChatRolesController {
  constructor(
    private readonly roles: RolesService,
    private readonly mapper: ChatV2Mapper,
    private readonly config: AppConfig,
  ) {}

  @Post()
  async create(@Scope() scope: ServiceScope, @Body() dto: CreateChatRoleDto) {
    const role = await this.roles.create(
      scope,
      { friendlyName: dto.friendlyName, type: roleTypeFromChat(dto.type), permissions: dto.permissions.map(permissionFromChat) },
      { chat: true },
    );
    return this.mapper.role(role);
  }

  @Get()
  async list(@Scope() scope: ServiceScope, @Query() query: ChatPageQuery, @CurrentList() location: ListLocation) {
    const req = pageRequest(query, 100, 2);
    const slice = await this.roles.list(scope, req);
    return listBody({
      key: 'roles',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (r) => this.mapper.role(r),
      cursorOf: dateSidKey,
    });
  }

  @Get(':Sid')
  async fetch(@Scope() scope: ServiceScope, @Param('Sid') sid: string) {
    return this.mapper.role(await this.roles.fetch(scope, sid));
  }

  @Post(':Sid')
  @HttpCode(200)
  async update(@Scope() scope: ServiceScope, @Param('Sid') sid: string, @Body() dto: UpdateChatRoleDto) {
    return this.mapper.role(await this.roles.update(scope, sid, { permissions: dto.permissions.map(permissionFromChat) }, { chat: true }));
  }

  @Delete(':Sid')
  @HttpCode(204)
  async delete(@Scope() scope: ServiceScope, @Param('Sid') sid: string): Promise<void> {
    await this.roles.delete(scope, sid);
  }
}
