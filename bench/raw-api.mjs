// The pipeline benchmark's ceiling, API half: node:http, the same signature check, the same
// one-statement message insert (binding target) through `pg`, a BullMQ add per receipt. No framework.
import crypto from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import { Queue } from 'bullmq';
import pg from 'pg';

const require = createRequire(import.meta.url);
const { messageInsertSql } = require('../dist/messages/message-insert.sql.js');
const { newSid } = require('../dist/common/sid.js');
const { addJobs } = require('../dist/queues/add-jobs.js');
const { DATABASE_URL, REDIS_URL, PORT, PUBLIC_URL, TWILIO_AUTH_TOKEN } = process.env;
// Connections kept once open, as the router's pool does.
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 6), idleTimeoutMillis: 0 });
const redis = new URL(REDIS_URL);
const queue = new Queue('raw-delivery', { prefix: 'bench-raw', connection: { host: redis.hostname, port: Number(redis.port || 6379) } });
const signedUrl = `${PUBLIC_URL}/webhooks/twilio/messaging`;

http
  .createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (raw += c));
    req.on('end', async () => {
      const form = Object.fromEntries(new URLSearchParams(raw));
      const expected = crypto
        .createHmac('sha1', TWILIO_AUTH_TOKEN)
        .update(
          Object.keys(form)
            .sort()
            .reduce((s, k) => s + k + form[k], signedUrl),
          'utf8',
        )
        .digest('base64');
      if (expected !== req.headers['x-twilio-signature']) return res.writeHead(403).end();
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
      try {
        const { rows } = await pool.query({ name: 'insert-message', text: sql.text, values: sql.values });
        const receipts = rows[0]?.receipt_sids ?? [];
        // As the router adds them: a lone job without a pipeline (src/queues/add-jobs.ts).
        await addJobs(
          queue,
          receipts.map((sid) => ({ name: 'send', data: { sid }, opts: { jobId: sid, removeOnComplete: true } })),
        );
        res.writeHead(200, { 'content-type': 'text/xml' }).end('<Response/>');
      } catch (err) {
        res.writeHead(500).end(String(err));
      }
    });
  })
  .listen(Number(PORT), '127.0.0.1', () => process.send?.({ ready: true }));
