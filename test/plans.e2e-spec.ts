import pg from 'pg';
import { DeliveryStateRepository } from '../src/delivery/delivery-state.repository';
import { StatusChecker } from '../src/delivery/status-checker';
import { startFakeTwilioApi, type FakeTwilioApi } from './support/fake-twilio-api';
import {
  carrierSid,
  freshDatabase,
  newAccount,
  postInbound,
  runNpm,
  startRouter,
  waitUntil,
  type FreshDatabase,
  type RunningRouter,
  type TestAccount,
} from './support';
import { flushQueuePrefix } from './support/queues';

interface Statement {
  name: string;
  text: string;
  values: unknown[];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** Tables that grow with traffic: a plan that reads one of them whole costs more with every message. */
const GROWING = [
  'messages',
  'delivery_receipts',
  'participants',
  'messaging_bindings',
  'conversations',
  'conversation_webhooks',
  'account_configurations',
  'services',
  'change_events',
  'sync_tombstones',
  'users',
  'media',
];

function seqScans(node: PlanNode): string[] {
  const own = node['Node Type'] === 'Seq Scan' && node['Relation Name'] ? [node['Relation Name']] : [];
  return [...own, ...(node.Plans ?? []).flatMap(seqScans)];
}

let phone = 5_557_300_000;
const nextPhone = () => `+1${++phone}`;

/**
 * The plans PostgreSQL keeps for the router's statements do not depend on table statistics. Every
 * statement is a named prepared statement: after a few runs PostgreSQL may keep one generic plan
 * for it, made with the statistics of that moment. On a new deployment (tables filled moments ago,
 * not analysed yet; or autovacuum off) that moment is one of empty tables, where reading a table
 * whole is the cheapest plan, and the plan is kept as the table grows: each run then costs more.
 *
 * This runs the inbound, REST and delivery paths on a database that was never analysed, records
 * every statement the router prepared, and asks PostgreSQL for the generic plan of each: none may
 * read a growing table whole.
 */
describe('Plans on a database that was never analysed (e2e)', () => {
  let db: FreshDatabase;
  let router: RunningRouter;
  let carrier: FakeTwilioApi;
  let account: TestAccount;
  const prefix = `plans-${process.pid}`;
  const statements = new Map<string, Statement>();
  const query = pg.Client.prototype.query;

  beforeAll(async () => {
    db = freshDatabase('plans');
    const migrate = runNpm(['run', 'db:migrate'], { DATABASE_URL: db.url });
    expect(await migrate.exited).toBe(0);
    carrier = await startFakeTwilioApi();
    // Records each named statement the router runs, with the values of one of its runs.
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const config = args[0] as Partial<Statement> | undefined;
      if (config && typeof config === 'object' && config.name && config.text && !statements.has(config.name)) {
        statements.set(config.name, { name: config.name, text: config.text, values: [...(config.values ?? [])] });
      }
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    router = await startRouter({
      env: { DATABASE_URL: db.url, BULLMQ_PREFIX: prefix, CHANNEL_PROVIDER: 'twilio', TWILIO_API_URL: carrier.url },
    });
    account = await newAccount(router, 'plans');
  }, 60_000);

  afterAll(async () => {
    pg.Client.prototype.query = query;
    await router?.close();
    await carrier?.close();
    await db?.drop();
    await flushQueuePrefix(prefix);
  });

  it('keeps no generic plan that reads a growing table whole', async () => {
    const { client } = account;
    const service = (await client.conversations.v1.configuration().fetch()).defaultChatServiceSid;
    const conversations = [];
    for (let i = 0; i < 3; i++) {
      const [a, b, proxyA, proxyB] = [nextPhone(), nextPhone(), nextPhone(), nextPhone()];
      const c = await client.conversations.v1.conversations.create({ uniqueName: `plans-${i}` });
      await client.conversations.v1
        .conversations(c.sid)
        .participants.create({ 'messagingBinding.address': a, 'messagingBinding.proxyAddress': proxyA });
      await client.conversations.v1
        .conversations(c.sid)
        .participants.create({ 'messagingBinding.address': b, 'messagingBinding.proxyAddress': proxyB });
      await client.conversations.v1.conversations(c.sid).participants.create({ identity: `agent-${i}` });
      conversations.push({ sid: c.sid, a, proxyA });
    }
    // Each path several times, as PostgreSQL makes its generic plan after five runs.
    for (let round = 0; round < 6; round++) {
      for (const [i, c] of conversations.entries()) {
        expect((await postInbound(router, { From: c.a, To: c.proxyA, Body: `in ${round}`, MessageSid: carrierSid() })).status).toBe(200);
        await client.conversations.v1.conversations(c.sid).messages.create({ author: `agent-${i}`, body: `by sid ${round}` });
        await client.conversations.v1
          .services(service)
          .conversations(`plans-${i}`)
          .messages.create({ author: `agent-${i}`, body: `by name ${round}` });
      }
    }
    // Inbound from A reaches B; each REST message reaches A and B.
    const sends = 3 * 6 + 3 * 6 * 2 * 2;
    await carrier.waitForRequests(sends, 30_000);
    // Concurrently, so that the router applies them in batches as well as alone (batches are planned
    // on each run: no plan is kept for them).
    const sent = carrier.requests.filter((r) => r.sid);
    for (let i = 0; i < sent.length; i += 20) {
      await Promise.all(
        sent
          .slice(i, i + 20)
          .map((r) =>
            carrier.sendStatus(`${router.baseUrl}/webhooks/twilio/status`, r.sid!, 'delivered', undefined, process.env.TWILIO_AUTH_TOKEN!),
          ),
      );
    }
    await waitUntil('the status callbacks to be applied', async () => {
      const [row] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM delivery_receipts WHERE status = 'delivered'`);
      return Number(row.n) === sends;
    });
    // The status checker's statements: one pass (nothing is due), and one count of a check.
    await router.app.get(StatusChecker, { strict: false }).pass();
    const [receipt] = await db.query<{ sid: string }>(`SELECT sid FROM delivery_receipts LIMIT 1`);
    await router.app.get(DeliveryStateRepository, { strict: false }).countStatusChecks([receipt.sid]);
    const stats = await db.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stats WHERE schemaname = 'public'`);
    expect(Number(stats[0].n)).toBe(0); // nothing was analysed

    const explained = new pg.Client({ connectionString: db.url });
    await explained.connect();
    const scans: string[] = [];
    try {
      await explained.query('SET plan_cache_mode = force_generic_plan');
      for (const s of statements.values()) {
        if (!/^\s*(WITH|SELECT|UPDATE|INSERT|DELETE)/i.test(s.text)) continue;
        await explained.query('BEGIN');
        try {
          // Runs once (it prepares the statement; its effects are rolled back), then the generic plan.
          await (query as (this: pg.Client, config: Statement) => Promise<unknown>).call(explained, s).catch(() => undefined);
          await explained.query('ROLLBACK');
          await explained.query('BEGIN');
          const args = s.values.map(() => 'NULL').join(', ');
          const { rows } = await explained.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
            `EXPLAIN (FORMAT JSON) EXECUTE ${s.name}${args ? `(${args})` : ''}`,
          );
          const whole = seqScans(rows[0]['QUERY PLAN'][0].Plan).filter((t) => GROWING.includes(t));
          if (whole.length) scans.push(`${[...new Set(whole)].join(', ')} <- ${s.text.replace(/\s+/g, ' ').trim().slice(0, 160)}`);
        } finally {
          await explained.query('ROLLBACK');
        }
      }
    } finally {
      await explained.end();
    }
    expect(statements.size).toBeGreaterThan(10);
    expect(scans).toEqual([]);
  }, 120_000);
});
