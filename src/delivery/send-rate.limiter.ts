import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';
import { TickLoader } from '../queues/tick-loader';

// Token bucket per proxy address, in Redis so that every worker process shares it. Time comes from
// Redis (TIME) so that workers on several machines agree. Returns 0 when a token was taken, else the
// milliseconds until one is available (nothing is taken then).
const TAKE = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + (now - at) * rate / 1000)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) * 1000 / rate) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return wait
`;

type WithTake<T> = T & { takeSendToken(key: string, rate: number, burst: number): Promise<number> };

/**
 * Messages per second per proxy address: one busy sender waits without slowing the others. The
 * takes of one event-loop turn share one Redis round trip (a pipeline, one script run each).
 */
@Injectable()
export class SendRateLimiter {
  private readonly prefix: string;
  private readonly takes: TickLoader<{ proxyAddress: string; perSecond: number }, number>;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.prefix = `${config.queuePrefix}:send-rate:`;
    this.redis.defineCommand('takeSendToken', { numberOfKeys: 1, lua: TAKE });
    this.takes = new TickLoader(
      (takes) => this.takeMany(takes),
      (t) => (this.redis as WithTake<Redis>).takeSendToken(...this.args(t)).then(Number),
    );
  }

  /** 0 when the send may go now, else how long to wait (ms). Bursts up to one second's worth. */
  take(proxyAddress: string, perSecond: number): Promise<number> {
    return this.takes.run({ proxyAddress, perSecond });
  }

  private async takeMany(takes: { proxyAddress: string; perSecond: number }[]): Promise<number[]> {
    const pipeline = this.redis.pipeline() as WithTake<ReturnType<Redis['pipeline']>>;
    for (const t of takes) void pipeline.takeSendToken(...this.args(t));
    const results = (await pipeline.exec()) ?? [];
    return takes.map((_, i) => {
      const [err, wait] = results[i] ?? [new Error('no answer from Redis')];
      if (err) throw err;
      return Number(wait);
    });
  }

  private args(t: { proxyAddress: string; perSecond: number }): [string, number, number] {
    return [this.prefix + t.proxyAddress, t.perSecond, Math.max(1, t.perSecond)];
  }
}
