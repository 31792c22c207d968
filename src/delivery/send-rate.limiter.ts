import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';

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

/** Messages per second per proxy address: one busy sender waits without slowing the others. */
@Injectable()
export class SendRateLimiter {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.prefix = `${config.queuePrefix}:send-rate:`;
    this.redis.defineCommand('takeSendToken', { numberOfKeys: 1, lua: TAKE });
  }

  /** 0 when the send may go now, else how long to wait (ms). Bursts up to one second's worth. */
  async take(proxyAddress: string, perSecond: number): Promise<number> {
    const take = (this.redis as Redis & { takeSendToken(key: string, rate: number, burst: number): Promise<number> }).takeSendToken;
    return Number(await take.call(this.redis, this.prefix + proxyAddress, perSecond, Math.max(1, perSecond)));
  }
}
