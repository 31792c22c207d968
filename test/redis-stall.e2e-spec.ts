import net from 'node:net';
import pg from 'pg';
import {
  carrierSid,
  newAccount,
  postInbound,
  startFakeCarrier,
  startRouter,
  type FakeCarrier,
  type RunningRouter,
  type TestAccount,
} from './support';

/** A TCP relay to Redis that can be held: while held, what either side sends waits in the relay. */
async function startRedisRelay(target: URL) {
  const pairs = new Set<{ flush(): void; close(): void }>();
  let held = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    const waiting: [net.Socket, Buffer][] = [];
    const forward = (to: net.Socket) => (chunk: Buffer) => (held ? waiting.push([to, chunk]) : to.write(chunk));
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
    const pair = {
      flush: () => waiting.splice(0).forEach(([to, chunk]) => to.write(chunk)),
      close: () => {
        client.destroy();
        upstream.destroy();
        pairs.delete(pair);
      },
    };
    pairs.add(pair);
    for (const socket of [client, upstream]) {
      socket.on('error', pair.close);
      socket.on('close', pair.close);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as net.AddressInfo).port}${target.pathname}`,
    hold: () => void (held = true),
    release: () => {
      held = false;
      for (const pair of pairs) pair.flush();
    },
    close: async () => {
      for (const pair of [...pairs]) pair.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('Redis stalls (e2e): the carrier is answered once the message is committed', () => {
  let relay: Awaited<ReturnType<typeof startRedisRelay>>;
  let carrier: FakeCarrier;
  let router: RunningRouter;
  let account: TestAccount;
  let db: pg.Client;

  beforeAll(async () => {
    relay = await startRedisRelay(new URL(process.env.REDIS_URL!));
    carrier = await startFakeCarrier();
    router = await startRouter({ env: { CHANNEL_PROVIDER: 'twilio', TWILIO_API_URL: carrier.url, REDIS_URL: relay.url } });
    account = await newAccount(router, 'redis-stall');
    db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    relay?.release();
    await router?.close();
    await relay?.close();
    await carrier?.close();
    await db?.end();
  });

  it('answers 200 while Redis does not answer; the reply goes out once Redis is back', async () => {
    const [phone, other, proxy] = ['+15557310001', '+15557310002', '+15557310003'];
    const conversations = account.client.conversations.v1.conversations;
    const c = await conversations.create({});
    await conversations(c.sid).participants.create({ 'messagingBinding.address': phone, 'messagingBinding.proxyAddress': proxy });
    await conversations(c.sid).participants.create({ 'messagingBinding.address': other, 'messagingBinding.proxyAddress': proxy });

    relay.hold();
    const messageSid = carrierSid();
    let timer: NodeJS.Timeout | undefined;
    const answer = await Promise.race([
      postInbound(router, { From: phone, To: proxy, Body: 'while Redis stalls', MessageSid: messageSid }),
      new Promise<'no answer'>((resolve) => (timer = setTimeout(() => resolve('no answer'), 3_000))),
    ]).finally(() => clearTimeout(timer));
    expect(answer).toMatchObject({ status: 200, body: expect.stringContaining('<Response/>') });
    const stored = await db.query('SELECT conversation_sid, body FROM messages WHERE external_sid = $1', [messageSid]);
    expect(stored.rows).toEqual([{ conversation_sid: c.sid, body: 'while Redis stalls' }]);
    expect(carrier.accepted().filter((s) => s.body === 'while Redis stalls')).toEqual([]);

    relay.release();
    const [sent] = await carrier.waitForAccepted((s) => s.body === 'while Redis stalls', 1, 20_000);
    expect(sent).toMatchObject({ from: proxy, to: other });
  }, 40_000);
});
