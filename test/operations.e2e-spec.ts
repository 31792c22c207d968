import pg from 'pg';
import WebSocket from 'ws';
import { errorOf, eventually, newAccount, raw, startRouter, uniqueNumber, type RunningRouter, type TestAccount } from './support';
import { sample } from './support/metrics';
import { newChatTenant, sdkClient, textFromPhone, wsUrl } from './support/realtime';

const TOKEN = 'e2e-operator-token-0123456789';
const bearer = `Bearer ${TOKEN}`;
const basic = (password: string) => `Basic ${Buffer.from(`operator:${password}`).toString('base64')}`;

async function metricsOf(router: RunningRouter): Promise<string> {
  const res = await raw(router, { path: '/metrics', authorization: bearer });
  expect(res.status).toBe(200);
  return res.text;
}

describe('operations on the API port (e2e): /metrics, the queue dashboard, /readyz', () => {
  let router: RunningRouter;
  let account: TestAccount;

  beforeAll(async () => {
    router = await startRouter({ env: { OPERATOR_TOKEN: TOKEN } });
    account = await newAccount(router);
  });

  afterAll(async () => {
    await router?.close();
  });

  it('/metrics wants the operator token: 401 with Twilio’s body without it or with another one', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', basic('wrong-token-0123456789'), basic(TOKEN).slice(0, -2)]) {
      const res = await raw(router, { path: '/metrics', authorization });
      expect(res.status).toBe(401);
      expect(errorOf(res)).toMatchObject({ code: 20003, status: 401 });
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    }
    const ok = await raw(router, { path: '/metrics', authorization: basic(TOKEN) });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    // The default process metrics are there.
    expect(sample(ok.text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('counts REST requests by route template, never by the SIDs in their URL', async () => {
    const conversation = await account.client.conversations.v1.conversations.create({ friendlyName: 'metrics' });
    await account.client.conversations.v1.conversations(conversation.sid).fetch();
    const text = await metricsOf(router);
    expect(
      sample(text, 'router_http_requests_total', { method: 'POST', route: '/v1/Conversations', status: '201' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'router_http_requests_total', { method: 'GET', route: '/v1/Conversations/:Sid', status: '200' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'router_http_request_duration_seconds_count', { method: 'GET', route: '/v1/Conversations/:Sid' }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toMatch(/(CH|AC|IS)[0-9a-f]{32}/);
    expect(text).not.toMatch(/\+1\d{10}/);
  });

  it('counts a send by outcome, carrier webhooks by answer time, and shows the queue depths', async () => {
    const before = sample(await metricsOf(router), 'router_deliveries_total', { outcome: 'sent', error_code: '' }) ?? 0;
    const phone = uniqueNumber();
    const proxy = uniqueNumber();
    const conversation = await account.client.conversations.v1.conversations.create({});
    await account.client.conversations.v1
      .conversations(conversation.sid)
      .participants.create({ 'messagingBinding.address': phone, 'messagingBinding.proxyAddress': proxy });
    await account.client.conversations.v1.conversations(conversation.sid).messages.create({ author: 'agent', body: 'counted' });
    await textFromPhone(router, phone, proxy, 'and back');

    const text = await eventually(
      () => metricsOf(router),
      (t) =>
        (sample(t, 'router_deliveries_total', { outcome: 'sent', error_code: '' }) ?? 0) > before &&
        (sample(t, 'router_carrier_webhook_duration_seconds_count', { webhook: 'status', status: '200' }) ?? 0) >= 1,
      15_000,
    );
    expect(sample(text, 'router_carrier_webhook_duration_seconds_count', { webhook: 'messaging', status: '200' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(sample(text, 'router_delivery_status_callbacks_total', { error_code: '' })).toBeGreaterThanOrEqual(1);
    for (const queue of ['delivery', 'webhooks', 'timers']) {
      expect(sample(text, 'router_queue_jobs', { queue, state: 'wait' })).toBeGreaterThanOrEqual(0);
      expect(sample(text, 'router_queue_oldest_waiting_seconds', { queue })).toBeGreaterThanOrEqual(0);
    }
    expect(sample(text, 'router_queue_processing_seconds_count', { queue: 'delivery', result: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'router_queue_wait_seconds_count', { queue: 'delivery' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'router_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
  });

  it('gauges open websocket connections', async () => {
    const connections = async () => sample(await metricsOf(router), 'router_websocket_connections');
    const base = (await connections()) ?? 0;
    const ws = new WebSocket(wsUrl(router));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    expect(await eventually(connections, (n) => n === base + 1)).toBe(base + 1);
    ws.close();
    expect(await eventually(connections, (n) => n === base)).toBe(base);
  });

  it('times the fan-out of a change to the SDK clients subscribed to it', async () => {
    const fanouts = async () => sample(await metricsOf(router), 'router_realtime_fanout_seconds_count') ?? 0;
    const tenant = await newChatTenant(router);
    const { client, log } = await sdkClient(router, tenant, 'fanout-alice', ['conversationJoined']);
    const join = async () => {
      const conversation = await tenant.account.client.conversations.v1.conversations.create({});
      await tenant.account.client.conversations.v1.conversations(conversation.sid).participants.create({ identity: 'fanout-alice' });
      await log.next('conversationJoined', 15_000);
      // The Client goes on to read the conversation it joined; shutting it down in the middle of
      // those reads leaves the SDK's retries rejecting after the test.
      const joined = await client.getConversationBySid(conversation.sid);
      await Promise.all([joined.getParticipants(), joined.getMessages()]);
    };
    try {
      // Alice's Client subscribes to her conversation list after it initialised: the first join may
      // reach it in the replay of that subscription, not by fan-out. Once it arrived, the
      // subscription exists, and adding alice again changes a list she is subscribed to.
      await join();
      const before = await fanouts();
      await join();
      expect(await eventually(fanouts, (n) => n > before, 15_000)).toBeGreaterThan(before);
    } finally {
      await client.shutdown().catch(() => undefined);
    }
  }, 30_000);

  it('the queue dashboard lists every queue of the router, behind the same token', async () => {
    const refused = await raw(router, { path: '/admin/queues' });
    expect(refused.status).toBe(401);
    expect(errorOf(refused).code).toBe(20003);
    expect((await raw(router, { path: '/admin/queues/api/queues', authorization: 'Bearer nope-nope-nope-nope' })).status).toBe(401);

    const page = await raw(router, { path: '/admin/queues', authorization: basic(TOKEN) });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const api = await raw(router, { path: '/admin/queues/api/queues', authorization: bearer });
    expect(api.status).toBe(200);
    const names = (api.json as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['delivery', 'timers', 'webhooks']);
  });

  it('/readyz: ready with every check up; 503 naming a pending migration', async () => {
    const ready = await raw(router, { path: '/readyz' });
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({
      status: 'ready',
      checks: {
        database: { status: 'up' },
        migrations: { status: 'up' },
        redis: { status: 'up' },
        workers: { status: 'up' },
        queues: { status: 'up' },
      },
    });

    // As after deploying a build whose migration was not applied: its row is not (or no longer) there.
    const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    const [{ migration_name: last }] = (
      await db.query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1')
    ).rows;
    try {
      await db.query('UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1', [last]);
      const notReady = await raw(router, { path: '/readyz' });
      expect(notReady.status).toBe(503);
      const body = notReady.json as { code: number; message: string; checks: Record<string, { status: string; reason?: string }> };
      expect(body).toMatchObject({ code: 20503, status: 503, more_info: 'https://www.twilio.com/docs/errors/20503' });
      expect(body.message).toContain(`migrations: 1 migration(s) pending, first ${last}`);
      expect(body.checks.migrations).toEqual({ status: 'down', reason: expect.stringContaining(last) });
      expect(body.checks.database).toEqual({ status: 'up' });
    } finally {
      await db.query('UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = $1', [last]);
      await db.end();
    }
    expect((await raw(router, { path: '/readyz' })).status).toBe(200);
  });
});

describe('operations without OPERATOR_TOKEN (e2e)', () => {
  let router: RunningRouter;

  beforeAll(async () => {
    router = await startRouter();
  });

  afterAll(async () => {
    await router?.close();
  });

  it('/metrics and the dashboard do not exist: 404 with Twilio’s body, whatever the credentials', async () => {
    for (const path of ['/metrics', '/admin/queues', '/admin/queues/api/queues']) {
      for (const authorization of [undefined, bearer]) {
        const res = await raw(router, { path, authorization });
        expect(res.status).toBe(404);
        expect(errorOf(res).code).toBe(20404);
      }
    }
    expect((await raw(router, { path: '/readyz' })).status).toBe(200);
  });
});
