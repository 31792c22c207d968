import { SyncClient } from 'twilio-sync';
import { FeedPublisher } from '../src/events/feed-publisher';
import { sdkSuite, until, wsUrl } from './support/realtime';

/**
 * The Sync (CDS) projection, judged by the official `twilio-sync` client (the one the Conversations
 * SDK runs inside), unmodified, over the router's socket: descriptors, item pages, live events from
 * REST changes, and who may read what.
 */
describe('Chat Sync projection through the official twilio-sync client (e2e)', () => {
  const suite = sdkSuite({ role: 'api' });

  async function connect(identity: string): Promise<SyncClient> {
    const client = new SyncClient(suite.tenant.token({ identity }), {
      productId: 'ip_messaging',
      twilsock: { uri: wsUrl(suite.router) },
      logLevel: 'silent',
    } as never);
    suite.track(client);
    await until(() => client.connectionState === 'connected', 5_000);
    return client;
  }

  const rest = () => suite.tenant.account.client.conversations.v1.services(suite.tenant.serviceSid);
  const hex = (sid: string) => sid.slice(2).toLowerCase();

  it('serves a chat user its conversation list, a conversation document, messages and roster, live', async () => {
    const alice = await connect('alice');
    const aliceSid = (await rest().users('alice').fetch()).sid;
    const conversation = await rest().conversations.create({ friendlyName: 'Room 1', attributes: '{"topic":"x"}' });
    await rest().conversations(conversation.sid).participants.create({ identity: 'alice' });

    const mine = await alice.map({ id: `MY${hex(aliceSid)}`, mode: 'open_existing' });
    const page = await mine.getItems();
    expect(page.items.map((i) => i.key)).toEqual([conversation.sid]);
    expect(page.items[0].data).toMatchObject({ status: 'joined', channel: `ET${hex(conversation.sid)}`, lastConsumedMessageIndex: null });

    const doc = await alice.document({ id: `ET${hex(conversation.sid)}`, mode: 'open_existing' });
    expect(doc.data).toMatchObject({ friendlyName: 'Room 1', attributes: '{"topic":"x"}', messages: `ES${hex(conversation.sid)}` });
    const list = await alice.list({ id: `ES${hex(conversation.sid)}`, mode: 'open_existing' });
    const roster = await alice.map({ id: `MP${hex(conversation.sid)}`, mode: 'open_existing' });
    expect((await roster.getItems()).items.map((i) => (i.data as { identity: string }).identity)).toEqual(['alice']);

    const added: unknown[] = [];
    list.on('itemAdded', ({ item }: { item: { index: number; data: unknown } }) => added.push({ index: item.index, data: item.data }));
    const joined: string[] = [];
    roster.on('itemAdded', ({ item }: { item: { data: { identity: string | null } } }) => joined.push(item.data.identity ?? 'sms'));
    const docUpdates: unknown[] = [];
    doc.on('updated', ({ data }: { data: unknown }) => docUpdates.push(data));
    // Wait for the subscriptions to be established before changing anything (they are, ~100 ms after opening).
    await new Promise((resolve) => setTimeout(resolve, 500));

    await rest().conversations(conversation.sid).messages.create({ author: 'bob', body: 'hello alice' });
    await rest().conversations(conversation.sid).participants.create({ identity: 'bob' });
    await rest().conversations(conversation.sid).update({ friendlyName: 'Room 1 renamed' });

    await until(
      () =>
        added.length === 1 &&
        joined.length === 1 &&
        docUpdates.some((d) => (d as { friendlyName: string }).friendlyName === 'Room 1 renamed'),
    );
    expect(added[0]).toMatchObject({ index: 0, data: { author: 'bob', text: 'hello alice', type: 'text', attributes: '{}' } });
    expect(joined).toEqual(['bob']);
    expect(doc.data).toMatchObject({ friendlyName: 'Room 1 renamed', lastMessage: { index: 0 } });
  });

  it('pages messages both ways with Sync semantics (From inclusive, begin and end known)', async () => {
    const alice = await connect('pager');
    const conversation = await rest().conversations.create({ friendlyName: 'paging' });
    await rest().conversations(conversation.sid).participants.create({ identity: 'pager' });
    for (let i = 0; i < 25; i += 1)
      await rest()
        .conversations(conversation.sid)
        .messages.create({ author: 'x', body: `m${i}` });
    const list = await alice.list({ id: `ES${hex(conversation.sid)}`, mode: 'open_existing' });
    const last = await list.getItems({ pageSize: 10, order: 'desc' });
    expect(last.items.map((i) => i.index)).toEqual([24, 23, 22, 21, 20, 19, 18, 17, 16, 15]);
    expect(last.hasNextPage).toBe(true);
    const older = await last.nextPage();
    expect(older.items.map((i) => i.index)).toEqual([14, 13, 12, 11, 10, 9, 8, 7, 6, 5]);
    const forward = await list.getItems({ from: 5, pageSize: 10, order: 'asc' });
    expect(forward.items.map((i) => i.index)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(forward.hasPrevPage).toBe(true);
    const tail = await list.getItems({ from: 20, pageSize: 10, order: 'asc' });
    expect(tail.items.map((i) => i.index)).toEqual([20, 21, 22, 23, 24]);
    expect(tail.hasNextPage).toBe(false);
  });

  it('never shows a conversation to a non-participant, nor a user another user’s conversation list', async () => {
    const mallory = await connect('mallory');
    const conversation = await rest().conversations.create({ friendlyName: 'private' });
    await rest().conversations(conversation.sid).participants.create({ identity: 'carol' });
    const carolSid = (await rest().users('carol').fetch()).sid;
    await expect(mallory.list({ id: `ES${hex(conversation.sid)}`, mode: 'open_existing' })).rejects.toMatchObject({ status: 403 });
    await expect(mallory.map({ id: `MP${hex(conversation.sid)}`, mode: 'open_existing' })).rejects.toMatchObject({ status: 403 });
    await expect(mallory.map({ id: `MY${hex(carolSid)}`, mode: 'open_existing' })).rejects.toMatchObject({ status: 403 });
    await expect(mallory.document({ id: `ET${'0'.repeat(32)}`, mode: 'open_existing' })).rejects.toMatchObject({ status: 404 });
    // A user's info is service-wide, as on Twilio.
    const info = await mallory.map({ id: `MP${hex(carolSid)}`, mode: 'open_existing' });
    expect((await info.get('friendlyName')).data).toEqual({ value: null });
  });

  it('a change whose publication was lost still reaches the subscriber (the periodic head check)', async () => {
    const reader = await connect('reader');
    const conversation = await rest().conversations.create({ friendlyName: 'lossy' });
    await rest().conversations(conversation.sid).participants.create({ identity: 'reader' });
    const list = await reader.list({ id: `ES${hex(conversation.sid)}`, mode: 'open_existing' });
    const added: string[] = [];
    list.on('itemAdded', ({ item }: { item: { data: { text: string } } }) => added.push(item.data.text));
    await new Promise((resolve) => setTimeout(resolve, 500));

    // The writer commits, then its publication is lost (as when Redis drops it or the writer dies).
    const publish = jest.spyOn(suite.router.app.get(FeedPublisher), 'publish').mockResolvedValueOnce(undefined);
    await rest().conversations(conversation.sid).messages.create({ author: 'x', body: 'never published' });
    expect(publish).toHaveBeenCalledTimes(1);
    publish.mockRestore();
    await until(() => added.length === 1, 10_000);
    expect(added).toEqual(['never published']);
  }, 30_000);
});
