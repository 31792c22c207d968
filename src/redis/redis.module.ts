import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { InvalidationBus } from './invalidation-bus';

export const REDIS = Symbol('REDIS');

/** One shared ioredis connection for commands (rate buckets, locks, publishes). Queues open their own. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new Redis(config.redisUrl, { maxRetriesPerRequest: 3, lazyConnect: false }),
    },
    InvalidationBus,
  ],
  exports: [REDIS, InvalidationBus],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
