import {
  eventually,
  freePort,
  rootCredentials,
  killTree,
  runNpm,
  spawnRouterProcess,
  twilioClient,
  uniqueNumber,
  waitUntil,
  type NpmCommand,
  type RouterProcess,
} from './support';
import { sample } from './support/metrics';
import { flushQueuePrefix } from './support/queues';
import { startRedisRelay, type TcpRelay } from './support/tcp-relay';

const TOKEN = 'e2e-operator-token-0123456789';
const bearer = { authorization: `Bearer ${TOKEN}` };

interface Answer {
  status: number;
  body: { message?: string; checks?: Record<string, { status: string; reason?: string }> };
}

const get = async (url: string, headers: Record<string, string> = {}): Promise<Answer & { text: string }> => {
  const res = await fetch(url, { headers });
  const text = await res.text();
  let body: Answer['body'] = {};
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    // metrics are text
  }
  return { status: res.status, body, text };
};

describe('readiness of separate API and worker processes (e2e: the built router, Redis through a relay)', () => {
  const prefix = `ops-proc-${process.pid}`;
  let relay: TcpRelay;
  let api: RouterProcess | undefined;
  let worker: RouterProcess | undefined;
  let apiUrl: string;
  let opsUrl: string;

  beforeAll(async () => {
    relay = await startRedisRelay();
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    api = await spawnRouterProcess('api', { PORT: String(port), PUBLIC_URL: apiUrl, REDIS_URL: relay.url, BULLMQ_PREFIX: prefix });
  }, 60_000);

  afterAll(async () => {
    await api?.kill();
    await worker?.kill();
    await relay?.close();
    await flushQueuePrefix(prefix);
  });

  it('an API process is not ready while no worker process consumes the queues, and ready once one does', async () => {
    const notReady = await get(`${apiUrl}/readyz`);
    expect(notReady.status).toBe(503);
    expect(notReady.body.message).toContain('workers: no worker process consumes delivery, webhooks, timers');
    expect(notReady.body.checks).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' }, workers: { status: 'down' } });

    const opsPort = await freePort();
    opsUrl = `http://127.0.0.1:${opsPort}`;
    worker = await spawnRouterProcess('worker', {
      REDIS_URL: relay.url,
      BULLMQ_PREFIX: prefix,
      OPS_PORT: String(opsPort),
      OPERATOR_TOKEN: TOKEN,
    });
    await eventually(
      () => get(`${apiUrl}/readyz`),
      (r) => r.status === 200,
      15_000,
    );
  }, 60_000);

  it('a worker started alone serves /healthz, /readyz and, with the token, /metrics on OPS_PORT', async () => {
    expect((await get(`${opsUrl}/healthz`)).status).toBe(200);
    const ready = await get(`${opsUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({
      database: { status: 'up' },
      migrations: { status: 'up' },
      redis: { status: 'up' },
      workers: { status: 'up' },
      queues: { status: 'up' },
    });
    const refused = await get(`${opsUrl}/metrics`);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: 20003, status: 401 });
    const metrics = await get(`${opsUrl}/metrics`, bearer);
    expect(metrics.status).toBe(200);
    expect(sample(metrics.text, 'router_queue_jobs', { queue: 'delivery', state: 'wait' })).toBe(0);
    expect(sample(metrics.text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect((await get(`${opsUrl}/elsewhere`)).status).toBe(404);
  });

  it('Redis unreachable: both processes answer 503 naming Redis, and are ready again once it is back', async () => {
    await relay.cut();
    try {
      for (const url of [apiUrl, opsUrl]) {
        const answer = await eventually(
          () => get(`${url}/readyz`),
          (r) => r.status === 503,
          15_000,
        );
        expect(answer.body.message).toMatch(/redis: /);
        expect(answer.body.checks?.redis).toEqual({ status: 'down', reason: expect.any(String) });
        expect(answer.body.checks?.database).toEqual({ status: 'up' });
      }
      // Liveness is not readiness: the worker process itself still answers.
      expect((await get(`${opsUrl}/healthz`)).status).toBe(200);
    } finally {
      await relay.restore();
    }
    for (const url of [apiUrl, opsUrl]) {
      await eventually(
        () => get(`${url}/readyz`),
        (r) => r.status === 200,
        30_000,
      );
    }
  }, 90_000);
});

describe('npm start: metrics of every process in one scrape, readiness watched by the supervisor (e2e)', () => {
  const prefix = `ops-start-${process.pid}`;
  let relay: TcpRelay;
  let start: NpmCommand;
  let baseUrl: string;

  beforeAll(async () => {
    relay = await startRedisRelay();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    start = runNpm(['start'], {
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      REDIS_URL: relay.url,
      BULLMQ_PREFIX: prefix,
      API_PROCESSES: '1',
      WORKER_PROCESSES: '1',
      OPERATOR_TOKEN: TOKEN,
    });
    await waitUntil('the supervisor to report the router ready', () => start.output().includes('router ready'), 90_000, start.output);
  }, 120_000);

  afterAll(async () => {
    if (start) killTree(start);
    await relay?.close();
    await flushQueuePrefix(prefix);
  });

  it('logs each child ready, then the router', () => {
    expect(start.output()).toMatch(/"child":"api#1".*"msg":"api#1 ready"/);
    expect(start.output()).toMatch(/"child":"worker#1".*"msg":"worker#1 ready"/);
    expect(start.output()).toMatch(/"msg":"router ready: 2 process\(es\) ready"/);
  });

  it('GET /metrics on the API port adds up every process: a send counted by the worker process appears', async () => {
    const scrape = () => get(`${baseUrl}/metrics`, bearer).then((r) => r.text);
    // The API port answers (a CI run once met ECONNREFUSED on it just after "router ready").
    await eventually(
      () => get(`${baseUrl}/readyz`).catch(() => ({ status: 0 })),
      (r) => r.status === 200,
      30_000,
    );
    const first = await scrape();
    expect(sample(first, 'router_processes', { role: 'api' })).toBe(1);
    expect(sample(first, 'router_processes', { role: 'worker' })).toBe(1);
    expect(sample(first, 'router_processes_ready', { role: 'worker' })).toBe(1);

    const root = rootCredentials();
    const client = twilioClient(root.sid, root.authToken, { baseUrl });
    const conversation = await client.conversations.v1.conversations.create({});
    await client.conversations.v1
      .conversations(conversation.sid)
      .participants.create({ 'messagingBinding.address': uniqueNumber(), 'messagingBinding.proxyAddress': uniqueNumber() });
    await client.conversations.v1.conversations(conversation.sid).messages.create({ author: 'agent', body: 'counted by the worker' });
    // Only the worker process sends; only the API process answers HTTP: one scrape shows both.
    const text = await eventually(scrape, (t) => (sample(t, 'router_deliveries_total', { outcome: 'sent' }) ?? 0) >= 1, 20_000);
    expect(
      sample(text, 'router_http_requests_total', { method: 'POST', route: '/v1/Conversations', status: '201' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'router_queue_processing_seconds_count', { queue: 'delivery', result: 'completed' })).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('Redis cut: the supervisor logs which children are not ready and why, then the router ready again', async () => {
    const readyLogs = () => start.output().split('"msg":"router ready').length - 1;
    const before = readyLogs();
    await relay.cut();
    try {
      await waitUntil(
        'the children to report Redis',
        () => /"msg":"worker#1 not ready: [^"]*redis: /.test(start.output()),
        30_000,
        start.output,
      );
      await waitUntil(
        'the API child to report Redis',
        () => /"msg":"api#1 not ready: [^"]*redis: /.test(start.output()),
        30_000,
        start.output,
      );
      expect((await get(`${baseUrl}/readyz`)).status).toBe(503);
    } finally {
      await relay.restore();
    }
    await waitUntil('the router ready again', () => readyLogs() > before, 60_000, start.output);
    expect((await get(`${baseUrl}/readyz`)).status).toBe(200);
    // Not ready is not dead: no child was restarted for it.
    expect(start.output()).not.toMatch(/exited \(code/);
  }, 120_000);
});
