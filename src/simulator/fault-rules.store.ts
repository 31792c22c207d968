import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';
import { buildFaultRule, claimOf, type FaultRule, type FaultRuleInput, matchingFaults } from './fault-rules';

interface StoredRule extends Omit<FaultRule, 'dateCreated'> {
  dateCreated: string;
}

/**
 * Fault rules in Redis, shared by every API process: `<prefix>:simulator:faults` (a hash of rule
 * definitions, which never change) and `<prefix>:simulator:faults:left:<sid>` (what is left of a
 * counted rule). A send takes one use of a counted rule with one DECR, so concurrent sends in any
 * number of processes never take more uses than Count.
 */
@Injectable()
export class FaultRulesStore {
  private readonly rulesKey: string;
  private readonly seqKey: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.rulesKey = `${config.queuePrefix}:simulator:faults`;
    this.seqKey = `${config.queuePrefix}:simulator:faults:seq`;
  }

  private leftKey(sid: string): string {
    return `${this.rulesKey}:left:${sid}`;
  }

  async add(input: FaultRuleInput): Promise<FaultRule> {
    const seq = await this.redis.incr(this.seqKey);
    const rule = buildFaultRule(input, `FR${randomBytes(16).toString('hex')}`, seq);
    const stored: StoredRule = { ...rule, dateCreated: rule.dateCreated.toISOString() };
    const tx = this.redis.multi();
    if (rule.count > 0) tx.set(this.leftKey(rule.sid), rule.count);
    await tx.hset(this.rulesKey, rule.sid, JSON.stringify(stored)).exec();
    return rule;
  }

  /** Every rule, oldest first, with what is left of it (-1: until cleared). */
  async list(): Promise<{ rule: FaultRule; remaining: number }[]> {
    const rules = await this.rules();
    if (!rules.length) return [];
    const counted = rules.filter((r) => r.count > 0);
    const left = counted.length ? await this.redis.mget(...counted.map((r) => this.leftKey(r.sid))) : [];
    const remaining = new Map(counted.map((r, i) => [r.sid, Math.max(0, Number(left[i] ?? 0))]));
    return rules.map((rule) => ({ rule, remaining: remaining.get(rule.sid) ?? -1 })).filter((r) => r.remaining !== 0);
  }

  async clear(): Promise<void> {
    const sids = await this.redis.hkeys(this.rulesKey);
    await this.redis.del(this.rulesKey, ...sids.map((sid) => this.leftKey(sid)));
  }

  /** Takes one use of the oldest rule that applies to this send and still has uses left; null when none does. */
  async claim(send: { to: string; from: string }): Promise<FaultRule | null> {
    for (const rule of matchingFaults(await this.rules(), send)) {
      if (rule.count === -1) return rule;
      const left = await this.redis.decr(this.leftKey(rule.sid));
      const claim = claimOf(left);
      if (claim === 'taken') return rule;
      // Used up, by this send or by a concurrent one: the rule goes (DECR may also have re-created the counter).
      await this.redis.multi().hdel(this.rulesKey, rule.sid).del(this.leftKey(rule.sid)).exec();
      if (claim === 'taken-last') return rule;
    }
    return null;
  }

  private async rules(): Promise<FaultRule[]> {
    const all = await this.redis.hvals(this.rulesKey);
    return all
      .map((json) => {
        const stored = JSON.parse(json) as StoredRule;
        return { ...stored, dateCreated: new Date(stored.dateCreated) };
      })
      .sort((a, b) => a.seq - b.seq);
  }
}
