import { SyncClient, type SyncList } from 'twilio-sync';
import { freePort, spawnRouterProcess, startRouter, type RouterProcess, type RunningRouter } from './support';
import { newChatTenant, until, type ChatTenant } from './support/realtime';

type ListEvent = { name: string; index: number; text?: string | null };

/**
 * Nothing missed, nothing twice, across API processes: a chat client on one API process sees changes
 * written through another (the change feed over Redis), and when its process is killed it reconnects
 * (to a new process on the same address) and gets every change it missed, once, in order: judged by
 * the official `twilio-sync` client, which replays from its `last_event_id`.
 */
describe('Chat Sync across API processes and a killed process (e2e)', () => {
  let rest: RunningRouter;
  let api: RouterProcess | undefined;
  let port: number;
  let tenant: ChatTenant;
  const clients: SyncClient[] = [];

  const env = () => ({ PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}` });

  beforeAll(async () => {
    rest = await startRouter({ role: 'all' });
    tenant = await newChatTenant(rest);
    port = await freePort();
    api = await spawnRouterProcess('api', env());
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.shutdown().catch(() => undefined)));
    await api?.stop();
    await rest?.close();
  });

  const service = () => tenant.account.client.conversations.v1.services(tenant.serviceSid);
  const hex = (sid: string) => sid.slice(2).toLowerCase();

  function record(list: SyncList): ListEvent[] {
    const events: ListEvent[] = [];
    const text = (item: { data: unknown }) => (item.data as { text: string | null }).text;
    list.on('itemAdded', ({ item }) => events.push({ name: 'added', index: item.index, text: text(item) }));
    list.on('itemUpdated', ({ item }) => events.push({ name: 'updated', index: item.index, text: text(item) }));
    list.on('itemRemoved', ({ index }) => events.push({ name: 'removed', index }));
    return events;
  }

  it('delivers live across processes, then replays exactly what a client missed while its process was dead', async () => {
    const conversation = await service().conversations.create({ friendlyName: 'before' });
    const messages = service().conversations(conversation.sid).messages;
    await service().conversations(conversation.sid).participants.create({ identity: 'alice' });
    await messages.create({ author: 'bob', body: 'm0' });
    await messages.create({ author: 'bob', body: 'm1' });

    // Alice on the spawned API process; every change below is written through the other one.
    const alice = new SyncClient(tenant.token({ identity: 'alice', ttl: 3600 }), {
      productId: 'ip_messaging',
      twilsock: { uri: `ws://127.0.0.1:${port}/v3/wsconnect` },
      logLevel: 'silent',
    } as never);
    clients.push(alice);
    await until(() => alice.connectionState === 'connected');
    const list = await alice.list({ id: `ES${hex(conversation.sid)}`, mode: 'open_existing' });
    const doc = await alice.document({ id: `ET${hex(conversation.sid)}`, mode: 'open_existing' });
    const events = record(list);
    await new Promise((resolve) => setTimeout(resolve, 500));

    await messages.create({ author: 'bob', body: 'live' });
    await until(() => events.length === 1);
    expect(events).toEqual([{ name: 'added', index: 2, text: 'live' }]);

    await api!.kill();
    await until(() => alice.connectionState !== 'connected');
    const m0 = (await messages.list()).find((m) => m.index === 0)!;
    const m1 = (await messages.list()).find((m) => m.index === 1)!;
    await messages(m0.sid).update({ body: 'm0 edited' });
    await messages(m1.sid).remove();
    await messages.create({ author: 'bob', body: 'away 1' });
    const away2 = await messages.create({ author: 'bob', body: 'away 2' });
    await messages(away2.sid).update({ body: 'away 2 edited' });
    await service().conversations(conversation.sid).update({ friendlyName: 'after' });

    api = await spawnRouterProcess('api', env());
    await until(() => events.length >= 5 && (doc.data as { friendlyName: string }).friendlyName === 'after', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));

    // Each missed change once, in the order it happened, compacted to each item's last state.
    expect(events.slice(1)).toEqual([
      { name: 'updated', index: 0, text: 'm0 edited' },
      { name: 'removed', index: 1 },
      { name: 'added', index: 3, text: 'away 1' },
      { name: 'added', index: 4, text: 'away 2 edited' },
    ]);
    const items = (await list.getItems({ pageSize: 10 })).items.map((i) => [i.index, (i.data as { text: string }).text]);
    expect(items).toEqual([
      [0, 'm0 edited'],
      [2, 'live'],
      [3, 'away 1'],
      [4, 'away 2 edited'],
    ]);

    // And live again, through the new process.
    await messages.create({ author: 'bob', body: 'back' });
    await until(() => events.length === 6);
    expect(events[5]).toEqual({ name: 'added', index: 5, text: 'back' });
  }, 60_000);
});
