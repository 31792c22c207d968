import Redis from 'ioredis';
import { AppConfig } from '../src/config/app-config';
import { SendRateLimiter } from '../src/delivery/send-rate.limiter';

/** The per-proxy-address token bucket against the real Redis, its takes batched per event-loop turn. */
describe('send rate per proxy address (e2e against Redis)', () => {
  let redis: Redis;
  let limiter: SendRateLimiter;
  const prefix = `send-rate-test-${process.pid}-${Date.now()}`;

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL!);
    limiter = new SendRateLimiter(redis, AppConfig.fromEnv({ ...process.env, BULLMQ_PREFIX: prefix }));
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('takes made together: each gets its own answer; a busy address waits without holding back another', async () => {
    const busy = Promise.all(Array.from({ length: 5 }, () => limiter.take('+15550007001', 2)));
    const other = limiter.take('+15550007002', 2);
    const [waits, otherWait] = await Promise.all([busy, other]);
    expect(waits.filter((w) => w === 0)).toHaveLength(2); // a burst of one second's worth
    const waiting = waits.filter((w) => w !== 0);
    expect(waiting).toHaveLength(3);
    for (const w of waiting) expect(w > 0 && w <= 500).toBe(true); // until the next token of a 2/s bucket
    expect(otherWait).toBe(0);
  });

  it('after the wait it answered, a take goes through', async () => {
    const address = '+15550007003';
    expect(await limiter.take(address, 1)).toBe(0);
    const wait = await limiter.take(address, 1);
    expect(wait).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, wait + 20));
    expect(await limiter.take(address, 1)).toBe(0);
  });
});
