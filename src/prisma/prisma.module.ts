import { Global, Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { AppConfig } from '../config/app-config';
import { createPgPool, openPool, PG_POOL } from './pg-pool';
import { PrismaService } from './prisma.service';
import { SqlRunner } from './sql-runner';
import { UnitOfWork } from './unit-of-work';

@Global()
@Module({
  providers: [{ provide: PG_POOL, inject: [AppConfig], useFactory: createPgPool }, PrismaService, SqlRunner, UnitOfWork],
  exports: [PG_POOL, PrismaService, SqlRunner, UnitOfWork],
})
export class PrismaModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await openPool(this.pool, this.config.databasePoolSize);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
