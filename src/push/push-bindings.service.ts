import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { PageRequest, PageSlice, sliceRows } from '../common/paging';
import { isSid, normalizeSid, SidPrefix } from '../common/sid';
import { resourcePath } from '../common/resource-path';
import type { ServiceScope } from '../services/services.types';
import { PushBindingsRepository } from './push-bindings.repository';
import { PushReachability } from './push-reachability';
import type { PushBindingFilter, PushBindingRecord } from './push.types';

@Injectable()
export class PushBindingsService {
  constructor(
    private readonly bindings: PushBindingsRepository,
    private readonly reachability: PushReachability,
  ) {}

  async list(scope: ServiceScope, filter: PushBindingFilter, page: PageRequest): Promise<PageSlice<PushBindingRecord>> {
    return sliceRows(await this.bindings.list(scope.accountSid, scope.serviceSid, filter, page), page);
  }

  async fetch(scope: ServiceScope, sid: string): Promise<PushBindingRecord> {
    const binding = await this.bindings.find(scope.accountSid, scope.serviceSid, this.pathSid(scope, sid));
    if (!binding) throw Errors.notFound(resourcePath(scope, 'Bindings', sid));
    return binding;
  }

  async delete(scope: ServiceScope, sid: string): Promise<void> {
    const identity = await this.bindings.delete(scope.accountSid, scope.serviceSid, this.pathSid(scope, sid));
    if (identity === null) throw Errors.notFound(resourcePath(scope, 'Bindings', sid));
    await this.reachability.reconcile(scope.serviceSid, identity);
  }

  private pathSid(scope: ServiceScope, sid: string): string {
    const normalized = normalizeSid(sid);
    if (!isSid(normalized, SidPrefix.PushBinding)) throw Errors.notFound(resourcePath(scope, 'Bindings', sid));
    return normalized;
  }
}
