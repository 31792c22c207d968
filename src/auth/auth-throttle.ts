import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';

/** A Redis call of the throttle that takes longer falls back to this process's own counts. */
const REDIS_TIMEOUT_MS = 250;
/** How long a header that authenticated is remembered as the client's own (it passes a block). */
const KNOWN_GOOD_TTL_S = 24 * 3600;

interface Limit {
  limiter: RateLimiterAbstract;
  /** Failures answered 401 within the window; the next requests get 429 until the block ends. */
  max: number;
}

/**
 * Throttles failed authentications, per client address and per credential (Account SID or API key
 * SID), across API processes through Redis (rate-limiter-flexible, with this process's memory as the
 * fallback when Redis is slow or away, so that authentication never waits on it). After
 * AUTH_SLOW_AFTER failures within AUTH_FAILURE_WINDOW each failed answer is delayed; after the limit
 * the address or credential gets 429 (20429) for AUTH_BLOCK_DURATION without its credentials being
 * checked, except a request whose exact Authorization header authenticated before (remembered as a
 * hash for a day): the clients that hold the right credentials keep working through an attack.
 */
@Injectable()
export class AuthThrottle {
  private readonly logger = new Logger(AuthThrottle.name);
  private readonly byAddress: Limit | null;
  private readonly byCredential: Limit | null;
  private readonly blockSeconds: number;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {
    const { perAddress, perCredential, windowMs, blockMs } = config.authThrottle;
    this.blockSeconds = Math.max(1, Math.ceil(blockMs / 1000));
    const limit = (name: string, max: number): Limit | null => {
      if (max <= 0) return null;
      const options = { points: max, duration: Math.max(1, Math.ceil(windowMs / 1000)) };
      const memory = new RateLimiterMemory({ ...options, keyPrefix: `auth-${name}` });
      const shared = new RateLimiterRedis({
        ...options,
        storeClient: redis,
        keyPrefix: `${config.queuePrefix}:auth-${name}`,
        insuranceLimiter: memory,
      });
      return { limiter: new RLWrapperTimeouts({ limiter: shared, timeoutMs: REDIS_TIMEOUT_MS, insuranceLimiter: memory }), max };
    };
    this.byAddress = limit('address', perAddress);
    this.byCredential = limit('credential', perCredential);
  }

  /** Milliseconds until the address and the credential may try again; 0 when they may now. */
  async blockedFor(address: string, credential: string | null): Promise<number> {
    const [a, c] = await Promise.all([blocked(this.byAddress, address), credential ? blocked(this.byCredential, credential) : 0]);
    return Math.max(a, c);
  }

  /**
   * Counts a failed authentication for the address and the credential; blocks whichever reached its
   * limit. Returns how long the failed answer should wait (slowing down guessing).
   */
  async failed(address: string, credential: string | null): Promise<number> {
    const [a, c] = await Promise.all([
      this.count(this.byAddress, address, 'address'),
      credential ? this.count(this.byCredential, credential, 'credential') : 0,
    ]);
    return Math.max(a, c) > this.config.authThrottle.slowAfter ? this.config.authThrottle.slowDelayMs : 0;
  }

  /** Remembers that an Authorization header authenticated (as a hash), so that a block does not stop it. */
  async rememberGood(header: string): Promise<void> {
    try {
      await withTimeout(this.redis.set(this.goodKey(header), '1', 'EX', KNOWN_GOOD_TTL_S));
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not remember an accepted credential');
    }
  }

  async isKnownGood(header: string): Promise<boolean> {
    try {
      return (await withTimeout(this.redis.exists(this.goodKey(header)))) === 1;
    } catch {
      return false;
    }
  }

  private goodKey(header: string): string {
    return `${this.config.queuePrefix}:auth-good:${createHash('sha256').update(header).digest('base64url')}`;
  }

  /** Failures so far in the window (after this one); blocks the key when it reaches the limit. */
  private async count(limit: Limit | null, key: string, kind: string): Promise<number> {
    if (!limit) return 0;
    let consumed: number;
    try {
      consumed = (await limit.limiter.consume(key)).consumedPoints;
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) {
        this.logger.warn({ err: (err as Error).message }, 'authentication throttle unavailable');
        return 0;
      }
      consumed = err.consumedPoints;
    }
    if (consumed === limit.max) {
      await limit.limiter.block(key, this.blockSeconds).catch(() => undefined);
      this.logger.warn({ kind, blockSeconds: this.blockSeconds }, 'too many failed authentications: blocked');
    }
    return consumed;
  }
}

async function blocked(limit: Limit | null, key: string): Promise<number> {
  if (!limit) return 0;
  try {
    const res = await limit.limiter.get(key);
    return res && res.consumedPoints > limit.max ? Math.max(1, res.msBeforeNext) : 0;
  } catch {
    return 0;
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), REDIS_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
