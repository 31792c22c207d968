import { Client, type Conversation, type Message } from '@twilio/conversations';
import net from 'node:net';
import { PrismaService } from '../src/prisma/prisma.service';
import { freePort, startRouter, uniqueNumber, type RunningRouter } from './support';
import { postStatus } from './support/fake-carrier';
import { EventLog, newChatTenant, until, type ChatTenant } from './support/realtime';

/** A TCP hop between a client and the router whose "network" can be cut and restored. */
async function networkHop(target: number): Promise<{ port: number; cut(): void; restore(): void; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let up = true;
  const server = net.createServer((inbound) => {
    if (!up) return inbound.destroy();
    const outbound = net.connect(target, '127.0.0.1');
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    cut: () => {
      up = false;
      sockets.forEach((s) => s.destroy());
    },
    restore: () => (up = true),
    close: () => {
      up = false;
      sockets.forEach((s) => s.destroy());
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The official Client loses its network, misses changes, and comes back: it reconnects by itself
 * and gets every change it missed, once and in order, also when the change feed no longer holds
 * them (a client away longer than the feed's retention: the replay is computed from current state).
 */
describe('The Conversations SDK after a network loss (e2e)', () => {
  let router: RunningRouter;
  let tenant: ChatTenant;
  const clients: Client[] = [];

  beforeAll(async () => {
    router = await startRouter({ role: 'all', env: { CHANGE_FEED_RETENTION: 'PT1S' } });
    tenant = await newChatTenant(router);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.shutdown().catch(() => undefined)));
    await router?.close();
  });

  const rest = () => tenant.account.client.conversations.v1.services(tenant.serviceSid);

  it('replays what it missed, once, in order, after the feed has dropped it', async () => {
    const hop = await networkHop(Number(new URL(router.baseUrl).port));
    const created = await rest().conversations.create({ friendlyName: 'before' });
    const messages = rest().conversations(created.sid).messages;
    await rest().conversations(created.sid).participants.create({ identity: 'roamer' });
    const [phone, proxy] = [uniqueNumber(), uniqueNumber()];
    await rest()
      .conversations(created.sid)
      .participants.create({ 'messagingBinding.address': phone, 'messagingBinding.proxyAddress': proxy });
    await messages.create({ author: 'bob', body: 'm0' });
    await messages.create({ author: 'bob', body: 'm1' });
    await messages.create({ author: 'bob', body: 'm2' });
    // The carrier (the simulator) delivers all three to the phone before the client connects.
    const prisma = router.app.get(PrismaService);
    const receipts = () => prisma.deliveryReceipt.findMany({ where: { conversationSid: created.sid }, include: { message: true } });
    for (let i = 0; i < 100 && (await receipts()).some((r) => r.status !== 'delivered'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const m2Receipt = (await receipts()).find((r) => r.message.body === 'm2')!;
    expect(m2Receipt.status).toBe('delivered');

    const client = new Client(tenant.token({ identity: 'roamer', ttl: 3600 }), {
      twilsock: { uri: `ws://127.0.0.1:${hop.port}/v3/wsconnect` },
      logLevel: 'silent',
    } as never);
    clients.push(client);
    const log = new EventLog(client, [
      'stateChanged',
      'connectionStateChanged',
      'messageAdded',
      'messageUpdated',
      'messageRemoved',
      'conversationUpdated',
    ]);
    expect((await log.next('stateChanged', 15_000))[0]).toBe('initialized');
    const conversation = (await client.getConversationBySid(created.sid)) as Conversation;
    expect((await conversation.getMessages()).items.map((m) => m.body)).toEqual(['m0', 'm1', 'm2']);
    await new Promise((resolve) => setTimeout(resolve, 500));

    hop.cut();
    await until(() => client.connectionState !== 'connected', 5_000);
    const [m0, m1] = await messages.list({ order: 'asc' });
    await messages(m0.sid).update({ body: 'm0 edited' });
    await messages(m1.sid).remove();
    // The phone reads m2: only its receipt changes (the position is stamped on the receipt, not the message).
    const callback = {
      statusCallback: `${router.baseUrl}/webhooks/twilio/status`,
      sid: m2Receipt.channelMessageSid!,
      from: proxy,
      to: phone,
    };
    expect(await postStatus({ ...callback, accountSid: tenant.account.sid }, 'read', process.env.TWILIO_AUTH_TOKEN!)).toBe(200);
    await messages.create({ author: 'bob', body: 'while away 1' });
    await messages.create({ author: 'bob', body: 'while away 2' });
    await rest().conversations(created.sid).update({ friendlyName: 'after' });
    // The feed keeps its rows one second here: wait until it has dropped every change made while away.
    const settled = async () =>
      (await prisma.changeEvent.count({ where: { conversationSid: created.sid } })) === 0 &&
      (await receipts()).every((r) => r.status === 'delivered' || r.status === 'read');
    for (let i = 0; i < 100 && !(await settled()); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await prisma.changeEvent.count({ where: { conversationSid: created.sid } })).toBe(0);
    expect((await receipts()).map((r) => [r.message.body, r.status]).sort()).toEqual([
      ['m0 edited', 'delivered'],
      ['m2', 'read'],
      ['while away 1', 'delivered'],
      ['while away 2', 'delivered'],
    ]);

    hop.restore();
    await until(() => conversation.friendlyName === 'after' && log.args('messageAdded').length === 2, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(log.args('messageAdded').map(([m]) => [(m as Message).index, (m as Message).body])).toEqual([
      [3, 'while away 1'],
      [4, 'while away 2'],
    ]);
    type Updated = { message: Message; updateReasons: string[] };
    expect(
      log.args('messageUpdated').map(([e]) => {
        const { message, updateReasons } = e as Updated;
        return [message.body, message.aggregatedDeliveryReceipt?.read, updateReasons.includes('deliveryReceipt')];
      }),
    ).toEqual([
      ['m0 edited', 'none', false],
      ['m2', 'all', true],
    ]);
    expect(log.args('messageRemoved').map(([m]) => (m as Message).index)).toEqual([1]);
    expect((await conversation.getMessages()).items.map((m) => m.body)).toEqual(['m0 edited', 'm2', 'while away 1', 'while away 2']);
    expect(log.args('connectionStateChanged').map(([s]) => s)).toEqual(expect.arrayContaining(['connecting', 'connected']));
    await client.shutdown();
    await hop.close();
  }, 60_000);
});
