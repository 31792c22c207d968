import type { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { randomBytes } from 'node:crypto';

// Extends the lock only while this holder still has it.
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

/**
 * Runs `task` every `intervalMs` in every worker process, but only in one of them per interval (a
 * Redis lock). A run that lasts longer than the interval keeps the lock until it ends, and the
 * process that holds it starts no second run meanwhile: sweeps never overlap (overlapping sweeps
 * of a big backlog each redo the others' work). Returns a function that stops it.
 */
export function runPeriodically(args: {
  redis: Redis;
  lockKey: string;
  intervalMs: number;
  logger: Logger;
  task: () => Promise<void>;
}): () => void {
  const { redis, lockKey, intervalMs, logger, task } = args;
  const ttl = Math.max(100, intervalMs - 50);
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    let keep: NodeJS.Timeout | undefined;
    try {
      const token = `${process.pid}:${randomBytes(8).toString('hex')}`;
      if ((await redis.set(lockKey, token, 'PX', ttl, 'NX')) !== 'OK') return;
      keep = setInterval(() => void redis.eval(EXTEND, 1, lockKey, token, String(ttl)).catch(() => undefined), Math.floor(ttl / 2));
      await task();
    } finally {
      clearInterval(keep);
      running = false;
    }
  };
  const timer = setInterval(
    () => void tick().catch((err: Error) => logger.warn({ err: err.message, task: lockKey }, 'periodic task failed')),
    intervalMs,
  );
  timer.unref();
  return () => clearInterval(timer);
}
