// The pipeline benchmark's ceiling, API half: node:http, the same signature check, the same
// one-statement message insert (binding target) through `pg`, a BullMQ add per receipt. No framework.
// Status callbacks (--callbacks) update the receipt with the router's own statement.
import crypto from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import { Queue } from 'bullmq';
import pg from 'pg';

const require = createRequire(import.meta.url);
const { messageInsertSql } = require('../dist/messages/message-insert.sql.js');
const { APPLY_STATUS } = require('../dist/delivery/delivery-status.sql.js');
const { newSid } = require('../dist/common/sid.js');
const { addJobs } = require('../dist/queues/add-jobs.js');
const { DATABASE_URL, REDIS_URL, PORT, PUBLIC_URL, TWILIO_AUTH_TOKEN } = process.env;
// Connections kept once open, as the router's pool does.
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 6), idleTimeoutMillis: 0 });
const redis = new URL(REDIS_URL);
const queue = new Queue('raw-delivery', { prefix: 'bench-raw', connection: { host: redis.hostname, port: Number(redis.port || 6379) } });

const signed = (path, form, signature) =>
  crypto
    .createHmac('sha1', TWILIO_AUTH_TOKEN)
    .update(
      Object.keys(form)
        .sort()
        .reduce((s, k) => s + k + form[k], PUBLIC_URL + path),
      'utf8',
    )
    .digest('base64') === signature;

async function inbound(form) {
  const sql = messageInsertSql(
    { kind: 'binding', address: form.From, proxyAddress: form.To },
    {
      author: form.From,
      body: form.Body,
      attributes: '{}',
      media: null,
      contentSid: null,
      subject: null,
      source: 'SMS',
      dateCreated: null,
      dateUpdated: null,
      externalSid: form.MessageSid,
    },
    newSid('IM'),
    { source: 'SMS', webhooks: false },
  );
  const { rows } = await pool.query(sql);
  const receipts = rows[0]?.receipt_sids ?? [];
  // As the router adds them: a lone job without a pipeline (src/queues/add-jobs.ts).
  await addJobs(
    queue,
    receipts.map((sid) => ({ name: 'send', data: { sid }, opts: { jobId: sid, removeOnComplete: true } })),
  );
}

async function status(form) {
  const errorCode = form.ErrorCode ? Number(form.ErrorCode) : null;
  await pool.query(APPLY_STATUS.bind({ channelMessageSid: form.MessageSid, status: form.MessageStatus, errorCode }));
}

const routes = { '/webhooks/twilio/messaging': inbound, '/webhooks/twilio/status': status };

http
  .createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (raw += c));
    req.on('end', async () => {
      const handle = routes[req.url];
      if (!handle) return res.writeHead(404).end();
      const form = Object.fromEntries(new URLSearchParams(raw));
      if (!signed(req.url, form, req.headers['x-twilio-signature'])) return res.writeHead(403).end();
      try {
        await handle(form);
        res.writeHead(200, { 'content-type': 'text/xml' }).end('<Response/>');
      } catch (err) {
        res.writeHead(500).end(String(err));
      }
    });
  })
  .listen(Number(PORT), '127.0.0.1', () => process.send?.({ ready: true }));
