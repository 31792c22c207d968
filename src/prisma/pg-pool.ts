import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { AppConfig } from '../config/app-config';

export const PG_POOL = Symbol('PG_POOL');

/**
 * The one PostgreSQL connection pool: Prisma's adapter runs on it, and so does SqlRunner. Its
 * DATABASE_POOL_SIZE connections are kept once open (no idle timeout): a new connection costs a
 * backend start and the planning of every hot statement again (about 25 ms of database CPU), which
 * a pool that closed idle connections would pay at each burst after a lull.
 */
export function createPgPool(config: AppConfig): Pool {
  const pool = new Pool({
    connectionString: config.databaseUrl,
    max: config.databasePoolSize,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 0,
  });
  const logger = new Logger('PgPool');
  pool.on('error', (err) => logger.warn({ err: err.message }, 'idle PostgreSQL connection failed; it will be replaced'));
  return pool;
}

/** Opens the pool's connections ahead of the first requests. A failure here is not fatal: requests connect on demand. */
export async function openPool(pool: Pool, size: number): Promise<void> {
  const settled = await Promise.allSettled(Array.from({ length: size }, () => pool.connect()));
  for (const s of settled) if (s.status === 'fulfilled') s.value.release();
}
