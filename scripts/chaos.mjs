// npm run chaos [-- --messages 10000 --rate 100 --conversations 200 --kill-every 8 --drain 600 --keep]
//
// The chaos suite (not part of `npm test`). It starts a private PostgreSQL and two private Redis
// servers on free ports in a temporary directory (never the machine's services), the router as users
// start it (`npm start`: a supervisor with API_PROCESSES=2 and WORKER_PROCESSES=2, CHANNEL_PROVIDER=twilio)
// and, as its carrier, a separate simulator process (Twilio's Messages API with fault rules, its own
// Redis). Then it sends `--messages` messages through every path at once: phones texting the router
// (inbound SMS through the simulator's signed carrier webhook) into conversations of two SMS
// participants and a chat participant, and REST creates with the official client; each message fires
// onMessageAdded to a local webhook receiver. Meanwhile it SIGKILLs API and worker processes at
// random, restarts Redis once with its data kept and once with it lost, restarts PostgreSQL, and
// keeps adding simulator faults: 5xx, 429 with Retry-After, answers delayed, answers held past the
// router's request timeout (the carrier took the message, the answer is lost), duplicate,
// out-of-order and lost status callbacks. After the backlog drains it counts, per message and recipient:
// accepted but never sent, sent more than once (and whether inside the documented window,
// docs/send-attempts.md), receipts stuck (unsent, or without a final status), webhooks lost or delivered twice without the same
// idempotency token. It prints the figures (RELIABILITY.md records them) and removes everything it
// started; it exits 1 when a figure outside the documented window is not 0.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
import pg from 'pg';
import twilio from 'twilio';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argValue = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const MESSAGES = Number(argValue('messages', 10_000));
const RATE = Number(argValue('rate', 100));
const CONVERSATIONS = Number(argValue('conversations', 200));
const KILL_EVERY_MS = Number(argValue('kill-every', 8)) * 1000;
const DRAIN_MS = Number(argValue('drain', 600)) * 1000;
const KEEP = process.argv.includes('--keep');
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** The router's request timeout to the carrier (SEND_IN_FLIGHT_MS): a carrier slower than this is inside the window. */
const IN_FLIGHT_MS = 15_000;

const ACCOUNT = 'AC' + 'c4'.repeat(16);
const TOKEN = 'chaos_auth_token_0123456789abcdef';
const CARRIER_AC = 'AC' + 'ca'.repeat(16);
const CARRIER_TOKEN = 'chaos_carrier_token_0123456789';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...args) => console.log(`[chaos ${new Date().toISOString().slice(11, 19)}]`, ...args);
const basic = (user, pass) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

if (!existsSync(path.join(root, 'dist/start.js'))) throw new Error('build first: npm run build');

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

// ---------------------------------------------------------------- private services
const tmp = mkdtempSync(path.join(tmpdir(), 'router-chaos-'));
chmodSync(tmp, 0o777);
const asRoot = process.getuid?.() === 0;
/** initdb and postgres refuse to run as root: they run as the postgres user then. */
const pgCommand = (bin, args) =>
  asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(PG_BIN, bin), ...args]] : [path.join(PG_BIN, bin), args];
const runPg = (bin, args) => {
  const [cmd, argv] = pgCommand(bin, args);
  const out = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`${bin} ${args.join(' ')}: ${out.stderr || out.stdout}`);
};
const [PG_PORT, REDIS_PORT, CARRIER_REDIS_PORT, ROUTER_PORT, CARRIER_PORT, RECEIVER_PORT] = await Promise.all(
  Array.from({ length: 6 }, freePort),
);
const pgDir = path.join(tmp, 'pg');
const startPg = () =>
  runPg('pg_ctl', [
    '-D',
    pgDir,
    '-l',
    path.join(tmp, 'pg.log'),
    '-w',
    '-o',
    `-p ${PG_PORT} -k ${tmp} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c full_page_writes=off`,
    'start',
  ]);
const stopPg = (mode) => runPg('pg_ctl', ['-D', pgDir, '-m', mode, '-w', 'stop']);

const redisServers = new Map();
function startRedis(port, dir, persist) {
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      persist ? 'yes' : 'no',
      '--appendfsync',
      'always',
    ],
    { stdio: 'ignore' },
  );
  redisServers.set(port, child);
  return waitForRedis(port);
}
async function waitForRedis(port) {
  for (let i = 0; i < 100; i++) {
    const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => undefined);
    const ok = await r.connect().then(
      () => r.ping().then(() => true),
      () => false,
    );
    r.disconnect();
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`redis on ${port} did not start`);
}
async function stopRedis(port, signal) {
  const child = redisServers.get(port);
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

const children = new Set();
async function cleanup() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const port of redisServers.keys()) await stopRedis(port, 'SIGKILL');
  try {
    stopPg('immediate');
  } catch {
    // already stopped
  }
  if (!KEEP) rmSync(tmp, { recursive: true, force: true });
}
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

// ---------------------------------------------------------------- webhook receiver
/** Per MessageSid: the idempotency tokens of the onMessageAdded deliveries it received. */
const webhookTokens = new Map();
let webhookPosts = 0;
/** onMessageAdded deliveries that came after 20 s without any (a drain that waited only for quiet would have missed them). */
let lastPostAt = 0;
let postsAfterQuiet = 0;
const receiver = http.createServer((req, res) => {
  let raw = '';
  req.setEncoding('utf8');
  req.on('data', (c) => (raw += c));
  req.on('end', () => {
    // A receiver that sometimes fails: the router must retry with the same token.
    if (Math.random() < 0.03) return void res.writeHead(500).end();
    const form = new URLSearchParams(raw);
    if (form.get('EventType') === 'onMessageAdded') {
      webhookPosts++;
      if (lastPostAt && Date.now() - lastPostAt > 20_000) postsAfterQuiet++;
      lastPostAt = Date.now();
      const sid = form.get('MessageSid');
      const tokens = webhookTokens.get(sid) ?? [];
      tokens.push(String(req.headers['i-twilio-idempotency-token'] ?? ''));
      webhookTokens.set(sid, tokens);
    }
    res.writeHead(200).end();
  });
});
await new Promise((r) => receiver.listen(RECEIVER_PORT, '127.0.0.1', r));

// ---------------------------------------------------------------- router and carrier
const routerUrl = `http://127.0.0.1:${ROUTER_PORT}`;
const carrierUrl = `http://127.0.0.1:${CARRIER_PORT}`;
const databaseUrl = `postgresql://postgres@127.0.0.1:${PG_PORT}/router_chaos`;
const common = {
  PATH: process.env.PATH,
  HOME: process.env.HOME ?? tmp,
  DATABASE_URL: databaseUrl,
  TWILIO_ACCOUNT_SID: CARRIER_AC,
  TWILIO_AUTH_TOKEN: CARRIER_TOKEN,
  LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
  MEDIA_DIR: path.join(tmp, 'media'),
  DATABASE_POOL_SIZE: '4',
};
const routerEnv = {
  ...common,
  REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}`,
  BULLMQ_PREFIX: 'chaos',
  PORT: String(ROUTER_PORT),
  PUBLIC_URL: routerUrl,
  BOOTSTRAP_ACCOUNT_SID: ACCOUNT,
  BOOTSTRAP_AUTH_TOKEN: TOKEN,
  CHANNEL_PROVIDER: 'twilio',
  TWILIO_API_URL: `${carrierUrl}/simulator`,
  SIMULATOR: 'off',
  API_PROCESSES: '2',
  WORKER_PROCESSES: '2',
  OUTBOUND_ALLOW_HOSTS: '127.0.0.1',
  DEFAULT_SEND_RATE: '1000',
  DELIVERY_LOCK_MS: '5000',
  DELIVERY_RETRY_BASE_MS: '500',
  DELIVERY_MAX_ATTEMPTS: '30',
  OUTBOX_SWEEP_INTERVAL_MS: '2000',
  OUTBOX_SWEEP_AGE_MS: '5000',
  // Receipts whose status callbacks were lost (the router down when the carrier posted) are asked of the carrier.
  STATUS_CHECK_AFTER_MS: '20000',
};
const carrierEnv = {
  ...common,
  REDIS_URL: `redis://127.0.0.1:${CARRIER_REDIS_PORT}`,
  BULLMQ_PREFIX: 'carrier',
  PORT: String(CARRIER_PORT),
  // Inbound webhooks of the simulated phones go to the router, signed over its URL.
  PUBLIC_URL: routerUrl,
  CHANNEL_PROVIDER: 'simulator',
  SIMULATOR: 'on',
};

async function waitHealthy(url, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await sleep(200);
  }
  throw new Error(`${url} did not become healthy`);
}

function spawnLogged(name, args, env) {
  // The processes log JSON lines to stdout (LOG_LEVEL=warn): kept in <tmp>/<name>.log and counted.
  const logFile = createWriteStream(path.join(tmp, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (c) => {
    logFile.write(c);
    const text = c.toString();
    for (const [key, needle] of LOGGED) logged[key] += text.split(needle).length - 1;
  });
  children.add(child);
  let tail = '';
  child.stderr.on('data', (c) => {
    logFile.write(c);
    tail = (tail + c.toString()).slice(-4000);
  });
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) log(`${name} exited (${signal ?? code})`, tail.split('\n').slice(-3).join(' | '));
  });
  return child;
}

/** Router log lines counted over the run (LOG_LEVEL=warn shows them). */
const LOGGED = [
  ['adoptedAfterLostAnswer', 'adopted the carrier message of an interrupted send'],
  ['sendRetries', 'send will be retried'],
  ['outboxSweeps', 'outbox sweeper enqueued receipts'],
];
const logged = Object.fromEntries(LOGGED.map(([key]) => [key, 0]));
let stopping = false;
let carrier;
function startCarrier() {
  carrier = spawnLogged('carrier', [path.join(root, 'dist/main.js'), '--api-only'], carrierEnv);
  carrier.once('exit', () => {
    if (!stopping) setTimeout(startCarrier, 500);
  });
}

/** The supervisor's children (API and worker processes), with their role. */
function routerChildren(supervisorPid) {
  const out = spawnSync('pgrep', ['-P', String(supervisorPid)], { encoding: 'utf8' });
  return out.stdout
    .split('\n')
    .filter(Boolean)
    .map((pid) => {
      const cmd = spawnSync('cat', [`/proc/${pid}/cmdline`], { encoding: 'utf8' }).stdout;
      return { pid: Number(pid), role: cmd.includes('worker.js') ? 'worker' : 'api' };
    });
}

// ---------------------------------------------------------------- the run
const figures = { kills: { api: 0, worker: 0 }, redisRestarts: [], pgRestarts: 0, faults: {}, timeline: [] };
const mark = (what) => figures.timeline.push(`${what} at ${new Date().toISOString().slice(11, 19)}`);
try {
  log(`private services in ${tmp}: postgres :${PG_PORT}, redis :${REDIS_PORT} (router), :${CARRIER_REDIS_PORT} (carrier)`);
  runPg('initdb', ['-D', pgDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  startPg();
  await startRedis(REDIS_PORT, path.join(tmp, 'redis'), true);
  await startRedis(CARRIER_REDIS_PORT, path.join(tmp, 'redis-carrier'), false);

  const supervisor = spawnLogged('router', [path.join(root, 'dist/start.js')], routerEnv);
  await waitHealthy(routerUrl, 120_000);
  startCarrier();
  await waitHealthy(carrierUrl);
  log('router (2 API + 2 worker processes) and carrier up');

  const client = twilio(ACCOUNT, TOKEN, { httpClient: new twilio.RequestClient({ keepAlive: true }) });
  client.conversations.baseUrl = routerUrl;
  await client.conversations.v1.configuration
    .webhooks()
    .update({ postWebhookUrl: `http://127.0.0.1:${RECEIVER_PORT}/hook`, filters: ['onMessageAdded'], method: 'POST' });

  // Conversations: two SMS participants (each on its own proxy address) and a chat participant.
  const conversations = [];
  const number = (kind, n) => `+1555${kind}${String(n).padStart(6, '0')}`;
  for (let c = 0; c < CONVERSATIONS; c++) {
    const phone = number(3, c * 2);
    const proxy = number(9, c * 2);
    const body = new URLSearchParams();
    body.append('Participant', JSON.stringify({ messaging_binding: { address: phone, proxy_address: proxy } }));
    body.append(
      'Participant',
      JSON.stringify({ messaging_binding: { address: number(3, c * 2 + 1), proxy_address: number(9, c * 2 + 1) } }),
    );
    body.append('Participant', JSON.stringify({ identity: `chat-${c}` }));
    const res = await fetch(`${routerUrl}/v1/ConversationWithParticipants`, {
      method: 'POST',
      headers: { authorization: basic(ACCOUNT, TOKEN), 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    if (res.status !== 201 && res.status !== 202) throw new Error(`setup: ${res.status} ${await res.text()}`);
    conversations.push({ sid: (await res.json()).sid, phone, proxy });
  }
  log(`${CONVERSATIONS} conversations; sending ${MESSAGES} messages at ${RATE}/s`);

  // Faults: counted rules for every recipient, added all along the run (each rule applies to its Count next sends).
  const FAULTS = [
    [
      'http_error',
      [
        ['Status', '503'],
        ['Count', '15'],
      ],
    ],
    [
      'http_error',
      [
        ['Status', '500'],
        ['Count', '10'],
      ],
    ],
    [
      'http_error',
      [
        ['Status', '429'],
        ['RetryAfter', '1'],
        ['Count', '15'],
      ],
    ],
    [
      'delay',
      [
        ['DelayMs', '3000'],
        ['Count', '10'],
      ],
    ],
    [
      'hold_answer',
      [
        ['DelayMs', '20000'],
        ['Count', '3'],
      ],
    ],
    ['duplicate_callbacks', [['Count', '40']]],
    ['out_of_order_callbacks', [['Count', '40']]],
    ['lost_callbacks', [['Count', '40']]],
  ];
  const addFault = async () => {
    const [action, fields] = FAULTS[Math.floor(Math.random() * FAULTS.length)];
    const res = await fetch(`${carrierUrl}/simulator/faults`, {
      method: 'POST',
      headers: { authorization: basic(CARRIER_AC, CARRIER_TOKEN), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([['To', '*'], ['Action', action], ...fields]),
    }).catch(() => null);
    if (res?.status === 201) figures.faults[action] = (figures.faults[action] ?? 0) + 1;
  };

  const outcomes = { inbound: { ok: 0, refused: 0 }, rest: { ok: 0, refused: 0 } };
  const sendOne = async (n) => {
    const conv = conversations[n % conversations.length];
    const tag = `chaos ${n}`;
    if (n % 2 === 0) {
      const res = await fetch(`${carrierUrl}/simulator/phones/${encodeURIComponent(conv.phone)}/messages`, {
        method: 'POST',
        headers: { authorization: basic(CARRIER_AC, CARRIER_TOKEN), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ To: conv.proxy, Body: tag }),
      }).catch(() => null);
      const answer = res ? await res.json().catch(() => null) : null;
      outcomes.inbound[answer?.webhook_status === 200 ? 'ok' : 'refused']++;
    } else {
      const ok = await client.conversations.v1
        .conversations(conv.sid)
        .messages.create({ author: 'agent', body: tag, xTwilioWebhookEnabled: 'true' })
        .then(
          () => true,
          () => false,
        );
      outcomes.rest[ok ? 'ok' : 'refused']++;
    }
  };

  const started = Date.now();
  const duration = (MESSAGES / RATE) * 1000;
  // The chaos schedule: kills all along; Redis (kept), PostgreSQL, Redis (lost) at a quarter, half and three quarters.
  const events = [
    [0.25, 'redis-keep'],
    [0.5, 'postgres'],
    [0.75, 'redis-lost'],
  ];
  let chaosDone = false;
  const chaos = (async () => {
    let nextKill = Date.now() + KILL_EVERY_MS / 2;
    let nextFault = Date.now();
    while (!chaosDone) {
      const at = (Date.now() - started) / duration;
      if (events.length && at >= events[0][0]) {
        const [, what] = events.shift();
        if (what === 'postgres') {
          log('PostgreSQL: crash (immediate stop) and restart');
          stopPg('immediate');
          await sleep(2_000);
          startPg();
          figures.pgRestarts++;
          mark('postgres restarted');
        } else {
          const keep = what === 'redis-keep';
          log(`Redis: restart, data ${keep ? 'kept (SIGTERM, AOF)' : 'lost (SIGKILL, files removed)'}`);
          await stopRedis(REDIS_PORT, keep ? 'SIGTERM' : 'SIGKILL');
          if (!keep) rmSync(path.join(tmp, 'redis'), { recursive: true, force: true });
          await sleep(2_000);
          await startRedis(REDIS_PORT, path.join(tmp, 'redis'), true);
          figures.redisRestarts.push(keep ? 'kept' : 'lost');
          mark(`redis restarted (${keep ? 'kept' : 'lost'})`);
        }
      }
      if (Date.now() >= nextKill) {
        const victims = routerChildren(supervisor.pid);
        if (victims.length) {
          const victim = victims[Math.floor(Math.random() * victims.length)];
          process.kill(victim.pid, 'SIGKILL');
          figures.kills[victim.role]++;
        }
        nextKill = Date.now() + KILL_EVERY_MS * (0.5 + Math.random());
      }
      if (Date.now() >= nextFault) {
        await addFault();
        nextFault = Date.now() + 2_000;
      }
      await sleep(100);
    }
  })();

  // The load: MESSAGES at RATE per second, at most 400 in flight.
  const inFlight = new Set();
  for (let n = 0; n < MESSAGES; n++) {
    const due = started + (n * 1000) / RATE;
    if (due > Date.now()) await sleep(due - Date.now());
    while (inFlight.size >= 400) await Promise.race(inFlight);
    const p = sendOne(n).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  // Any event still scheduled happens now, then kills stop.
  while (events.length) await sleep(200);
  chaosDone = true;
  await chaos;
  log(`load done in ${((Date.now() - started) / 1000).toFixed(0)} s:`, JSON.stringify(outcomes), 'kills', JSON.stringify(figures.kills));
  await fetch(`${carrierUrl}/simulator/faults`, { method: 'DELETE', headers: { authorization: basic(CARRIER_AC, CARRIER_TOKEN) } });

  // Drain: every receipt resolved (carrier SID or failed) and settled (a final status, which a status
  // check brings within STATUS_CHECK_AFTER_MS when the callbacks were lost), every webhook event done
  // (an event stays pending until its last retry is over) and the webhooks quiet.
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const drainStart = Date.now();
  let lastPosts = -1;
  let quietSince = Date.now();
  for (;;) {
    const {
      rows: [{ open }],
    } = await db.query(
      `SELECT ((SELECT count(*) FROM delivery_receipts WHERE status IS NULL OR status = 'sent')
            + (SELECT count(*) FROM change_events WHERE webhooks AND dispatched_at IS NULL))::int AS open`,
    );
    if (webhookPosts !== lastPosts) [lastPosts, quietSince] = [webhookPosts, Date.now()];
    if ((open === 0 && Date.now() - quietSince > 20_000) || Date.now() - drainStart > DRAIN_MS) break;
    await sleep(1_000);
  }
  await sleep(3_000); // the last status callbacks
  log(`drained in ${((Date.now() - drainStart) / 1000).toFixed(0)} s`);

  // ------------------------------------------------------------ counting
  const { rows: messages } = await db.query(
    `SELECT sid, body, author, date_created AS "dateCreated" FROM messages WHERE body LIKE 'chaos %'`,
  );
  const { rows: receipts } = await db.query(
    `SELECT r.sid, m.body, r.address, r.channel_message_sid AS cms, r.status, r.error_code AS "errorCode", r.send_started_at AS "startedAt"
       FROM delivery_receipts r JOIN messages m ON m.sid = r.message_sid WHERE m.body LIKE 'chaos %'`,
  );
  const {
    rows: [checks],
  } = await db.query(
    `SELECT count(*) FILTER (WHERE status_checks > 0)::int AS checked,
            count(*) FILTER (WHERE status_checks > 0 AND status IS NOT NULL AND status <> 'sent')::int AS settled
       FROM delivery_receipts`,
  );
  await db.end();
  const carrierRedis = new Redis({ port: CARRIER_REDIS_PORT, host: '127.0.0.1' });
  /** (body, to) -> carrier messages. */
  const atCarrier = new Map();
  let stream = carrierRedis.scanStream({ match: 'carrier:simulator:message:*', count: 1000 });
  for await (const keys of stream) {
    const pipe = carrierRedis.pipeline();
    for (const key of keys) pipe.hgetall(key);
    for (const [, m] of (await pipe.exec()) ?? []) {
      if (!m?.body?.startsWith('chaos ')) continue;
      const key = `${m.body}\u0000${m.to}`;
      const list = atCarrier.get(key) ?? [];
      list.push({ sid: m.sid, at: Date.parse(m.date_created) });
      atCarrier.set(key, list);
    }
  }
  carrierRedis.disconnect();

  const FINAL = new Set(['delivered', 'undelivered', 'failed', 'read']);
  const neverSent = [];
  const stuck = [];
  const failed = [];
  const doubles = { total: 0, inWindow: 0, outside: [] };
  let notFinal = 0;
  for (const r of receipts) {
    const sent = atCarrier.get(`${r.body}\u0000${r.address}`) ?? [];
    if (r.status === null && r.cms === null) stuck.push(r.sid);
    if (r.status === 'failed' && r.cms === null) failed.push({ sid: r.sid, errorCode: r.errorCode });
    else if (sent.length === 0) neverSent.push(r.sid);
    if (r.cms !== null && !FINAL.has(r.status)) notFinal++;
    if (sent.length > 1) {
      doubles.total++;
      sent.sort((a, b) => a.at - b.at);
      // Inside the window: the carrier created the first copy more than the request timeout after the attempt started.
      const startedAt = r.startedAt ? new Date(r.startedAt).getTime() : null;
      if (startedAt !== null && sent[0].at - startedAt > IN_FLIGHT_MS) doubles.inWindow++;
      else doubles.outside.push({ receipt: r.sid, copies: sent.length, stored: r.cms, carrier: sent.map((s) => s.sid) });
    }
  }
  // Webhooks: one onMessageAdded per committed message (inbound always fire; REST creates set X-Twilio-Webhook-Enabled).
  const lostWebhooks = [];
  let webhooksTwiceWithoutToken = 0;
  let webhooksRetriedSameToken = 0;
  for (const m of messages) {
    const tokens = webhookTokens.get(m.sid) ?? [];
    if (tokens.length === 0) lostWebhooks.push(`${m.sid} (${m.author}, ${new Date(m.dateCreated).toISOString().slice(11, 23)})`);
    else if (new Set(tokens).size > 1) webhooksTwiceWithoutToken++;
    else if (tokens.length > 1) webhooksRetriedSameToken++;
  }
  const result = {
    messages: MESSAGES,
    rate: RATE,
    offered: outcomes,
    committed: messages.length,
    receipts: receipts.length,
    chaos: figures,
    routerLog: logged,
    statusChecks: checks,
    acceptedNeverSent: neverSent.length,
    sentMoreThanOnce: doubles.total,
    doubleSendsInsideWindow: doubles.inWindow,
    doubleSendsOutsideWindow: doubles.outside.length,
    receiptsStuck: stuck.length,
    receiptsFailedAfterRetries: failed.length,
    receiptsWithoutFinalStatus: notFinal,
    webhooksLost: lostWebhooks.length,
    webhooksTwiceWithoutSameToken: webhooksTwiceWithoutToken,
    webhooksRetriedWithSameToken: webhooksRetriedSameToken,
    webhooksAfter20sQuiet: postsAfterQuiet,
    samples: {
      neverSent: neverSent.slice(0, 5),
      stuck: stuck.slice(0, 5),
      failed: failed.slice(0, 5),
      doubles: doubles.outside.slice(0, 5),
      webhooksLost: lostWebhooks.slice(0, 10),
    },
  };
  console.log(JSON.stringify(result, null, 2));
  stopping = true;
  process.exitCode =
    result.acceptedNeverSent +
      result.doubleSendsOutsideWindow +
      result.receiptsStuck +
      result.receiptsWithoutFinalStatus +
      result.webhooksLost +
      result.webhooksTwiceWithoutSameToken ===
    0
      ? 0
      : 1;
} finally {
  stopping = true;
  receiver.close();
  await cleanup();
}
