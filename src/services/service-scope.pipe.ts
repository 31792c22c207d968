import { createParamDecorator, ExecutionContext, Injectable, OnModuleInit, PipeTransform } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Errors } from '../common/errors';
import { type Principal, type RouterRequest } from '../common/request-context';
import { isSid, normalizeSid, SidPrefix } from '../common/sid';
import { TtlCache } from '../common/ttl-cache';
import { InvalidationBus } from '../redis/invalidation-bus';
import { ServicesRepository } from './services.repository';
import type { ServiceScope } from './services.types';

export const SERVICE_TOPIC = 'service';

interface RawScope {
  principal: Principal;
  chatServiceSid?: string;
  path: string;
}

const RawScopeParam = createParamDecorator((_: unknown, ctx: ExecutionContext): RawScope => {
  const req = ctx.switchToHttp().getRequest<RouterRequest>();
  const params = req.params as Record<string, string | undefined>;
  return { principal: req.principal!, chatServiceSid: params.ChatServiceSid, path: req.url.split('?')[0] };
});

/** Resolves the service a /v1 request acts on (`/v1/Services/{IS}/...` or the account's default), or a /v2 one (`/v2/Services/{IS}/...`). */
@Injectable()
export class ResolveScopePipe implements PipeTransform<RawScope, Promise<ServiceScope>>, OnModuleInit {
  private readonly owners: TtlCache<string>;

  constructor(
    private readonly services: ServicesRepository,
    private readonly bus: InvalidationBus,
    config: AppConfig,
  ) {
    this.owners = new TtlCache(config.authCacheTtlMs);
  }

  onModuleInit(): void {
    this.bus.on(SERVICE_TOPIC, (sid) => this.owners.delete(sid));
  }

  async transform(raw: RawScope): Promise<ServiceScope> {
    const { principal, chatServiceSid } = raw;
    if (chatServiceSid === undefined) {
      return { accountSid: principal.accountSid, serviceSid: principal.defaultServiceSid, scoped: false };
    }
    const sid = normalizeSid(chatServiceSid);
    if (!isSid(sid, SidPrefix.Service)) throw Errors.notFound(raw.path);
    let owner = this.owners.get(sid);
    if (owner === undefined) {
      owner = (await this.services.ownerOf(sid)) ?? undefined;
      if (owner) this.owners.set(sid, owner);
    }
    if (owner !== principal.accountSid) throw Errors.notFound(raw.path);
    // Chat v2 routes (`/v2/Services/:ChatServiceSid/...`) share this pipe; their errors name /v2 paths.
    return {
      accountSid: principal.accountSid,
      serviceSid: sid,
      scoped: true,
      ...(raw.path.startsWith('/v2/') ? { api: 'chat' as const } : {}),
    };
  }
}

/** The service scope of a /v1 route (declare both paths on the controller: default and `/v1/Services/:ChatServiceSid/...`). */
export const Scope = () => RawScopeParam(undefined, ResolveScopePipe);
