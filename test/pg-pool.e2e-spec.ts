import type { Pool } from 'pg';
import { AppConfig } from '../src/config/app-config';
import { createPgPool, openPool } from '../src/prisma/pg-pool';

describe('the PostgreSQL pool (e2e against PostgreSQL)', () => {
  let pool: Pool;

  beforeAll(() => {
    pool = createPgPool(AppConfig.fromEnv({ ...process.env, DATABASE_POOL_SIZE: '3' }));
  });

  afterAll(async () => {
    jest.useRealTimers();
    await pool?.end();
  });

  it('opens DATABASE_POOL_SIZE connections at start and keeps them through a lull', async () => {
    // Fake clocks from the start, so that an idle timeout the pool would set is one we can run out.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    await openPool(pool, 3);
    expect(pool.totalCount).toBe(3);
    expect(pool.idleCount).toBe(3);
    // A lull far longer than any idle timeout: the connections (and their prepared plans) stay.
    jest.advanceTimersByTime(10 * 60_000);
    jest.useRealTimers();
    expect(pool.totalCount).toBe(3);
    const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
    expect(pool.totalCount).toBe(3);
  });

  it('a database that cannot be reached does not fail the start: requests connect on demand', async () => {
    const unreachable = createPgPool(
      AppConfig.fromEnv({ ...process.env, DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none', DATABASE_POOL_SIZE: '2' }),
    );
    try {
      await expect(openPool(unreachable, 2)).resolves.toBeUndefined();
      expect(unreachable.totalCount).toBe(0);
    } finally {
      await unreachable.end();
    }
  });
});
