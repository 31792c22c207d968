import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { runPeriodically } from '../src/queues/periodic-task';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runPeriodically (real Redis)', () => {
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  });

  afterAll(async () => {
    await redis.quit();
  });

  it('runs a task longer than its interval in one holder at a time, in every process, and again after it ends', async () => {
    const lockKey = `${process.env.BULLMQ_PREFIX}:periodic-test:${Date.now()}`;
    let active = 0;
    let most = 0;
    const runs: string[] = [];
    // Two "processes" (two schedulers on one lock), each run lasting 2.5 intervals.
    const stops = ['a', 'b'].map((name) =>
      runPeriodically({
        redis,
        lockKey,
        intervalMs: 100,
        logger: new Logger('test'),
        task: async () => {
          active++;
          most = Math.max(most, active);
          runs.push(name);
          await sleep(250);
          active--;
        },
      }),
    );
    await sleep(2_000);
    for (const stop of stops) stop();
    await sleep(300);
    expect(most).toBe(1);
    expect(runs.length).toBeGreaterThanOrEqual(4);
  });
});
