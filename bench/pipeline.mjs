// npm run bench:pipeline [-- --rates 200,400,600,800,1000 --duration 10 --callbacks --with-webhook --only router|raw]
// Signed inbound webhooks at rising rates through the whole application (API and worker as separate
// processes, the `twilio` adapter posting to a fake carrier on loopback, traffic spread over many
// phones and proxy addresses) and, running beside it and measured in turns at each rate, the raw
// pipeline (node:http + pg + BullMQ add + a bare worker posting to the same carrier) as the
// ceiling. Reports per rate: webhook
// answer p50/p99, inbound-to-carrier p50/p99, loss and duplicates after the backlog drained, RSS.
import { fork, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { NODE_FLAGS } from './node-flags.mjs';
import { flushPrefixes } from './redis-keys.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argValue = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const RATES = argValue('rates', '200,400,600,800,1000').split(',').map(Number);
const DURATION = Number(argValue('duration', 10));
const CALLBACKS = process.argv.includes('--callbacks');
const WEBHOOK = process.argv.includes('--with-webhook');
const ONLY = argValue('only', 'router,raw').split(',');
/** With --with-webhook the router sends one event webhook per message (the raw pipeline has none). */
const webhooksExpected = (name) => WEBHOOK && name === 'router';
const PROXIES = 10;
const PAIRS_PER_PROXY = 40;
const ACCOUNT = 'AC' + 'c'.repeat(32);
const TOKEN = 'bench_auth_token_0123456789abcdef';
const CARRIER_TOKEN = 'bench_carrier_token_0123456789';
const [CARRIER_PORT, ROUTER_PORT, RAW_PORT] = [3811, 3812, 3813];
const publicUrl = (port) => `http://127.0.0.1:${port}`;

const env = {
  ...process.env,
  DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/router_bench_pipeline',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  BULLMQ_PREFIX: 'bench-pipe',
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  // The webhook receiver of --with-webhook listens on loopback, which the router refuses by default.
  OUTBOUND_ALLOW_HOSTS: process.env.OUTBOUND_ALLOW_HOSTS ?? '127.0.0.1,localhost',
  BOOTSTRAP_ACCOUNT_SID: ACCOUNT,
  BOOTSTRAP_AUTH_TOKEN: TOKEN,
  CHANNEL_PROVIDER: 'twilio',
  TWILIO_ACCOUNT_SID: 'AC' + '1'.repeat(32),
  TWILIO_AUTH_TOKEN: CARRIER_TOKEN,
  TWILIO_API_URL: publicUrl(CARRIER_PORT),
  DEFAULT_SEND_RATE: '100000',
  // The raw pipeline's receipts share the table: the router's outbox sweeper must leave them to the raw worker.
  OUTBOX_SWEEP_AGE_MS: '600000',
  DELIVERY_CONCURRENCY: process.env.BENCH_DELIVERY_CONCURRENCY ?? '64',
  DATABASE_POOL_SIZE: process.env.BENCH_POOL_SIZE ?? '6',
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const TICK_MS = 1000 / 100; // USER_HZ on Linux
/** CPU time (user + system) in ms per pid: of one process (a pid), or of every process whose program path contains a name. */
const cpuMs = (target) => {
  const pids =
    typeof target === 'number'
      ? [String(target)]
      : readdirSync('/proc').filter((d) => /^\d+$/.test(d) && commandOf(d).split('\0')[0].includes(target));
  const byPid = new Map();
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      byPid.set(pid, (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {}
  }
  return byPid;
};
/** CPU spent between two cpuMs readings: by the processes alive at the end (a process started meanwhile counts whole). */
const cpuSpent = (before, after) => [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);
const commandOf = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
};
const rssMb = (pid) => {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS'));
    return Math.round(Number(line.split(/\s+/)[1]) / 1024);
  } catch {
    return null;
  }
};
async function waitFor(url) {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await sleep(200);
  }
  throw new Error(`${url} did not come up`);
}
const ready = (child) => new Promise((resolve) => child.once('message', resolve));
const ask = (child, cmd, extra = {}) =>
  new Promise((resolve) => {
    child.once('message', resolve);
    child.send({ cmd, ...extra });
  });

/**
 * Table statistics, as a database in service has them (autovacuum keeps them): the bench starts
 * from an empty database and runs for less than autovacuum's first pass, so without this every
 * plan would be made for empty tables and scan them whole as they grow.
 */
async function analyze() {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

const flushRedis = () => flushPrefixes(env.REDIS_URL, ['bench-pipe', 'bench-raw']);

/** Conversations of two SMS phones on one proxy address: phone A texts, phone B receives. Each pipeline gets its own phones (`set`), so that neither's receipts sit in the other's ordering lanes. */
async function setup(base, set) {
  const auth = `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`;
  const pairs = [];
  for (let p = 0; p < PROXIES; p++) {
    const proxy = `+1555900${String(1000 + p)}`;
    for (let i = 0; i < PAIRS_PER_PROXY; i++) {
      const a = `+1555${String(2000000 + set * 100000 + p * 1000 + i)}`;
      const b = `+1555${String(3000000 + set * 100000 + p * 1000 + i)}`;
      const body = new URLSearchParams();
      body.append('Participant', JSON.stringify({ messaging_binding: { address: a, proxy_address: proxy } }));
      body.append('Participant', JSON.stringify({ messaging_binding: { address: b, proxy_address: proxy } }));
      const res = await fetch(`${base}/v1/ConversationWithParticipants`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      if (!res.ok) throw new Error(`setup: ${res.status} ${await res.text()}`);
      pairs.push([a, proxy]);
    }
  }
  return pairs;
}

function load(url, pairs, rate, run, duration = DURATION) {
  const out = spawnSync(
    process.execPath,
    [
      path.join(root, 'bench/inbound-load.mjs'),
      JSON.stringify({ url, path: '/webhooks/twilio/messaging', authToken: CARRIER_TOKEN, pairs, rate, duration, run }),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout);
}

/** One rate step against one pipeline; `pids` are measured for CPU and RSS. */
async function step({ name, url, pairs, pids }, carrier, rate, index) {
  await ask(carrier, 'reset');
  const cpuTargets = [...pids.map((p) => p.pid), 'postgres', 'redis-server'];
  const cpuBefore = cpuTargets.map(cpuMs);
  // The step's index in the run tag keeps MessageSids unique when a rate is repeated (--rates 800,800).
  const offered = load(url, pairs, rate, `${name}${rate}-${index}`);
  const loadEnded = Date.now();
  let stats;
  let missing;
  for (;;) {
    stats = await ask(carrier, 'stats');
    const webhooksDone = !webhooksExpected(name) || stats.webhooks >= offered.acked.length;
    // The count alone can be reached early by a previous step's late sends (after an overload):
    // drained means every message of this step reached the carrier.
    if (stats.received >= offered.acked.length && webhooksDone) ({ missing } = await ask(carrier, 'missing', { ids: offered.acked }));
    if (missing?.length === 0 || Date.now() - loadEnded > 30_000) break;
    await sleep(100);
  }
  const drainedMs = Date.now() - loadEnded;
  const cpuPerMessage = cpuTargets.map((t, i) => (cpuSpent(cpuBefore[i], cpuMs(t)) / Math.max(1, stats.received)).toFixed(2));
  if (missing?.length !== 0) ({ missing } = await ask(carrier, 'missing', { ids: offered.acked }));
  const row = {
    name,
    rate,
    accepted: offered.acked.length,
    refused: offered.refused + offered.errors,
    achieved: Math.round(offered.acked.length / DURATION),
    delivered: stats.received,
    lost: missing.length,
    duplicates: stats.duplicates,
    webhooks: stats.webhooks,
    drainedMs,
    webhookP50: offered.p50,
    webhookP99: offered.p99,
    e2eP50: stats.p50,
    e2eP99: stats.p99,
    rss: pids.map((p) => `${p.name} ${rssMb(p.pid)}`).join(', '),
    cpu: [...pids.map((p) => p.name), 'pg', 'redis'].map((n, i) => `${n} ${cpuPerMessage[i]}`).join(', '),
    // Not part of the pipeline, but on the same two cores: what the load generator itself took.
    loadCpu: (offered.cpuMs / Math.max(1, offered.issued)).toFixed(2),
  };
  console.error(`${name} ${rate}/s: ${JSON.stringify(row)}`);
  await sleep(1000);
  return row;
}

/**
 * The highest rate kept up with: nothing refused, lost or duplicated, and no growing backlog (webhook
 * answers p99 within 500 ms, inbound to carrier p99 within 1 s, drained within 2 s of the load's end);
 * with --with-webhook, every message's event webhook arrived too.
 */
const sustained = (rows) =>
  rows
    .filter(
      (r) =>
        (!webhooksExpected(r.name) || r.webhooks === r.accepted) &&
        r.refused === 0 &&
        r.lost === 0 &&
        r.duplicates === 0 &&
        r.achieved >= r.rate * 0.95 &&
        r.drainedMs <= 2_000 &&
        r.webhookP99 <= 500 &&
        r.e2eP99 <= 1_000,
    )
    .reduce((m, r) => Math.max(m, r.rate), 0);

const reset = spawnSync(process.execPath, [path.join(root, 'scripts/prisma-migrate.mjs'), 'reset', '--force'], { env, encoding: 'utf8' });
if (reset.status !== 0) throw new Error(reset.stderr);
await flushRedis();

const carrier = fork(path.join(root, 'bench/fake-carrier.mjs'), {
  env: { ...env, PORT: String(CARRIER_PORT), AUTH_TOKEN: CARRIER_TOKEN, CALLBACKS: CALLBACKS ? '1' : '0' },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
await ready(carrier);
const results = [];
const children = [];
const start = (child) => (children.push(child), child);
try {
  // Both pipelines run side by side, each on its own conversations, and are measured in turns at
  // each rate (router, then raw), so that a change in the shared machine's speed meets both.
  const pipelines = [];
  if (ONLY.includes('router')) {
    const routerEnv = { ...env, PORT: String(ROUTER_PORT), PUBLIC_URL: publicUrl(ROUTER_PORT) };
    const api = start(
      spawn(
        process.execPath,
        [...NODE_FLAGS, ...(process.env.BENCH_API_FLAGS?.split(' ') ?? []), path.join(root, 'dist/main.js'), '--api-only'],
        { env: routerEnv, stdio: ['ignore', 'ignore', 'inherit'] },
      ),
    );
    const worker = start(
      spawn(process.execPath, [...NODE_FLAGS, ...(process.env.BENCH_WORKER_FLAGS?.split(' ') ?? []), path.join(root, 'dist/worker.js')], {
        env: routerEnv,
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
    );
    await waitFor(`${publicUrl(ROUTER_PORT)}/healthz`);
    if (WEBHOOK) {
      await fetch(`${publicUrl(ROUTER_PORT)}/v1/Configuration/Webhooks`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams([
          ['PostWebhookUrl', `${publicUrl(CARRIER_PORT)}/hook`],
          ['Filters', 'onMessageAdded'],
        ]),
      });
    }
    pipelines.push({
      name: 'router',
      url: publicUrl(ROUTER_PORT),
      pairs: await setup(publicUrl(ROUTER_PORT), 0),
      pids: [
        { name: 'api', pid: api.pid },
        { name: 'worker', pid: worker.pid },
      ],
    });
  }
  if (ONLY.includes('raw')) {
    // The raw pipeline's conversations are made through the router (the only thing here that makes them).
    const maker = ONLY.includes('router')
      ? null
      : start(
          spawn(process.execPath, [path.join(root, 'dist/main.js'), '--api-only'], {
            env: { ...env, PORT: String(ROUTER_PORT), PUBLIC_URL: publicUrl(ROUTER_PORT) },
            stdio: ['ignore', 'ignore', 'inherit'],
          }),
        );
    if (maker) await waitFor(`${publicUrl(ROUTER_PORT)}/healthz`);
    const pairs = await setup(publicUrl(ROUTER_PORT), 1);
    maker?.kill();
    const rawEnv = {
      ...env,
      PORT: String(RAW_PORT),
      PUBLIC_URL: publicUrl(RAW_PORT),
      CARRIER_URL: publicUrl(CARRIER_PORT),
      CONCURRENCY: env.DELIVERY_CONCURRENCY,
    };
    const rawApi = start(
      fork(path.join(root, 'bench/raw-api.mjs'), { execArgv: NODE_FLAGS, env: rawEnv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }),
    );
    const rawWorker = start(
      fork(path.join(root, 'bench/raw-worker.mjs'), { execArgv: NODE_FLAGS, env: rawEnv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }),
    );
    await Promise.all([ready(rawApi), ready(rawWorker)]);
    pipelines.push({
      name: 'raw',
      url: publicUrl(RAW_PORT),
      pairs,
      pids: [
        { name: 'api', pid: rawApi.pid },
        { name: 'worker', pid: rawWorker.pid },
      ],
    });
  }
  // Warm-up, as a router in service is warm: rows in the tables and statistics on them, then a
  // few seconds at the first rate (JIT, connections, plans), so that no pipeline's first measured
  // step pays for it.
  for (const p of pipelines) load(p.url, p.pairs, 200, `${p.name}warmup`, 10);
  await sleep(2000);
  await analyze();
  for (const p of pipelines) load(p.url, p.pairs, RATES[0], `${p.name}warmup2`, 5);
  await sleep(2000);
  for (const [index, rate] of RATES.entries()) for (const p of pipelines) results.push(await step(p, carrier, rate, index));
} finally {
  for (const child of children) child.kill();
  carrier.kill();
  await flushRedis();
}
results.sort((a, b) => (a.name === b.name ? a.rate - b.rate : a.name === 'router' ? -1 : 1));

console.log(
  `\nInbound pipeline, ${DURATION} s per rate, ${PROXIES} proxy addresses x ${PAIRS_PER_PROXY} phone pairs, status callbacks ${CALLBACKS ? 'on' : 'off'}${WEBHOOK ? ', post-event webhook on' : ''}\n`,
);
console.log(
  '| pipeline | offered/s | accepted/s | refused | lost | dup | event webhooks | drained after ms | webhook answer p50/p99 ms | inbound->carrier p50/p99 ms | CPU ms per message | load generator CPU ms per message | RSS MB |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${r.name} | ${r.rate} | ${r.achieved} | ${r.refused} | ${r.lost} | ${r.duplicates} | ${r.webhooks} | ${r.drainedMs} | ${r.webhookP50}/${r.webhookP99} | ${r.e2eP50}/${r.e2eP99} | ${r.cpu} | ${r.loadCpu} | ${r.rss} |`,
  );
}
const router = sustained(results.filter((r) => r.name === 'router'));
const raw = sustained(results.filter((r) => r.name === 'raw'));
console.log(
  `\nsustained with zero loss and zero duplicates: router ${router}/s, raw ${raw}/s, ratio ${raw ? (router / raw).toFixed(2) : 'n/a'}`,
);
