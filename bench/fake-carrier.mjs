// The pipeline benchmark's carrier: Twilio's Messages API on loopback. Every body carries
// "<id>@<ms since epoch>", from which it counts unique deliveries (an inbound message reaches each
// other participant of its conversation: one delivery per message and recipient), duplicates and
// the latency from the inbound webhook to the carrier. With CALLBACKS=1 it also posts signed `sent` and `delivered` status
// callbacks, as Twilio does. POST /hook counts event webhooks (the --with-webhook run). Stats over IPC: send {cmd: 'stats'} / {cmd: 'reset'}.
import crypto from 'node:crypto';
import http from 'node:http';

const { PORT, AUTH_TOKEN = '', CALLBACKS = '0' } = process.env;
/** Per message id, the recipients (To) it reached. */
let seen = new Map();
let delivered = 0;
let duplicates = 0;
let latencies = [];
let webhooks = 0;

const sign = (url, params) =>
  crypto
    .createHmac('sha1', AUTH_TOKEN)
    .update(
      Object.keys(params)
        .sort()
        .reduce((s, k) => s + k + params[k], url),
      'utf8',
    )
    .digest('base64');

function callback(url, params) {
  const body = new URLSearchParams(params).toString();
  const req = http.request(
    url,
    { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sign(url, params) } },
    (res) => res.resume(),
  );
  req.on('error', () => undefined);
  req.end(body);
}
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

http
  .createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (req.url.startsWith('/hook')) {
        webhooks++;
        res.writeHead(200).end();
        return;
      }
      const form = new URLSearchParams(raw);
      const body = form.get('Body') ?? '';
      const at = body.lastIndexOf('@');
      const id = body.slice(0, at);
      const to = form.get('To');
      const recipients = seen.get(id) ?? new Set();
      if (recipients.has(to)) duplicates++;
      else {
        recipients.add(to);
        seen.set(id, recipients);
        delivered++;
      }
      latencies.push(Date.now() - Number(body.slice(at + 1)));
      const sid = 'SM' + crypto.randomBytes(16).toString('hex');
      res
        .writeHead(201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ sid, status: 'queued', from: form.get('From'), to: form.get('To'), body }));
      const statusCallback = form.get('StatusCallback');
      if (CALLBACKS === '1' && statusCallback) {
        const base = {
          MessageSid: sid,
          SmsSid: sid,
          AccountSid: 'AC' + '1'.repeat(32),
          From: form.get('From'),
          To: form.get('To'),
          ApiVersion: '2010-04-01',
        };
        setTimeout(() => callback(statusCallback, { ...base, MessageStatus: 'sent', SmsStatus: 'sent' }), 50);
        setTimeout(() => callback(statusCallback, { ...base, MessageStatus: 'delivered', SmsStatus: 'delivered' }), 150);
      }
    });
  })
  .listen(Number(PORT), '127.0.0.1', () => process.send?.({ ready: true }));

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] : null);
process.on('message', (m) => {
  if (m.cmd === 'stats') {
    const sorted = [...latencies].sort((a, b) => a - b);
    process.send({ received: delivered, duplicates, webhooks, p50: pct(sorted, 50), p99: pct(sorted, 99) });
  } else if (m.cmd === 'missing') {
    // Messages that have not yet reached every recipient they should (`perMessage` of them).
    process.send({ missing: m.ids.filter((id) => (seen.get(id)?.size ?? 0) < m.perMessage) });
  } else if (m.cmd === 'reset') {
    seen = new Map();
    delivered = 0;
    duplicates = 0;
    latencies = [];
    webhooks = 0;
    process.send({ reset: true });
  }
});
