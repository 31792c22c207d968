// Removes a benchmark's BullMQ keys (its own prefixes only), so that no run starts on, or leaves
// behind, another run's jobs: thousands of stale keys slow Redis and skew the next figures.
import Redis from 'ioredis';

export async function flushPrefixes(redisUrl, prefixes) {
  const redis = new Redis(redisUrl ?? 'redis://127.0.0.1:6379');
  try {
    for (const prefix of prefixes) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        if (keys.length) await redis.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}
