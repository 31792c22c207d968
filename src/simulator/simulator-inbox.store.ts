import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';
import type { SimulatedMessage, SimulatedStatus } from './carrier-wire';

/** Simulator state lives a week after its last change, so a forgotten inbox does not grow Redis forever. */
const TTL_SECONDS = 7 * 24 * 3600;

// Updates a message only if it still exists (an inbox cleared meanwhile must not leave half a message)
// and only forward: callbacks posted out of order do not move the carrier's own record back.
const SET_STATUS = `
local rank = { queued = 0, sent = 1, delivered = 2, undelivered = 2 }
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local current = redis.call('HGET', KEYS[1], 'status')
if (rank[current] or 0) > (rank[ARGV[1]] or 0) then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'error_code', ARGV[2], 'date_updated', ARGV[3])
return 1`;

/**
 * What each phone received from the router, in Redis (`<prefix>:simulator:message:<sid>` hashes and
 * `<prefix>:simulator:inbox:<phone>` lists of SIDs), so every API process sees the same inboxes.
 */
@Injectable()
export class SimulatorInboxStore {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.prefix = `${config.queuePrefix}:simulator`;
  }

  private messageKey(sid: string): string {
    return `${this.prefix}:message:${sid}`;
  }

  private inboxKey(phone: string): string {
    return `${this.prefix}:inbox:${phone}`;
  }

  async record(message: SimulatedMessage): Promise<void> {
    const key = this.messageKey(message.sid);
    const inbox = this.inboxKey(message.to);
    await this.redis
      .multi()
      .hset(key, {
        sid: message.sid,
        account_sid: message.accountSid,
        from: message.from,
        to: message.to,
        body: message.body,
        media_urls: JSON.stringify(message.mediaUrls),
        status: message.status,
        num_segments: String(message.numSegments),
        date_created: message.dateCreated.toISOString(),
        date_updated: message.dateUpdated.toISOString(),
      })
      .expire(key, TTL_SECONDS)
      .rpush(inbox, message.sid)
      .expire(inbox, TTL_SECONDS)
      .exec();
  }

  async setStatus(sid: string, status: SimulatedStatus, errorCode: number | null, at = new Date()): Promise<void> {
    await this.redis.eval(SET_STATUS, 1, this.messageKey(sid), status, errorCode === null ? '' : String(errorCode), at.toISOString());
  }

  async find(sid: string): Promise<SimulatedMessage | null> {
    return toMessage(await this.redis.hgetall(this.messageKey(sid)));
  }

  /** The phone's inbox, oldest first. */
  async inbox(phone: string): Promise<SimulatedMessage[]> {
    const sids = await this.redis.lrange(this.inboxKey(phone), 0, -1);
    if (!sids.length) return [];
    const pipeline = this.redis.pipeline();
    for (const sid of sids) pipeline.hgetall(this.messageKey(sid));
    const results = (await pipeline.exec()) ?? [];
    return results.map(([, hash]) => toMessage(hash as Record<string, string>)).filter((m): m is SimulatedMessage => m !== null);
  }

  async clear(phone: string): Promise<void> {
    const sids = await this.redis.lrange(this.inboxKey(phone), 0, -1);
    await this.redis.del(this.inboxKey(phone), ...sids.map((sid) => this.messageKey(sid)));
  }
}

function toMessage(hash: Record<string, string> | null | undefined): SimulatedMessage | null {
  if (!hash?.sid) return null;
  return {
    sid: hash.sid,
    accountSid: hash.account_sid,
    from: hash.from,
    to: hash.to,
    body: hash.body ?? '',
    mediaUrls: JSON.parse(hash.media_urls ?? '[]') as string[],
    status: hash.status as SimulatedStatus,
    errorCode: hash.error_code ? Number(hash.error_code) : null,
    numSegments: Number(hash.num_segments ?? 1),
    dateCreated: new Date(hash.date_created),
    dateUpdated: new Date(hash.date_updated ?? hash.date_created),
  };
}
