import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, type ListLocation, WebhookEnabled } from '../common/request-context';
import { restContext } from '../events/event-types';
import { dateSidKey } from '../prisma/keyset';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import { UsersService } from '../users/users.service';
import type { UserRecord } from '../users/users.types';
import { ChatV2ErrorsInterceptor } from './chat-v2-errors.interceptor';
import { ChatPageQuery, CreateChatUserDto, UpdateChatUserDto } from './chat-v2.dto';
import { ChatV2Mapper } from './chat-v2.mapper';
import { ChatV2Repository } from './chat-v2.repository';

/** /v2/Services/{IS}/Users; `{Sid}` is a US SID or the identity. */
@Controller('v2/Services/:ChatServiceSid/Users')
@UseInterceptors(ChatV2ErrorsInterceptor)
export class ChatUsersController {
  constructor(
    private readonly users: UsersService,
    private readonly counts: ChatV2Repository,
    private readonly mapper: ChatV2Mapper,
    private readonly config: AppConfig,
  ) {}

  private async one(u: UserRecord) {
    return this.mapper.user(u, (await this.counts.joinedChannels(u.serviceSid, [u.sid])).get(u.sid)!);
  }

  @Post()
  async create(@Scope() scope: ServiceScope, @Body() dto: CreateChatUserDto, @WebhookEnabled() webhooks: boolean) {
    return this.one(await this.users.create(scope, dto, restContext(webhooks)));
  }

  @Get()
  async list(@Scope() scope: ServiceScope, @Query() query: ChatPageQuery, @CurrentList() location: ListLocation) {
    const req = pageRequest(query, 100, 2);
    const slice = await this.users.list(scope, req);
    const joined = await this.counts.joinedChannels(
      scope.serviceSid,
      slice.items.map((u) => u.sid),
    );
    return listBody({
      key: 'users',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (u) => this.mapper.user(u, joined.get(u.sid)!),
      cursorOf: dateSidKey,
    });
  }

  @Get(':Sid')
  async fetch(@Scope() scope: ServiceScope, @Param('Sid') id: string) {
    return this.one(await this.users.fetch(scope, id));
  }

  @Post(':Sid')
  @HttpCode(200)
  async update(
    @Scope() scope: ServiceScope,
    @Param('Sid') id: string,
    @Body() dto: UpdateChatUserDto,
    @WebhookEnabled() webhooks: boolean,
  ) {
    return this.one(await this.users.update(scope, id, dto, restContext(webhooks)));
  }

  @Delete(':Sid')
  @HttpCode(204)
  async delete(@Scope() scope: ServiceScope, @Param('Sid') id: string): Promise<void> {
    await this.users.delete(scope, id, restContext(false));
  }
}
