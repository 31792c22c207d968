import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, type ListLocation } from '../common/request-context';
import { dateSidKey } from '../prisma/keyset';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import { ListPushBindingsQuery } from './push.dto';
import { PushMapper } from './push.mapper';
import { PushBindingsService } from './push-bindings.service';

/** /v1/Services/{IS}/Bindings: push bindings the SDKs registered (no create over REST). */
@Controller('v1/Services/:ChatServiceSid/Bindings')
export class PushBindingsController {
  constructor(
    private readonly bindings: PushBindingsService,
    private readonly mapper: PushMapper,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async list(@Scope() scope: ServiceScope, @Query() query: ListPushBindingsQuery, @CurrentList() location: ListLocation) {
    const req = pageRequest(query, 100, 2);
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
