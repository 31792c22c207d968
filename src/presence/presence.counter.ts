import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';

/** A chat user as presence counts them. */
export interface PresenceUser {
  accountSid: string;
  serviceSid: string;
  identity: string;
  userSid: string;
}

/**
 * Sets this process's session count of a user (0 removes it) and answers the user's total across
 * processes before and after, in one step. KEYS: the user's hash, this process's set of users.
 * ARGV: process id, count, member.
 */
const SET_COUNT = `
local before = 0
for _, v in ipairs(redis.call('HVALS', KEYS[1])) do before = before + tonumber(v) end
local mine = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local count = tonumber(ARGV[2])
if count > 0 then
  redis.call('HSET', KEYS[1], ARGV[1], count)
  redis.call('SADD', KEYS[2], ARGV[3])
else
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('SREM', KEYS[2], ARGV[3])
end
return {before, before - mine + count}
`;

/**
 * Removes a dead process's counts (unless it came back to life meanwhile) and answers the users
 * whose total fell to 0. KEYS: the process's set of users, the set of processes, its liveness key.
 * ARGV: process id, prefix of the users' hashes.
 */
const SWEEP_PROCESS = `
if redis.call('EXISTS', KEYS[3]) == 1 then return {} end
local gone = {}
for _, member in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local user = cjson.decode(member)
  local key = ARGV[2] .. user[2] .. ':' .. user[3]
  if redis.call('HDEL', key, ARGV[1]) == 1 then
    local total = 0
    for _, v in ipairs(redis.call('HVALS', key)) do total = total + tonumber(v) end
    if total == 0 then table.insert(gone, member) end
  end
end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
return gone
`;

const TOTAL = `
local total = 0
for _, v in ipairs(redis.call('HVALS', KEYS[1])) do total = total + tonumber(v) end
return total
`;

/**
 * Realtime connections per chat user across API processes, in Redis under `${BULLMQ_PREFIX}:presence:`:
 * - `u:{IS}:{identity}`: a hash, one field per API process holding that process's session count;
 * - `p:{process}`: the users a process counts (so its counts can be removed when it dies);
 * - `alive:{process}`: set with a TTL and refreshed by the process's heartbeat;
 * - `processes`: the processes that counted something.
 * A process whose liveness key expired (killed) has its counts removed by the next live process's sweep.
 */
@Injectable()
export class PresenceCounter {
  /** This process, as it names itself in the counts. */
  readonly processId = randomUUID();
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.prefix = `${config.queuePrefix}:presence:`;
  }

  /** Sets this process's count of the user's sessions; the user's total across processes before and after. */
  async setCount(user: PresenceUser, count: number): Promise<{ before: number; after: number }> {
    const [before, after] = (await this.redis.eval(
      SET_COUNT,
      2,
      this.userKey(user),
      this.processKey(this.processId),
      this.processId,
      String(count),
      member(user),
    )) as [number, number];
    return { before, after };
  }

  /** The user's sessions across live processes (and dead ones not swept yet). */
  async total(user: Pick<PresenceUser, 'serviceSid' | 'identity'>): Promise<number> {
    return (await this.redis.eval(TOTAL, 1, this.userKey(user))) as number;
  }

  /**
   * Refreshes this process's liveness. False when its key had expired (the process stalled past the
   * TTL): its counts may have been swept by then and must be set again.
   */
  async heartbeat(ttlMs: number): Promise<boolean> {
    const refreshed = await this.redis.set(this.aliveKey(this.processId), '1', 'PX', ttlMs, 'XX');
    if (refreshed === 'OK') return true;
    await this.redis.multi().set(this.aliveKey(this.processId), '1', 'PX', ttlMs).sadd(this.processesKey(), this.processId).exec();
    return false;
  }

  /** Removes the counts of the processes whose liveness expired; the users who went offline with them. */
  async sweepDead(): Promise<PresenceUser[]> {
    const gone: PresenceUser[] = [];
    for (const processId of await this.redis.smembers(this.processesKey())) {
      if (processId === this.processId) continue;
      gone.push(...(await this.sweep(processId)));
    }
    return gone;
  }

  /** This process stops: its liveness goes and its counts with it; the users who went offline. */
  async leave(): Promise<PresenceUser[]> {
    await this.redis.del(this.aliveKey(this.processId));
    return this.sweep(this.processId);
  }

  private async sweep(processId: string): Promise<PresenceUser[]> {
    const members = (await this.redis.eval(
      SWEEP_PROCESS,
      3,
      this.processKey(processId),
      this.processesKey(),
      this.aliveKey(processId),
      processId,
      `${this.prefix}u:`,
    )) as string[];
    return members.map(parseMember);
  }

  private userKey(user: Pick<PresenceUser, 'serviceSid' | 'identity'>): string {
    return `${this.prefix}u:${user.serviceSid}:${user.identity}`;
  }

  private processKey(processId: string): string {
    return `${this.prefix}p:${processId}`;
  }

  private aliveKey(processId: string): string {
    return `${this.prefix}alive:${processId}`;
  }

  private processesKey(): string {
    return `${this.prefix}processes`;
  }
}

const member = (u: PresenceUser) => JSON.stringify([u.accountSid, u.serviceSid, u.identity, u.userSid]);

function parseMember(value: string): PresenceUser {
  const [accountSid, serviceSid, identity, userSid] = JSON.parse(value) as string[];
  return { accountSid, serviceSid, identity, userSid };
}
