import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { TtlCache } from '../common/ttl-cache';
import { PrismaService } from '../prisma/prisma.service';
import { InvalidationBus } from '../redis/invalidation-bus';

/** Invalidation topics published by the auth module when tokens or accounts change. */
const TOPICS = ['credential', 'account'];

/** Auth tokens that sign outgoing webhooks, cached per process; rotations are pushed to every process. */
@Injectable()
export class AccountTokens implements OnModuleInit {
  private readonly cache: TtlCache<string>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly bus: InvalidationBus,
    config: AppConfig,
  ) {
    this.cache = new TtlCache(config.authCacheTtlMs);
  }

  onModuleInit(): void {
    for (const topic of TOPICS) this.bus.on(topic, (sid) => this.cache.delete(sid));
  }

  async of(accountSid: string): Promise<string | null> {
    const hit = this.cache.get(accountSid);
    if (hit !== undefined) return hit;
    const row = await this.prisma.account.findUnique({ where: { sid: accountSid }, select: { authToken: true } });
    if (row) this.cache.set(accountSid, row.authToken);
    return row?.authToken ?? null;
  }
}
