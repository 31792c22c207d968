// npm run bench:realtime [-- --fanout 100,1000,5000 --messages 20 --idle 2000 --max-connections 12000
//                          --storm 1000 --busy-subscribers 100 --busy-duration 10 --client-processes 2]
// Realtime chat on one API process (and a worker), on the same machine as the clients:
//  (a) fan-out: C clients subscribed to one conversation's messages, a message created by REST,
//      time until every client has it (p50/p99), for each C;
//  (b) memory per idle connection (the API's RSS before and after), and the most connections the
//      API process holds with every one initialised;
//  (c) a connect storm: N clients connecting at once, time until all are initialised (Twilsock init,
//      the SDK's Configuration, a Sync subscription);
//  (d) messages/s through one busy conversation with S subscribers.
// Clients are the lean client of bench/lean-twilsock.mjs (the SDK's wire, not its objects), spread over
// --client-processes processes. A conversation holds at most 1,000 participants (Twilio's limit): beyond
// that, identities have several connections each, as users on several devices.
import { fork, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import twilio from 'twilio';
import { NODE_FLAGS } from './node-flags.mjs';
import { flushPrefixes } from './redis-keys.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const FANOUT = arg('fanout', '100,1000,5000').split(',').map(Number);
const MESSAGES = Number(arg('messages', 20));
const IDLE = Number(arg('idle', 2000));
const MAX_CONNECTIONS = Number(arg('max-connections', 12000));
const STORM = Number(arg('storm', 1000));
const BUSY_SUBSCRIBERS = Number(arg('busy-subscribers', 100));
const BUSY_DURATION = Number(arg('busy-duration', 10));
const CLIENT_PROCESSES = Number(arg('client-processes', 2));
const MAX_PARTICIPANTS = 1000;

const PORT = 3821;
const base = `http://127.0.0.1:${PORT}`;
const ACCOUNT = 'AC' + 'd'.repeat(32);
const TOKEN = 'bench_realtime_token_0123456789abcdef';
const PREFIX = 'bench-rt';
const env = {
  ...process.env,
  DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/router_bench_realtime',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  BULLMQ_PREFIX: PREFIX,
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  BOOTSTRAP_ACCOUNT_SID: ACCOUNT,
  BOOTSTRAP_AUTH_TOKEN: TOKEN,
  PORT: String(PORT),
  PUBLIC_URL: base,
  TWILIO_AUTH_TOKEN: 'bench_carrier_token_0123456789',
  DATABASE_POOL_SIZE: process.env.BENCH_POOL_SIZE ?? '6',
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const auth = `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`;
const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] : null);
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function rest(method, urlPath, form) {
  const res = await fetch(base + urlPath, {
    method,
    headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
    body: form ? new URLSearchParams(form) : undefined,
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${urlPath}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

async function waitHealthy() {
  for (let i = 0; i < 150; i++) {
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await sleep(200);
  }
  throw new Error('the router did not come up');
}

const ask = (child, msg) =>
  new Promise((resolve) => {
    child.once('message', resolve);
    child.send(msg);
  });

/** Connects `tokens` spread over the client processes; returns the totals. */
async function connect(workers, tokens, listSid, concurrency) {
  const share = Math.ceil(tokens.length / workers.length);
  const results = await Promise.all(
    workers.map((w, i) =>
      ask(w, {
        cmd: 'connect',
        uri: `ws://127.0.0.1:${PORT}/v3/wsconnect`,
        tokens: tokens.slice(i * share, (i + 1) * share),
        listSid,
        concurrency,
      }),
    ),
  );
  const errors = {};
  for (const r of results) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
  return {
    connected: results.reduce((s, r) => s + r.connected, 0),
    failed: results.reduce((s, r) => s + r.failed, 0),
    ms: Math.max(...results.map((r) => r.ms)),
    errors,
  };
}
const closeAll = (workers) => Promise.all(workers.map((w) => ask(w, { cmd: 'close' })));
async function latencies(workers, tag) {
  const stats = await Promise.all(workers.map((w) => ask(w, { cmd: 'stats' })));
  return stats.flatMap((s) => s.received[tag] ?? []);
}

const reset = spawnSync(process.execPath, [path.join(root, 'scripts/prisma-migrate.mjs'), 'reset', '--force'], { env, encoding: 'utf8' });
if (reset.status !== 0) throw new Error(reset.stderr);
await flushPrefixes(env.REDIS_URL, [PREFIX]);
const api = spawn(process.execPath, [...NODE_FLAGS, path.join(root, 'dist/main.js'), '--api-only'], {
  env,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const worker = spawn(process.execPath, [...NODE_FLAGS, path.join(root, 'dist/worker.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
const workers = Array.from({ length: CLIENT_PROCESSES }, () =>
  fork(path.join(root, 'bench/realtime-clients.mjs'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
);
await Promise.all(workers.map((w) => new Promise((r) => w.once('message', r))));
const rows = [];
try {
  await waitHealthy();
  const serviceSid = (await rest('GET', '/v1/Configuration')).default_chat_service_sid;
  const key = await rest('POST', `/2010-04-01/Accounts/${ACCOUNT}/Keys.json`, { FriendlyName: 'bench realtime' });
  const tokenFor = (identity) => {
    const t = new twilio.jwt.AccessToken(ACCOUNT, key.sid, key.secret, { identity, ttl: 3600 });
    t.addGrant(new twilio.jwt.AccessToken.ChatGrant({ serviceSid }));
    return t.toJwt();
  };
  const conversation = await rest('POST', '/v1/Conversations', { FriendlyName: 'bench realtime' });
  const listSid = `ES${conversation.sid.slice(2)}`;
  const identities = Array.from({ length: Math.min(MAX_PARTICIPANTS, Math.max(...FANOUT, BUSY_SUBSCRIBERS, IDLE)) }, (_, i) => `user${i}`);
  for (let i = 0; i < identities.length; i += 20) {
    await Promise.all(
      identities
        .slice(i, i + 20)
        .map((identity) => rest('POST', `/v1/Conversations/${conversation.sid}/Participants`, { Identity: identity })),
    );
  }
  const tokens = (n) => Array.from({ length: n }, (_, i) => tokenFor(identities[i % identities.length]));

  // (a) fan-out
  for (const c of FANOUT) {
    const up = await connect(workers, tokens(c), listSid, 50);
    await sleep(1000);
    const tag = `fanout-${c}`;
    for (let i = 0; i < MESSAGES; i++) {
      await rest('POST', `/v1/Conversations/${conversation.sid}/Messages`, { Author: 'bench', Body: `${Date.now()}:${tag}` });
      await sleep(200);
    }
    const deadline = Date.now() + 15_000;
    let got = [];
    while (Date.now() < deadline) {
      got = await latencies(workers, tag);
      if (got.length >= up.connected * MESSAGES) break;
      await sleep(250);
    }
    const sorted = got.sort((a, b) => a - b);
    rows.push({
      test: `fan-out, ${c} subscribers`,
      connected: up.connected,
      failed: up.failed,
      expected: up.connected * MESSAGES,
      received: got.length,
      p50: pct(sorted, 50),
      p99: pct(sorted, 99),
      max: sorted.at(-1),
      errors: up.errors,
    });
    console.error(JSON.stringify(rows.at(-1)));
    await closeAll(workers);
    await Promise.all(workers.map((w) => ask(w, { cmd: 'reset' })));
    await sleep(2000);
  }

  // (b) memory per idle connection, and the most connections held
  await sleep(3000);
  const before = rssMb(api.pid);
  const idle = await connect(workers, tokens(IDLE), listSid, 50);
  await sleep(5000);
  const after = rssMb(api.pid);
  rows.push({
    test: `idle connections: ${idle.connected}`,
    failed: idle.failed,
    rssBeforeMb: before.toFixed(1),
    rssAfterMb: after.toFixed(1),
    kbPerConnection: (((after - before) * 1024) / Math.max(1, idle.connected)).toFixed(1),
  });
  console.error(JSON.stringify(rows.at(-1)));
  let held = idle.connected;
  for (let n = held; n < MAX_CONNECTIONS;) {
    const step = Math.min(2000, MAX_CONNECTIONS - n);
    const more = await connect(workers, tokens(step), null, 50);
    held += more.connected;
    n += step;
    if (more.failed) {
      rows.push({ test: 'connections held by one API process', held, failedAt: n, errors: more.errors });
      break;
    }
  }
  if (rows.at(-1).test !== 'connections held by one API process') {
    // The idle figure above can be masked by heap freed after the fan-out tests (RSS shrinks as
    // garbage is returned): the growth from the idle connections to the most held is the cleaner one.
    const end = rssMb(api.pid);
    rows.push({
      test: 'connections held by one API process',
      held,
      rssMb: end.toFixed(1),
      kbPerConnectionAboveIdle: (((end - after) * 1024) / Math.max(1, held - idle.connected)).toFixed(1),
      note: `stopped at --max-connections ${MAX_CONNECTIONS}`,
    });
  }
  console.error(JSON.stringify(rows.at(-1)));
  await closeAll(workers);
  await sleep(3000);

  // (c) connect storm
  const storm = await connect(workers, tokens(STORM), listSid, STORM);
  rows.push({
    test: `connect storm: ${STORM} at once (init + subscription)`,
    connected: storm.connected,
    failed: storm.failed,
    allInitialisedMs: storm.ms,
    errors: storm.errors,
  });
  console.error(JSON.stringify(rows.at(-1)));
  await closeAll(workers);
  await sleep(2000);

  // (d) one busy conversation
  const busy = await connect(workers, tokens(BUSY_SUBSCRIBERS), listSid, 50);
  await Promise.all(workers.map((w) => ask(w, { cmd: 'reset' })));
  const tag = 'busy';
  let sent = 0;
  const until = Date.now() + BUSY_DURATION * 1000;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (Date.now() < until) {
        await rest('POST', `/v1/Conversations/${conversation.sid}/Messages`, { Author: 'bench', Body: `${Date.now()}:${tag}` });
        sent++;
      }
    }),
  );
  const drainUntil = Date.now() + 20_000;
  let got = [];
  while (Date.now() < drainUntil) {
    got = await latencies(workers, tag);
    if (got.length >= busy.connected * sent) break;
    await sleep(250);
  }
  const sorted = got.sort((a, b) => a - b);
  rows.push({
    test: `busy conversation, ${busy.connected} subscribers`,
    messagesPerSecond: Math.round(sent / BUSY_DURATION),
    deliveriesPerSecond: Math.round(got.length / BUSY_DURATION),
    expected: busy.connected * sent,
    received: got.length,
    p50: pct(sorted, 50),
    p99: pct(sorted, 99),
  });
  console.error(JSON.stringify(rows.at(-1)));
} finally {
  for (const w of workers) w.kill();
  api.kill();
  worker.kill();
  await flushPrefixes(env.REDIS_URL, [PREFIX]);
}

console.log('\n| test | result |\n|---|---|');
for (const { test, ...rest } of rows)
  console.log(
    `| ${test} | ${Object.entries(rest)
      .map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : v}`)
      .join(', ')} |`,
  );
