import { readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type twilio from 'twilio';
import { startFakeTwilioApi, type FakeTwilioApi } from './support/fake-twilio-api';
import {
  freePort,
  freshDatabase,
  rootCredentials,
  killTree,
  routerChildren,
  runNpm,
  startWebhookReceiver,
  twilioClient,
  waitUntil,
  type NpmCommand,
  type WebhookReceiver,
} from './support';
import { flushQueuePrefix } from './support/queues';

const migrations = readdirSync(path.join(__dirname, '../prisma/migrations'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const healthy = (url: string) =>
  fetch(`${url}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
/** What the router printed itself: npm's banner lines (`> ...`) and blank lines left out. */
const routerLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('>'));

let phone = 5_557_100_000;
const nextPhone = () => `+1${++phone}`;

describe('npm start, the one command (e2e: the built router as a user starts it)', () => {
  const db = freshDatabase('start');
  const prefix = `start-${process.pid}`;
  let carrier: FakeTwilioApi;
  let receiver: WebhookReceiver;
  let start: NpmCommand;
  let baseUrl: string;
  let client: twilio.Twilio;

  beforeAll(async () => {
    carrier = await startFakeTwilioApi();
    receiver = await startWebhookReceiver();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    start = runNpm(['start'], {
      DATABASE_URL: db.url,
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      BULLMQ_PREFIX: prefix,
      API_PROCESSES: '1',
      WORKER_PROCESSES: '1',
      CHANNEL_PROVIDER: 'twilio',
      TWILIO_API_URL: carrier.url,
    });
    await waitUntil('npm start to answer /healthz', () => healthy(baseUrl), 90_000, start.output);
    const root = rootCredentials();
    client = twilioClient(root.sid, root.authToken, { baseUrl });
  }, 120_000);

  afterAll(async () => {
    if (start) killTree(start);
    await carrier?.close();
    await receiver?.close();
    await db.drop();
    await flushQueuePrefix(prefix);
  });

  async function conversationWithPhone(): Promise<{ sid: string; address: string }> {
    const address = nextPhone();
    const conversation = await client.conversations.v1.conversations.create({});
    await client.conversations.v1
      .conversations(conversation.sid)
      .participants.create({ 'messagingBinding.address': address, 'messagingBinding.proxyAddress': nextPhone() });
    return { sid: conversation.sid, address };
  }

  const sentTo = (address: string) => carrier.requests.filter((r) => r.form.To?.[0] === address);

  it('creates the database it was given, applies every migration and serves', async () => {
    const applied = await db.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name',
    );
    expect(applied.map((r) => r.migration_name)).toEqual(migrations);
    expect(start.output()).toContain(`Created database ${db.name}`);
    const conversation = await client.conversations.v1.conversations.create({ friendlyName: 'first run' });
    expect((await client.conversations.v1.conversations(conversation.sid).fetch()).friendlyName).toBe('first run');
  });

  it('runs the API and the worker as separate processes, and the worker delivers', async () => {
    const children = routerChildren(start.child.pid!);
    expect(children.api).toHaveLength(1);
    expect(children.worker).toHaveLength(1);
    const { sid, address } = await conversationWithPhone();
    await client.conversations.v1.conversations(sid).messages.create({ author: 'agent', body: 'from the worker process' });
    await waitUntil('the carrier to receive the message', () => sentTo(address).length === 1, 15_000);
    expect(sentTo(address)[0].form.Body).toEqual(['from the worker process']);
  });

  it('restarts a worker process that dies, and deliveries go on', async () => {
    const [worker] = routerChildren(start.child.pid!).worker;
    process.kill(worker, 'SIGKILL');
    await waitUntil(
      'a new worker process',
      () => routerChildren(start.child.pid!).worker.some((pid) => pid !== worker),
      20_000,
      start.output,
    );
    expect(start.output()).toMatch(/"child":"worker#1".*exited \(code null, signal SIGKILL\).*restarting/);
    const { sid, address } = await conversationWithPhone();
    await client.conversations.v1.conversations(sid).messages.create({ author: 'agent', body: 'after the restart' });
    await waitUntil('the carrier to receive the message', () => sentTo(address).length === 1, 20_000);
  });

  it('restarts an API process that dies, on the same port', async () => {
    const [api] = routerChildren(start.child.pid!).api;
    process.kill(api, 'SIGKILL');
    await waitUntil('a new API process', () => routerChildren(start.child.pid!).api.some((pid) => pid !== api), 20_000, start.output);
    await waitUntil('/healthz again', () => healthy(baseUrl), 30_000, start.output);
    expect(start.output()).toMatch(/"child":"api#1".*exited \(code null, signal SIGKILL\)/);
  });

  it('SIGTERM: an answer in flight and a send in flight finish, then every process exits 0', async () => {
    // A pre-event hook that takes 1.5 s holds the REST answer; the carrier takes 1.5 s to accept a send.
    await client.conversations.v1.configuration.webhooks().update({
      preWebhookUrl: receiver.url('/slow-pre'),
      filters: ['onMessageAdd'],
      method: 'POST',
    });
    receiver.answer('/slow-pre', { status: 200, delayMs: 1_500 });
    const { sid, address } = await conversationWithPhone();
    carrier.queue({ kind: 'delay', ms: 1_500 });
    const first = await client.conversations.v1.conversations(sid).messages.create({ author: 'agent', body: 'in flight at the carrier' });
    await waitUntil('the carrier to hold the send', () => sentTo(address).length === 1, 15_000);

    const inFlight = client.conversations.v1
      .conversations(sid)
      .messages.create({ author: 'agent', body: 'in flight at the API', xTwilioWebhookEnabled: 'true' });
    await receiver.waitFor('/slow-pre', () => true, 1, 5_000);
    const children = Object.values(routerChildren(start.child.pid!)).flat();
    start.child.kill('SIGTERM');

    const answered = await inFlight;
    expect(answered.body).toBe('in flight at the API');
    expect(await start.exited).toBe(0);
    for (const pid of children) expect(alive(pid)).toBe(false);
    // The send the carrier was holding completed and was recorded before the worker left.
    const [receipt] = await db.query<{ channel_message_sid: string | null }>(
      `SELECT channel_message_sid FROM delivery_receipts WHERE message_sid = '${first.sid}'`,
    );
    expect(receipt.channel_message_sid).toBe(sentTo(address)[0].sid);
    expect(start.output()).toContain('"msg":"router stopped"');
  }, 60_000);
});

describe('start-up failures name what is wrong (e2e)', () => {
  const expectOneLine = (command: NpmCommand, pattern: RegExp) => {
    const lines = routerLines(command.stderr());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
  };

  it('npm start with PostgreSQL unreachable: one line naming it, its URL without the password, exit code 2', async () => {
    const port = await freePort();
    const command = runNpm(['start'], { DATABASE_URL: `postgresql://postgres:s3cret-pw@127.0.0.1:${port}/router` });
    expect(await command.exited).toBe(2);
    expectOneLine(
      command,
      new RegExp(`^Cannot reach PostgreSQL at postgresql://postgres:\\*\\*\\*@127\\.0\\.0\\.1:${port}/router \\(ECONNREFUSED\\)`),
    );
    expect(command.output()).not.toContain('s3cret-pw');
  });

  it('npm start with Redis unreachable: one line naming it, its URL without the password, exit code 2', async () => {
    const port = await freePort();
    const command = runNpm(['start'], { REDIS_URL: `redis://:s3cret-pw@127.0.0.1:${port}` });
    expect(await command.exited).toBe(2);
    expectOneLine(command, new RegExp(`^Cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`));
    expect(command.output()).not.toContain('s3cret-pw');
  });

  it('npm start on a port another program holds: one line naming it, every process stops, exit code 4', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '0.0.0.0', resolve));
    const port = (holder.address() as net.AddressInfo).port;
    const prefix = `start-port-${process.pid}`;
    try {
      const command = runNpm(['start'], { PORT: String(port), BULLMQ_PREFIX: prefix, API_PROCESSES: '1', WORKER_PROCESSES: '1' });
      expect(await command.exited).toBe(4);
      expect(command.stderr()).toContain(
        `Cannot listen on 0.0.0.0:${port}: the port is in use by another program (EADDRINUSE); set PORT / HOST.`,
      );
      expect(command.output()).toMatch(/"child":"api#1".*cannot run with this configuration/);
      expect(command.output()).toMatch(/"child":"worker#1".*"msg":"worker#1 stopped"/);
    } finally {
      holder.close();
      await flushQueuePrefix(prefix);
    }
  });

  it('start:api on a database that was never created says to migrate, exit code 2, and creates nothing', async () => {
    const db = freshDatabase('never');
    const command = runNpm(['run', 'start:api'], { DATABASE_URL: db.url, PORT: String(await freePort()) });
    expect(await command.exited).toBe(2);
    expectOneLine(command, /^The database at .* does not exist: run `npm run db:migrate`/);
    await expect(db.query('SELECT 1')).rejects.toMatchObject({ code: '3D000' });
  });

  it('start:worker on an empty database says how many migrations are pending, exit code 2', async () => {
    const db = freshDatabase('empty');
    await db.create();
    try {
      const command = runNpm(['run', 'start:worker'], { DATABASE_URL: db.url });
      expect(await command.exited).toBe(2);
      expectOneLine(command, new RegExp(`is not migrated \\(${migrations.length} migration\\(s\\) pending, first ${migrations[0]}\\)`));
    } finally {
      await db.drop();
    }
  });
});
