import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { AppConfig } from '../config/app-config';
import { createPgPool, PG_POOL } from './pg-pool';
import { PrismaService } from './prisma.service';
import { SqlRunner } from './sql-runner';
import { UnitOfWork } from './unit-of-work';

@Global()
@Module({
  providers: [{ provide: PG_POOL, inject: [AppConfig], useFactory: createPgPool }, PrismaService, SqlRunner, UnitOfWork],
  exports: [PrismaService, SqlRunner, UnitOfWork],
})
export class PrismaModule implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
