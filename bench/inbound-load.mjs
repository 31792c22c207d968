// Open-loop load of signed inbound carrier webhooks: `rate` per second for `duration` seconds, paced
// every 2 ms (no bursts), spread round-robin over the phone pairs, whatever the answers' speed.
// Each body is "<run>-<seq>@<ms>"; each MessageSid unique.
// Input (argv[2], JSON): { url, path, authToken, pairs: [[from, to], ...], rate, duration, run }.
// Output: { issued, acked: [ids answered 2xx], refused, errors, p50, p99 } (latencies in ms).
import crypto from 'node:crypto';
import http from 'node:http';

const { url, path, authToken, pairs, rate, duration, run } = JSON.parse(process.argv[2]);
const target = new URL(path, url);
const signedUrl = url + path;
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
const acked = [];
const latencies = [];
let refused = 0;
let errors = 0;
let issued = 0;
let inFlight = 0;

function send() {
  const n = issued++;
  const id = `${run}-${n}`;
  const [from, to] = pairs[n % pairs.length];
  const params = {
    AccountSid: 'AC' + '1'.repeat(32),
    ApiVersion: '2010-04-01',
    Body: `${id}@${Date.now()}`,
    From: from,
    MessageSid: 'SM' + crypto.createHash('md5').update(id).digest('hex'),
    NumMedia: '0',
    To: to,
  };
  const signature = crypto
    .createHmac('sha1', authToken)
    .update(Object.keys(params).sort().reduce((s, k) => s + k + params[k], signedUrl), 'utf8')
    .digest('base64');
  const started = process.hrtime.bigint();
  inFlight++;
  const req = http.request(target, { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature } }, (res) => {
    res.resume();
    res.on('end', () => {
      inFlight--;
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (res.statusCode >= 200 && res.statusCode < 300) acked.push(id);
      else refused++;
    });
  });
  req.on('error', () => {
    inFlight--;
    errors++;
  });
  req.end(new URLSearchParams(params).toString());
}

const start = performance.now();
const end = start + duration * 1000;
await new Promise((resolve) => {
  const timer = setInterval(() => {
    const now = performance.now();
    const due = Math.floor(((Math.min(now, end) - start) / 1000) * rate);
    while (issued < due) send();
    if (now >= end) {
      clearInterval(timer);
      resolve();
    }
  }, 2);
});
// Wait for the answers still on their way (bounded).
const deadline = performance.now() + 30_000;
while (inFlight > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
agent.destroy();

const sorted = latencies.sort((a, b) => a - b);
const pct = (p) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] * 10) / 10 : null);
process.stdout.write(JSON.stringify({ issued, acked, refused, errors: errors + inFlight, p50: pct(50), p99: pct(99) }));
