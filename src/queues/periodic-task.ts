import type { Logger } from '@nestjs/common';
import type Redis from 'ioredis';

/**
 * Runs `task` every `intervalMs` in every worker process, but only in one of them per interval (a
 * Redis lock). Returns a function that stops it.
 */
export function runPeriodically(args: {
  redis: Redis;
  lockKey: string;
  intervalMs: number;
  logger: Logger;
  task: () => Promise<void>;
}): () => void {
  const { redis, lockKey, intervalMs, logger, task } = args;
  const tick = async () => {
    if ((await redis.set(lockKey, String(process.pid), 'PX', Math.max(100, intervalMs - 50), 'NX')) !== 'OK') return;
    await task();
  };
  const timer = setInterval(
    () => void tick().catch((err: Error) => logger.warn({ err: err.message, task: lockKey }, 'periodic task failed')),
    intervalMs,
  );
  timer.unref();
  return () => clearInterval(timer);
}
