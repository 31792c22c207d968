// npm run bench:pipeline [-- --rates 200,400,600,800,1000 --duration 10 --conversations 200
//   --participants 2 --proxies own|shared:10 --layout one|split --no-analyze --callbacks
//   --with-webhook --only router|raw]
// Signed inbound webhooks at rising rates through the whole application (started as users start
// it: `npm start`, or `start:api` + `start:worker`; the `twilio` adapter posting to a fake carrier
// on loopback) and, running beside it and measured in turns at each rate, the raw pipeline
// (node:http + pg + BullMQ add + a bare worker posting to the same carrier) as the ceiling.
// Conversations of SMS participants, each on its own proxy address (or sharing a few); the first
// participant of each texts in, every other one receives it. Reports per rate: webhook answer
// p50/p99, inbound-to-carrier p50/p99, loss and duplicates per recipient after the backlog
// drained, CPU per message of every process, RSS.
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
const CONVERSATIONS = Number(argValue('conversations', 200));
const PARTICIPANTS = Number(argValue('participants', 2));
/** `own`: one proxy address per participant; `shared:N`: N proxy addresses shared by all conversations. */
const PROXIES = argValue('proxies', 'own');
const SHARED_PROXIES = PROXIES.startsWith('shared:') ? Number(PROXIES.slice('shared:'.length)) : null;
/** `one`: `npm start` (the supervisor and its processes); `split`: `start:api` and `start:worker`. */
const LAYOUT = argValue('layout', 'one');
/** Without --no-analyze the tables are analysed after the warm-up, as autovacuum does in a database in service. */
const ANALYZE = !process.argv.includes('--no-analyze');
if (!['one', 'split'].includes(LAYOUT) || (PROXIES !== 'own' && !SHARED_PROXIES) || PARTICIPANTS < 2 || !(CONVERSATIONS > 0)) {
  throw new Error('bad options: see the first lines of bench/pipeline.mjs');
}
/** Each inbound message reaches every other participant of its conversation. */
const PER_MESSAGE = PARTICIPANTS - 1;
/** With --with-webhook the router sends one event webhook per message (the raw pipeline has none). */
const webhooksExpected = (name) => WEBHOOK && name === 'router';
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
/** The router's processes below `npm start` (its supervisor, API and worker processes), named for the report. */
function processesOf(npmPid) {
  const parentOf = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parentOf.set(Number(pid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {}
  }
  const below = (parent) => [...parentOf].filter(([, ppid]) => ppid === parent).flatMap(([pid]) => [pid, ...below(pid)]);
  const roles = [
    ['dist/start.js', 'supervisor'],
    ['dist/main.js', 'api'],
    ['dist/worker.js', 'worker'],
  ];
  const found = below(npmPid).flatMap((pid) => {
    const role = roles.find(([entry]) => commandOf(pid).includes(entry));
    return role ? [{ name: role[1], pid }] : [];
  });
  // Several of a role (more cores): api#1, api#2, ...
  return found.map((p) =>
    found.filter((q) => q.name === p.name).length > 1
      ? { ...p, name: `${p.name}#${found.filter((q) => q.name === p.name).indexOf(p) + 1}` }
      : p,
  );
}

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
 * Table statistics, as a database in service has them (autovacuum keeps them). With --no-analyze
 * the load meets tables filled moments before and never analysed, as a new deployment does in its
 * first minute (and as this machine always does: its autovacuum is off).
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

/**
 * The conversations: PARTICIPANTS SMS phones each, on proxy addresses of their own (or shared).
 * Each pipeline gets its own phones and numbers (`set`), so that neither's receipts sit in the
 * other's ordering lanes. Returns [from, to] of the first participant of each conversation.
 */
async function setup(base, set) {
  const auth = `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`;
  const senders = [];
  const number = (kind, n) => `+1555${kind}${String(set * 200000 + n).padStart(6, '0')}`;
  for (let c = 0; c < CONVERSATIONS; c++) {
    const body = new URLSearchParams();
    const members = [];
    for (let i = 0; i < PARTICIPANTS; i++) {
      const n = c * PARTICIPANTS + i;
      const address = number(2, n);
      const proxy = SHARED_PROXIES ? number(9, (c % SHARED_PROXIES) + 100000) : number(9, n);
      members.push([address, proxy]);
      body.append('Participant', JSON.stringify({ messaging_binding: { address, proxy_address: proxy } }));
    }
    const res = await fetch(`${base}/v1/ConversationWithParticipants`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    if (!res.ok) throw new Error(`setup: ${res.status} ${await res.text()}`);
    senders.push(members[0]);
  }
  return senders;
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
    // drained means every message of this step reached every recipient at the carrier.
    if (stats.received >= offered.acked.length * PER_MESSAGE && webhooksDone) {
      ({ missing } = await ask(carrier, 'missing', { ids: offered.acked, perMessage: PER_MESSAGE }));
    }
    if (missing?.length === 0 || Date.now() - loadEnded > 30_000) break;
    await sleep(100);
  }
  const drainedMs = Date.now() - loadEnded;
  // Per inbound message (each reaching PER_MESSAGE recipients).
  const cpuPerMessage = cpuTargets.map((t, i) => (cpuSpent(cpuBefore[i], cpuMs(t)) / Math.max(1, offered.acked.length)).toFixed(2));
  if (missing?.length !== 0) ({ missing } = await ask(carrier, 'missing', { ids: offered.acked, perMessage: PER_MESSAGE }));
  const row = {
    name,
    rate,
    issued: offered.issued,
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
 * The highest rate kept up with: every inbound offered at that rate accepted, each reaching each of
 * its recipients exactly once, and no growing backlog (webhook answers p99 within 500 ms, inbound
 * to carrier p99 within 1 s, drained within 2 s of the load's end); with --with-webhook, every
 * message's event webhook arrived too.
 */
const sustained = (rows) =>
  rows
    .filter(
      (r) =>
        (!webhooksExpected(r.name) || r.webhooks === r.accepted) &&
        r.issued === r.rate * DURATION &&
        r.accepted === r.issued &&
        r.refused === 0 &&
        r.lost === 0 &&
        r.duplicates === 0 &&
        r.drainedMs <= 2_000 &&
        r.webhookP99 <= 500 &&
        r.e2eP99 <= 1_000,
    )
    .reduce((m, r) => Math.max(m, r.rate), 0);

/**
 * BENCH_AUTO_EXPLAIN_MS=<ms>: every statement of the run slower than that has its plan written to
 * PostgreSQL's log (auto_explain, loaded by each new connection to the bench database): how to see
 * which statement changes plan when the tables were never analysed.
 */
async function autoExplain(ms) {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  const db = new URL(env.DATABASE_URL).pathname.slice(1);
  try {
    if (ms === undefined) await client.query(`ALTER DATABASE "${db}" RESET ALL`);
    else {
      await client.query(`ALTER DATABASE "${db}" SET session_preload_libraries = 'auto_explain'`);
      await client.query(`ALTER DATABASE "${db}" SET auto_explain.log_min_duration = ${Number(ms)}`);
      await client.query(`ALTER DATABASE "${db}" SET auto_explain.log_nested_statements = on`);
    }
  } finally {
    await client.end();
  }
}

const reset = spawnSync(process.execPath, [path.join(root, 'scripts/prisma-migrate.mjs'), 'reset', '--force'], { env, encoding: 'utf8' });
if (reset.status !== 0) throw new Error(reset.stderr);
await autoExplain(process.env.BENCH_AUTO_EXPLAIN_MS);
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
    let routerPids;
    if (LAYOUT === 'one') {
      // `npm start` itself: the supervisor, with as many API and worker processes as it picks here.
      const npm = start(spawn('npm', ['start'], { cwd: root, env: routerEnv, stdio: ['ignore', 'ignore', 'inherit'] }));
      await waitFor(`${publicUrl(ROUTER_PORT)}/healthz`);
      routerPids = processesOf(npm.pid);
    } else {
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
      routerPids = [
        { name: 'api', pid: api.pid },
        { name: 'worker', pid: worker.pid },
      ];
    }
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
      pids: routerPids,
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
  if (ANALYZE) await analyze();
  for (const p of pipelines) load(p.url, p.pairs, RATES[0], `${p.name}warmup2`, 5);
  await sleep(2000);
  for (const [index, rate] of RATES.entries()) for (const p of pipelines) results.push(await step(p, carrier, rate, index));
} finally {
  // SIGTERM: `npm start` passes it on and its processes stop cleanly; wait, so that the next run finds the ports free.
  await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((r) => (child.once('exit', r), child.kill())) : null)));
  carrier.kill();
  await flushRedis();
}
results.sort((a, b) => (a.name === b.name ? a.rate - b.rate : a.name === 'router' ? -1 : 1));

console.log(
  `\nInbound pipeline, ${DURATION} s per rate, router layout ${LAYOUT === 'one' ? '`npm start`' : '`start:api` + `start:worker`'}, ` +
    `${CONVERSATIONS} conversations x ${PARTICIPANTS} SMS participants on ${SHARED_PROXIES ? `${SHARED_PROXIES} shared proxy addresses` : 'a proxy address each'}, ` +
    `tables ${ANALYZE ? 'analysed after the warm-up' : 'never analysed'}, status callbacks ${CALLBACKS ? 'on' : 'off'}${WEBHOOK ? ', post-event webhook on' : ''}\n`,
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
