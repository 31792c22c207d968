import { Queue } from 'bullmq';
import {
  eventuallyPasses,
  newAccount,
  spawnRouterProcess,
  freePort,
  startFakeCarrier,
  startRouter,
  twilioClient,
  type FakeCarrier,
  type RouterProcess,
  type RunningRouter,
  type TestAccount,
} from './support';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let phone = 5_552_000_000;
const nextPhone = () => `+1${++phone}`;

const redisConnection = () => {
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  return { host: url.hostname, port: Number(url.port || 6379) };
};

describe('Crash safety: processes killed with SIGKILL (e2e, separate worker and API processes)', () => {
  let carrier: FakeCarrier;
  let router: RunningRouter;
  let account: TestAccount;
  let deliveryQueue: Queue;
  const workers: RouterProcess[] = [];
  let processEnv: Record<string, string>;

  beforeAll(async () => {
    carrier = await startFakeCarrier();
    // The API in this test process, without any worker: deliveries happen only in spawned workers.
    router = await startRouter({ role: 'api', env: { CHANNEL_PROVIDER: 'twilio', TWILIO_API_URL: carrier.url } });
    account = await newAccount(router, 'crash safety');
    processEnv = { PUBLIC_URL: router.baseUrl, CHANNEL_PROVIDER: 'twilio', TWILIO_API_URL: carrier.url };
    deliveryQueue = new Queue('delivery', { connection: redisConnection(), prefix: process.env.BULLMQ_PREFIX });
  });

  afterAll(async () => {
    for (const w of workers) await w.kill().catch(() => undefined);
    await deliveryQueue?.close();
    await router?.close();
    await carrier?.close();
  });

  async function startWorker(): Promise<RouterProcess> {
    const worker = await spawnRouterProcess('worker', processEnv);
    workers.push(worker);
    return worker;
  }

  async function conversationWithPhone() {
    const [address, proxy] = [nextPhone(), nextPhone()];
    const c = await account.client.conversations.v1.conversations.create({});
    await account.client.conversations.v1
      .conversations(c.sid)
      .participants.create({ 'messagingBinding.address': address, 'messagingBinding.proxyAddress': proxy });
    return { c, address };
  }

  it('a worker process delivers; a worker killed mid-send is taken over and the carrier accepts exactly once', async () => {
    const worker = await startWorker();
    const { c, address } = await conversationWithPhone();
    await account.client.conversations.v1.conversations(c.sid).messages.create({ body: 'through a worker process' });
    await carrier.waitForAccepted((s) => s.to === address);

    // The next send hangs at the carrier; the worker dies while waiting for the answer.
    carrier.queue({ kind: 'delay', ms: 4_000, to: address });
    const message = await account.client.conversations.v1.conversations(c.sid).messages.create({ body: 'in flight during a crash' });
    const deadline = Date.now() + 10_000;
    while (!carrier.requests.some((s) => s.body === 'in flight during a crash')) {
      if (Date.now() > deadline) throw new Error(`the worker never sent:\n${worker.output()}`);
      await sleep(20);
    }
    await worker.kill();
    await startWorker();
    const [accepted] = await carrier.waitForAccepted((s) => s.body === 'in flight during a crash', 1, 20_000);
    await sleep(1_500);
    expect(carrier.accepted().filter((s) => s.body === 'in flight during a crash')).toEqual([accepted]);
    const [receipt] = await account.client.conversations.v1.conversations(c.sid).messages(message.sid).deliveryReceipts.list();
    expect(receipt.channelMessageSid).toBe(accepted.sid);

    // Running the job of a receipt that already has a carrier SID sends nothing.
    await deliveryQueue.add('send', { receiptSid: receipt.sid }, { jobId: receipt.sid });
    await sleep(1_500);
    expect(carrier.accepted().filter((s) => s.body === 'in flight during a crash')).toHaveLength(1);
  }, 60_000);

  it('a worker killed after the carrier accepted but before the SID was stored: the next worker adopts the SID, the carrier has one message', async () => {
    for (const w of workers.splice(0)) await w.kill();
    const worker = await startWorker();
    const { c, address } = await conversationWithPhone();
    // The carrier takes the message at once but holds its answer: the worker dies without the SID.
    carrier.queue({ kind: 'hold', ms: 60_000, to: address });
    const message = await account.client.conversations.v1.conversations(c.sid).messages.create({ body: 'accepted, answer lost' });
    const [accepted] = await carrier.waitForAccepted((s) => s.to === address, 1, 10_000);
    expect(accepted).toBeDefined();
    await worker.kill();
    const lookupsBefore = carrier.lookups.length;
    await startWorker();

    const receipts = () => account.client.conversations.v1.conversations(c.sid).messages(message.sid).deliveryReceipts.list();
    await eventuallyPasses(async () => expect((await receipts())[0]?.channelMessageSid).toBe(accepted.sid), 40_000);
    // The takeover asked the carrier (Twilio's list by To, From and DateSent>=) instead of sending again.
    const lookups = carrier.lookups.slice(lookupsBefore).map((l) => new URL(l, 'http://x').searchParams);
    expect(lookups.length).toBeGreaterThanOrEqual(1);
    expect(Object.fromEntries(lookups[0])).toMatchObject({ To: address, From: accepted.from });
    expect(lookups[0].get('DateSent>')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    await sleep(1_500);
    expect(carrier.requests.filter((s) => s.to === address)).toHaveLength(1);

    // The carrier's callbacks for the adopted SID move the receipt as for any send.
    expect(await carrier.sendStatus(accepted, 'delivered', process.env.TWILIO_AUTH_TOKEN!)).toBe(200);
    await eventuallyPasses(async () => expect((await receipts())[0]?.status).toBe('delivered'));
  }, 90_000);

  it('receipts committed but never enqueued are picked up by the outbox sweeper', async () => {
    for (const w of workers.splice(0)) await w.kill();
    const { c, address } = await conversationWithPhone();
    const bodies = Array.from({ length: 5 }, (_, i) => `never enqueued ${i}`);
    for (const body of bodies) await account.client.conversations.v1.conversations(c.sid).messages.create({ body });
    // As if the process had died between the commit and the enqueue: the jobs are gone.
    for (const job of await deliveryQueue.getJobs(['waiting', 'delayed', 'prioritized'])) await job.remove();
    await startWorker();
    const sent = await carrier.waitForAccepted((s) => s.to === address, 5, 20_000);
    expect(sent.map((s) => s.body)).toEqual(bodies);
    await sleep(2_000);
    expect(carrier.accepted().filter((s) => s.to === address)).toHaveLength(5);
  }, 60_000);

  it('an API process killed during a burst: every committed message reaches the carrier exactly once', async () => {
    for (const w of workers.splice(0)) await w.kill();
    const port = await freePort();
    const api = await spawnRouterProcess('api', { ...processEnv, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
    const viaProcess = twilioClient(account.sid, account.authToken, { baseUrl: `http://127.0.0.1:${port}` });
    const { c, address } = await conversationWithPhone();
    const burst = Array.from({ length: 60 }, (_, i) =>
      viaProcess.conversations.v1
        .conversations(c.sid)
        .messages.create({ body: `burst ${i}` })
        .then(
          () => true,
          () => false,
        ),
    );
    // Kill it mid-burst: once the first messages are committed, while the rest are in flight.
    const deadline = Date.now() + 10_000;
    while ((await account.client.conversations.v1.conversations(c.sid).messages.list({ limit: 5 })).length < 5 && Date.now() < deadline)
      await sleep(10);
    await api.kill();
    await Promise.all(burst);
    // A COMMIT that reached PostgreSQL just before the kill can still complete after the client
    // saw its socket die: what is committed is read once the carrier has caught up with the store.
    const stored = async () => (await account.client.conversations.v1.conversations(c.sid).messages.list()).map((m) => m.body);
    const toCarrier = () =>
      carrier
        .accepted()
        .filter((s) => s.to === address)
        .map((s) => s.body);
    expect((await stored()).length).toBeGreaterThan(0);
    await startWorker();
    await eventuallyPasses(async () => expect(toCarrier().length).toBe((await stored()).length), 30_000);
    await sleep(2_000);
    const committed = await stored();
    expect(toCarrier().sort()).toEqual([...committed].sort());
  }, 90_000);
});
