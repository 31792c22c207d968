// npm run bench:rest [-- --connections 50 --duration 15]
// Message creates per second through the whole application (Fastify + Nest + auth + validation +
// Prisma $queryRaw), over loopback, each connection writing to its own conversation; and, in the
// same run, a bare `pg` route running the same SQL with no framework, with the ratio of the two.
import { fork, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_FLAGS } from './node-flags.mjs';
import { flushPrefixes } from './redis-keys.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const CONNECTIONS = arg('connections', 50);
const DURATION = arg('duration', 15);
const ACCOUNT = 'AC' + 'b'.repeat(32);
const TOKEN = 'bench_auth_token_0123456789abcdef';
const APP_PORT = 3801;
const BARE_PORT = 3802;
const env = {
  ...process.env,
  DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/router_bench',
  BULLMQ_PREFIX: 'bench',
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  // Loopback receivers are refused by default.
  OUTBOUND_ALLOW_HOSTS: process.env.OUTBOUND_ALLOW_HOSTS ?? '127.0.0.1,localhost',
  BOOTSTRAP_ACCOUNT_SID: ACCOUNT,
  BOOTSTRAP_AUTH_TOKEN: TOKEN,
  // Both sides get the same pool. PostgreSQL shares the 2 cores here, so a few connections beat many.
  DATABASE_POOL_SIZE: process.env.BENCH_POOL_SIZE ?? '6',
  POOL_SIZE: process.env.BENCH_POOL_SIZE ?? '6',
};

const rssMb = (pid) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS'));
  return Math.round(Number(line.split(/\s+/)[1]) / 1024);
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitFor(url) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await sleep(200);
  }
  throw new Error(`${url} did not come up`);
}
const auth = `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`;
async function post(base, p, form) {
  const res = await fetch(base + p, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
  return res.json();
}
function load(url, paths, withAuth) {
  const out = spawnSync(
    process.execPath,
    [
      path.join(root, 'bench/load.mjs'),
      JSON.stringify({ url, paths, auth: withAuth ? `${ACCOUNT}:${TOKEN}` : null, connections: CONNECTIONS, duration: DURATION }),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout);
}

const reset = spawnSync(process.execPath, [path.join(root, 'scripts/prisma-migrate.mjs'), 'reset', '--force'], { env, encoding: 'utf8' });
if (reset.status !== 0) throw new Error(reset.stderr);
// No worker runs here: the delivery jobs of the SMS participants are left to remove.
const flushRedis = () => flushPrefixes(env.REDIS_URL, ['bench']);
await flushRedis();

const app = spawn(process.execPath, [...NODE_FLAGS, path.join(root, 'dist/main.js'), '--api-only'], {
  env: { ...env, PORT: String(APP_PORT) },
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  const base = `http://127.0.0.1:${APP_PORT}`;
  await waitFor(`${base}/healthz`);
  const configuration = await (await fetch(`${base}/v1/Configuration`, { headers: { authorization: auth } })).json();
  const conversations = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const c = await post(base, '/v1/Conversations', { FriendlyName: `bench ${i}` });
    await post(base, `/v1/Conversations/${c.sid}/Participants`, { Identity: 'agent' });
    await post(base, `/v1/Conversations/${c.sid}/Participants`, {
      'MessagingBinding.Address': `+1555${String(1000000 + i)}`,
      'MessagingBinding.ProxyAddress': '+15559990000',
    });
    conversations.push(`/v1/Conversations/${c.sid}/Messages`);
  }
  const bare = fork(path.join(root, 'bench/bare-rest.mjs'), {
    execArgv: NODE_FLAGS,
    env: { ...env, PORT: String(BARE_PORT), ACCOUNT_SID: ACCOUNT, SERVICE_SID: configuration.default_chat_service_sid },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise((resolve) => bare.once('message', resolve));
  try {
    load(base, conversations, true); // warm-up run, discarded (JIT, pools, caches)
    const appResult = load(base, conversations, true);
    const appRss = rssMb(app.pid);
    load(`http://127.0.0.1:${BARE_PORT}`, conversations, false);
    const bareResult = load(`http://127.0.0.1:${BARE_PORT}`, conversations, false);
    const bareRss = rssMb(bare.pid);
    const row = (name, r, rss) =>
      `| ${name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.requests} | ${r.non2xx + r.errors + r.timeouts} | ${rss} |`;
    console.log(
      `\nREST message creates, ${CONNECTIONS} connections x ${DURATION} s, loopback, ${CONNECTIONS} conversations (1 chat + 1 SMS participant each), pool ${env.DATABASE_POOL_SIZE}, ${NODE_FLAGS.join(' ')}\n`,
    );
    console.log('| target | creates/s | p50 ms | p99 ms | requests | errors | RSS MB |');
    console.log('|---|---|---|---|---|---|---|');
    console.log(row('router (Nest + Fastify + auth + validation, statement on the Prisma pg pool)', appResult, appRss));
    console.log(row('bare route (node:http + pg, same SQL)', bareResult, bareRss));
    console.log(`\nratio router / bare = ${(appResult.rps / bareResult.rps).toFixed(2)}`);
  } finally {
    bare.kill();
  }
} finally {
  app.kill();
  await flushRedis();
}
