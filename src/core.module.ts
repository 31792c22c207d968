import { Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module';
import { LoggingModule } from './logging/logging.module';
import { PrismaModule } from './prisma/prisma.module';
import { QueuesModule } from './queues/queues.module';
import { RedisModule } from './redis/redis.module';

/** What both roles need: configuration, logs, PostgreSQL, Redis and the queues. */
@Module({ imports: [ConfigModule, LoggingModule, PrismaModule, RedisModule, QueuesModule] })
export class CoreModule {}
