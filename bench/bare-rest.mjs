// The REST benchmark's ceiling: the same message insert SQL through `pg`, no framework.
// POST /v1/Conversations/{CH}/Messages with a form body -> the row as JSON. No auth, no validation.
import http from 'node:http';
import { createRequire } from 'node:module';
import pg from 'pg';

const require = createRequire(import.meta.url);
const { messageInsertSql } = require('../dist/messages/message-insert.sql.js');
const { newSid } = require('../dist/common/sid.js');

const { DATABASE_URL, PORT, ACCOUNT_SID, SERVICE_SID, POOL_SIZE = '20' } = process.env;
// Connections kept once open, as the router's pool does.
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: Number(POOL_SIZE), idleTimeoutMillis: 0 });

http
  .createServer((req, res) => {
    const match = /^\/v1\/Conversations\/([^/]+)\/Messages$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) {
      res.writeHead(404).end();
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      const form = new URLSearchParams(body);
      const sql = messageInsertSql(
        { kind: 'conversation', accountSid: ACCOUNT_SID, serviceSid: SERVICE_SID, conversationId: match[1] },
        {
          author: form.get('Author') ?? 'system',
          body: form.get('Body'),
          attributes: form.get('Attributes') ?? '{}',
          media: null,
          contentSid: null,
          subject: null,
          source: 'API',
          dateCreated: null,
          dateUpdated: null,
        },
        newSid('IM'),
        { source: 'API', webhooks: false },
      );
      try {
        // Prepared once per connection, as the router's PrismaPg adapter does (statementNameGenerator).
        const { rows } = await pool.query({ name: 'insert-message', text: sql.text, values: sql.values });
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(rows[0]));
      } catch (err) {
        res.writeHead(500).end(String(err));
      }
    });
  })
  .listen(Number(PORT), '127.0.0.1', () => process.send?.('ready'));
