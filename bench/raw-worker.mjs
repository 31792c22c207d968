// The pipeline benchmark's ceiling, worker half: a bare BullMQ worker that reads the receipt and the
// message body, posts it to the same fake carrier (with the raw API as its status callback, as the
// router's sends carry the router's) and stores the carrier's SID.
import http from 'node:http';
import { Worker } from 'bullmq';
import pg from 'pg';

const { DATABASE_URL, REDIS_URL, CARRIER_URL, PUBLIC_URL, CONCURRENCY = '64' } = process.env;
const statusCallback = `${PUBLIC_URL}/webhooks/twilio/status`;
// Connections kept once open, as the router's pool does.
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 6), idleTimeoutMillis: 0 });
const redis = new URL(REDIS_URL);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(CONCURRENCY) });
const carrier = new URL('/2010-04-01/Accounts/AC' + '1'.repeat(32) + '/Messages.json', CARRIER_URL);

function post(form) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      carrier,
      { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => (res.statusCode === 201 ? resolve(JSON.parse(body)) : reject(new Error(`carrier ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(new URLSearchParams(form).toString());
  });
}

new Worker(
  'raw-delivery',
  async (job) => {
    const { rows } = await pool.query({
      name: 'load',
      text: `SELECT r.address, r.proxy_address, m.body FROM delivery_receipts r JOIN messages m ON m.sid = r.message_sid
              WHERE r.sid = $1 AND r.channel_message_sid IS NULL`,
      values: [job.data.sid],
    });
    if (!rows.length) return;
    const sent = await post({ From: rows[0].proxy_address, To: rows[0].address, Body: rows[0].body, StatusCallback: statusCallback });
    await pool.query({
      name: 'accept',
      text: 'UPDATE delivery_receipts SET channel_message_sid = $2 WHERE sid = $1',
      values: [job.data.sid, sent.sid],
    });
  },
  { prefix: 'bench-raw', connection: { host: redis.hostname, port: Number(redis.port || 6379) }, concurrency: Number(CONCURRENCY) },
);
process.send?.({ ready: true });
