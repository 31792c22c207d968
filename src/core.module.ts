import { Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module';
import { LoggingModule } from './logging/logging.module';
import { ObservabilityModule } from './observability/observability.module';
import { PrismaModule } from './prisma/prisma.module';
import { QueuesModule } from './queues/queues.module';
import { RedisModule } from './redis/redis.module';

/** What both roles need: configuration, logs, PostgreSQL, Redis, the queues and metrics. */
@Module({ imports: [ConfigModule, LoggingModule, PrismaModule, RedisModule, QueuesModule, ObservabilityModule] })
export class CoreModule {}
