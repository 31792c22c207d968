// Open-loop load of signed inbound carrier webhooks: `rate` per second for `duration` seconds, paced
// every 2 ms (no bursts), spread round-robin over the phone pairs, whatever the answers' speed.
// Each body is "<run>-<seq>@<ms>"; each MessageSid unique.
// Input (argv[2], JSON): { url, path, authToken, pairs: [[from, to], ...], rate, duration, run }.
// Output: { issued, acked: [ids answered 2xx], refused, errors, p50, p99, cpuMs } (latencies in ms;
// cpuMs is this generator's own CPU over the load, reported so that its share of the machine shows).
//
// The generator shares the two cores with what it measures, so it is written to cost little: a
// request is written as one pre-formatted HTTP/1.1 string on a kept-alive socket (one request at a
// time per socket, as a carrier's connections do) and only the status line, the length and the end
// of the answer are read. With node:http's client it took about 0.35 ms of CPU per request, as much
// as a third of the router's own API process.
import crypto from 'node:crypto';
import net from 'node:net';

const { url, path, authToken, pairs, rate, duration, run } = JSON.parse(process.argv[2]);
const target = new URL(path, url);
const signedUrl = url + path;
const MAX_SOCKETS = 512;
const IDLE_CLOSE_MS = 2_000;
const acked = [];
const latencies = [];
let refused = 0;
let errors = 0;
let issued = 0;
let inFlight = 0;
let open = 0;
const idle = [];
const backlog = [];

const head = `POST ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/x-www-form-urlencoded\r\nConnection: keep-alive\r\n`;
const form = (params) =>
  Object.keys(params)
    .map((k) => `${k}=${encodeURIComponent(params[k])}`)
    .join('&');

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
    .update(
      Object.keys(params)
        .sort()
        .reduce((s, k) => s + k + params[k], signedUrl),
      'utf8',
    )
    .digest('base64');
  const body = form(params);
  inFlight++;
  const request = {
    id,
    started: process.hrtime.bigint(),
    text: `${head}X-Twilio-Signature: ${signature}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  };
  let conn = idle.pop();
  // A socket idle for long may be closing on the server's side (node:http's keep-alive timeout is
  // 5 s): writing on it would fail the request, so the generator closes it first, as clients do.
  while (conn && performance.now() - conn.idleSince > IDLE_CLOSE_MS) {
    conn.socket.destroy();
    conn = idle.pop();
  }
  conn ??= open < MAX_SOCKETS ? connect() : null;
  // With every socket busy the request waits its turn, its time counted from now.
  if (conn) write(conn, request);
  else backlog.push(request);
}

function write(conn, request) {
  conn.pending = request;
  conn.socket.write(request.text);
}

/** A socket free again takes the oldest waiting request. */
function release(conn) {
  const next = backlog.shift();
  if (next) write(conn, next);
  else {
    conn.idleSince = performance.now();
    idle.push(conn);
  }
}

function connect() {
  open++;
  const conn = { socket: net.connect(Number(target.port || 80), target.hostname), buf: '', pending: null, closed: false };
  conn.socket.setNoDelay(true);
  conn.socket.setEncoding('latin1');
  conn.socket.on('data', (chunk) => {
    conn.buf += chunk;
    const answer = readAnswer(conn.buf);
    if (!answer) return;
    conn.buf = '';
    const { id, started } = conn.pending;
    conn.pending = null;
    inFlight--;
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (answer.status >= 200 && answer.status < 300) acked.push(id);
    else refused++;
    if (answer.close) conn.socket.end();
    else release(conn);
  });
  const lost = () => {
    if (conn.closed) return;
    conn.closed = true;
    open--;
    const i = idle.indexOf(conn);
    if (i !== -1) idle.splice(i, 1);
    if (conn.pending) {
      conn.pending = null;
      inFlight--;
      errors++;
    }
    const waiting = backlog.shift();
    if (waiting) write(connect(), waiting);
  };
  conn.socket.on('error', lost);
  conn.socket.on('close', lost);
  return conn;
}

/** A whole HTTP/1.1 answer in `buf` (Content-Length or chunked): its status, or null while partial. */
function readAnswer(buf) {
  const end = buf.indexOf('\r\n\r\n');
  if (end === -1) return null;
  const headers = buf.slice(0, end).toLowerCase();
  const status = Number(headers.slice(9, 12));
  const close = /\r\nconnection: *close/.test(headers);
  const length = /\r\ncontent-length: *(\d+)/.exec(headers);
  if (length) return buf.length >= end + 4 + Number(length[1]) ? { status, close } : null;
  if (!/\r\ntransfer-encoding: *chunked/.test(headers)) return { status, close };
  // Chunks: "<hex size>\r\n<data>\r\n", ending with a zero-size chunk and an empty line.
  let at = end + 4;
  for (;;) {
    const line = buf.indexOf('\r\n', at);
    if (line === -1) return null;
    const size = parseInt(buf.slice(at, line), 16);
    if (size === 0) return buf.indexOf('\r\n', line + 2) === -1 ? null : { status, close };
    at = line + 2 + size + 2;
    if (at > buf.length) return null;
  }
}

const cpuBefore = process.cpuUsage();
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
const cpu = process.cpuUsage(cpuBefore);
for (const conn of idle) conn.socket.end();

const sorted = latencies.sort((a, b) => a - b);
const pct = (p) =>
  sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] * 10) / 10 : null;
process.stdout.write(
  JSON.stringify({ issued, acked, refused, errors: errors + inFlight, p50: pct(50), p99: pct(99), cpuMs: (cpu.user + cpu.system) / 1000 }),
);
