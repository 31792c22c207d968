const { execFileSync } = require('node:child_process');
const path = require('node:path');
const Redis = require('ioredis');
require('./env');

module.exports = async () => {
  // 1) Empty database, then every migration in prisma/migrations (creates the database if missing).
  execFileSync(process.execPath, [path.join(__dirname, '../scripts/prisma-migrate.mjs'), 'reset', '--force'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: process.env,
    cwd: path.join(__dirname, '..'),
  });
  // 2) Drop keys left under the test prefix by an earlier (crashed) run: queues, jobs, buckets.
  const redis = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${process.env.BULLMQ_PREFIX}:*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
};
