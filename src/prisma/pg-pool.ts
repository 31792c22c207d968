import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { AppConfig } from '../config/app-config';

export const PG_POOL = Symbol('PG_POOL');

/** The one PostgreSQL connection pool: Prisma's adapter runs on it, and so does SqlRunner. */
export function createPgPool(config: AppConfig): Pool {
  const pool = new Pool({ connectionString: config.databaseUrl, max: config.databasePoolSize, connectionTimeoutMillis: 5_000 });
  const logger = new Logger('PgPool');
  pool.on('error', (err) => logger.warn({ err: err.message }, 'idle PostgreSQL connection failed; it will be replaced'));
  return pool;
}
