import Redis from 'ioredis';
import { Client } from 'pg';
import { feedChannel, type FeedEvent } from '../src/events/change-types';
import { conversationSyncSids, userSyncSids } from '../src/events/sync-sids';
import { startFakeTwilioApi, type FakeTwilioApi } from './support/fake-twilio-api';
import { carrierSid, newAccount, postInbound, startRouter, uniqueNumber, waitUntil, type RunningRouter, type TestAccount } from './support';

interface FeedRow {
  id: string;
  type: string;
  conversation_sid: string | null;
  conversation_seq: string | null;
  identity: string | null;
  user_seq: string | null;
  subject_sid: string | null;
  event_type: string | null;
  webhooks: boolean;
  payload: Record<string, string> | null;
}

/**
 * The change feed (docs/change-feed.md): every change is a row written in its own transaction,
 * with positions in its conversation's and its user's streams that follow commit order, stamped on
 * the item it changed, and published over Redis after commit.
 */
describe('Change feed (e2e)', () => {
  let router: RunningRouter;
  let carrier: FakeTwilioApi;
  let account: TestAccount;
  let serviceSid: string;
  let db: Client;
  let subscriber: Redis;
  const published: FeedEvent[] = [];

  beforeAll(async () => {
    carrier = await startFakeTwilioApi();
    router = await startRouter({ env: { CHANNEL_PROVIDER: 'twilio', TWILIO_API_URL: carrier.url } });
    account = await newAccount(router, 'change feed');
    serviceSid = (await account.client.conversations.v1.configuration().fetch()).defaultChatServiceSid;
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    subscriber = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    subscriber.on('message', (_channel, text: string) => published.push(...(JSON.parse(text) as { events: FeedEvent[] }).events));
    await subscriber.subscribe(feedChannel(process.env.BULLMQ_PREFIX!, serviceSid));
  });

  afterAll(async () => {
    subscriber?.disconnect();
    await db?.end();
    await router?.close();
    await carrier?.close();
  });

  const rows = async (conversationSid: string): Promise<FeedRow[]> =>
    (
      await db.query<FeedRow>(
        `SELECT id::text, type, conversation_sid, conversation_seq::text, identity, user_seq::text, subject_sid, event_type, webhooks, payload
           FROM change_events WHERE conversation_sid = $1 ORDER BY id`,
        [conversationSid],
      )
    ).rows;
  const streamHead = async (conversationSid: string) =>
    Number(
      (await db.query<{ event_seq: string }>('SELECT event_seq FROM conversations WHERE sid = $1', [conversationSid])).rows[0].event_seq,
    );

  it('records every change of a conversation in its stream, in order, without a webhook wanting it', async () => {
    const c = await account.client.conversations.v1.conversations.create({ friendlyName: 'feed' });
    const alice = await account.client.conversations.v1.conversations(c.sid).participants.create({ identity: 'feed-alice' });
    const m = await account.client.conversations.v1.conversations(c.sid).messages.create({ author: 'feed-alice', body: 'one' });
    await account.client.conversations.v1.conversations(c.sid).messages(m.sid).update({ body: 'one, edited' });
    await account.client.conversations.v1.conversations(c.sid).update({ friendlyName: 'feed, renamed' });
    await account.client.conversations.v1.conversations(c.sid).messages(m.sid).remove();
    await account.client.conversations.v1.conversations(c.sid).participants(alice.sid).remove();

    const feed = await rows(c.sid);
    expect(feed.map((r) => [r.type, Number(r.conversation_seq), r.subject_sid])).toEqual([
      ['conversation.added', 1, null],
      ['participant.added', 2, alice.sid],
      ['message.added', 3, m.sid],
      ['message.updated', 4, m.sid],
      ['conversation.updated', 5, null],
      ['message.removed', 6, m.sid],
      ['participant.removed', 7, alice.sid],
    ]);
    expect(await streamHead(c.sid)).toBe(7);
    // No webhook is configured: the rows are written all the same, without a payload.
    expect(feed.every((r) => r.webhooks === false && r.payload === null)).toBe(true);
    // The chat participant took positions in its user's stream too: joined, then left.
    expect(feed.filter((r) => r.identity === 'feed-alice').map((r) => r.type)).toEqual(['participant.added', 'participant.removed']);
    const userSeqs = feed.filter((r) => r.identity === 'feed-alice').map((r) => Number(r.user_seq));
    expect(userSeqs[1]).toBe(userSeqs[0] + 1);
  });

  it('stamps the stream positions on the items, and leaves tombstones for what it removed', async () => {
    const c = await account.client.conversations.v1.conversations.create({});
    const bob = await account.client.conversations.v1.conversations(c.sid).participants.create({ identity: 'feed-bob' });
    const m1 = await account.client.conversations.v1.conversations(c.sid).messages.create({ author: 'feed-bob', body: 'first' });
    const m2 = await account.client.conversations.v1.conversations(c.sid).messages.create({ author: 'feed-bob', body: 'second' });
    await account.client.conversations.v1.conversations(c.sid).messages(m1.sid).update({ attributes: '{"edited":true}' });

    const messages = await db.query<{ sid: string; created_seq: string; event_seq: string }>(
      'SELECT sid, created_seq::text, event_seq::text FROM messages WHERE conversation_sid = $1 ORDER BY index',
      [c.sid],
    );
    expect(messages.rows.map((r) => [r.sid, Number(r.created_seq), Number(r.event_seq)])).toEqual([
      [m1.sid, 3, 5],
      [m2.sid, 4, 4],
    ]);
    const participant = await db.query<{ created_seq: string; event_seq: string; user_created_seq: string; user_sid: string }>(
      'SELECT created_seq::text, event_seq::text, user_created_seq::text, user_sid FROM participants WHERE sid = $1',
      [bob.sid],
    );
    expect(Number(participant.rows[0].created_seq)).toBe(2);
    expect(Number(participant.rows[0].user_created_seq)).toBeGreaterThan(0);
    const userSid = participant.rows[0].user_sid;

    await account.client.conversations.v1.conversations(c.sid).messages(m2.sid).remove();
    await account.client.conversations.v1.conversations(c.sid).participants(bob.sid).remove();
    const tombstones = await db.query<{ object_sid: string; item_key: string; seq: string }>(
      'SELECT object_sid, item_key, seq::text FROM sync_tombstones WHERE object_sid = ANY($1) ORDER BY object_sid',
      [[conversationSyncSids(c.sid).messages, conversationSyncSids(c.sid).roster, userSyncSids(userSid).conversations]],
    );
    expect(tombstones.rows.map((r) => [r.object_sid, r.item_key])).toEqual([
      [conversationSyncSids(c.sid).messages, '1'],
      [conversationSyncSids(c.sid).roster, bob.sid],
      [userSyncSids(userSid).conversations, c.sid],
    ]);

    // Joining again brings the conversation back into the user's list: its tombstone goes.
    await account.client.conversations.v1.conversations(c.sid).participants.create({ identity: 'feed-bob' });
    const left = await db.query('SELECT 1 FROM sync_tombstones WHERE object_sid = $1 AND item_key = $2', [
      userSyncSids(userSid).conversations,
      c.sid,
    ]);
    expect(left.rowCount).toBe(0);
  });

  /**
   * A conversation of `phones` SMS participants and `messages` REST messages, each sent to every
   * phone and accepted by the carrier (SIDs stored); with the stream's head then, and a way to
   * post the carrier's status callbacks.
   */
  async function sentToPhones(phones: number, messages: number, label: string) {
    const c = await account.client.conversations.v1.conversations.create({});
    for (let i = 0; i < phones; i++) {
      await account.client.conversations.v1
        .conversations(c.sid)
        .participants.create({ 'messagingBinding.address': uniqueNumber(), 'messagingBinding.proxyAddress': uniqueNumber() });
    }
    const already = carrier.requests.length;
    for (let i = 0; i < messages; i++)
      await account.client.conversations.v1.conversations(c.sid).messages.create({ body: `${label} ${i}` });
    const receipts = phones * messages;
    const sent = (await carrier.waitForRequests(already + receipts))
      .slice(already)
      .filter((r) => r.form.Body?.[0]?.startsWith(`${label} `));
    expect(sent).toHaveLength(receipts);
    await waitUntil('the carrier SIDs to be stored', async () => {
      const stored = await db.query('SELECT 1 FROM delivery_receipts WHERE conversation_sid = $1 AND channel_message_sid IS NOT NULL', [
        c.sid,
      ]);
      return stored.rowCount === receipts;
    });
    const status = (sid: string, value: string) =>
      carrier.sendStatus(`${router.baseUrl}/webhooks/twilio/status`, sid, value, undefined, process.env.TWILIO_AUTH_TOKEN!);
    return { c, sent, head: await streamHead(c.sid), status };
  }

  it('numbers concurrent messages of one conversation in commit order: dense, as their indexes', async () => {
    const c = await account.client.conversations.v1.conversations.create({});
    const before = await streamHead(c.sid);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => account.client.conversations.v1.conversations(c.sid).messages.create({ body: `parallel ${i}` })),
    );
    const messages = await db.query<{ index: number; created_seq: string }>(
      'SELECT index, created_seq::text FROM messages WHERE conversation_sid = $1 ORDER BY index',
      [c.sid],
    );
    expect(messages.rows.map((r) => Number(r.created_seq))).toEqual(Array.from({ length: 20 }, (_, i) => before + 1 + i));
  });

  it('writes nothing for a change that is refused: the feed row is part of the transaction', async () => {
    const [address, proxy] = [uniqueNumber(), uniqueNumber()];
    const a = await account.client.conversations.v1.conversations.create({});
    const b = await account.client.conversations.v1.conversations.create({});
    await account.client.conversations.v1
      .conversations(a.sid)
      .participants.create({ 'messagingBinding.address': address, 'messagingBinding.proxyAddress': proxy });
    const before = await rows(b.sid);
    await expect(
      account.client.conversations.v1
        .conversations(b.sid)
        .participants.create({ 'messagingBinding.address': address, 'messagingBinding.proxyAddress': proxy }),
    ).rejects.toMatchObject({ code: 50416 });
    expect(await rows(b.sid)).toEqual(before);
    expect(await streamHead(b.sid)).toBe(1);
  });

  it('publishes each change over Redis after commit, carrier messages and delivery updates included', async () => {
    const [phone, proxy] = [uniqueNumber(), uniqueNumber()];
    const c = await account.client.conversations.v1.conversations.create({});
    await account.client.conversations.v1
      .conversations(c.sid)
      .participants.create({ 'messagingBinding.address': phone, 'messagingBinding.proxyAddress': proxy });
    await account.client.conversations.v1.conversations(c.sid).participants.create({ identity: 'feed-carol' });
    expect((await postInbound(router, { From: phone, To: proxy, Body: 'from the phone', MessageSid: carrierSid() })).status).toBe(200);
    const reply = await account.client.conversations.v1
      .conversations(c.sid)
      .messages.create({ author: 'feed-carol', body: 'to the phone' });
    const [sent] = (await carrier.waitForRequests(carrier.requests.length + 1)).filter((r) => r.form.Body?.[0] === 'to the phone');
    expect(
      await carrier.sendStatus(
        `${router.baseUrl}/webhooks/twilio/status`,
        sent.sid!,
        'delivered',
        undefined,
        process.env.TWILIO_AUTH_TOKEN!,
      ),
    ).toBe(200);

    await waitUntil(
      'the delivery update to be published',
      () => published.some((e) => e.conversationSid === c.sid && e.type === 'delivery.updated'),
      10_000,
    );
    const ours = published.filter((e) => e.conversationSid === c.sid);
    expect(ours.map((e) => [e.type, e.conversationSeq])).toEqual([
      ['conversation.added', 1],
      ['participant.added', 2],
      ['participant.added', 3],
      ['message.added', 4],
      ['message.added', 5],
      ['delivery.updated', 6],
    ]);
    expect(ours[5].subjectSid).toBe(reply.sid);
    // What was published is what was stored.
    const stored = await rows(c.sid);
    expect(ours.map((e) => e.id)).toEqual(stored.map((r) => r.id));
    // The status change's position is stamped on the receipt (the message row is not rewritten).
    const positions = await db.query<{ message: string; receipt: string }>(
      `SELECT m.event_seq::text AS message, r.event_seq::text AS receipt
         FROM messages m JOIN delivery_receipts r ON r.message_sid = m.sid WHERE m.sid = $1`,
      [reply.sid],
    );
    expect(positions.rows).toEqual([{ message: '5', receipt: '6' }]);
  });

  it('applies status callbacks that come together in batches: one position each, dense, none lost, none twice', async () => {
    const { c, sent, head, status } = await sentToPhones(3, 4, 'batch');
    // All at once: each receipt's 'sent', then each 'delivered' twice (a carrier retry) with a callback for a SID nobody has.
    expect(await Promise.all(sent.map((r) => status(r.sid!, 'sent')))).toEqual(Array(12).fill(200));
    const stranger = carrierSid();
    const second = await Promise.all([...sent, ...sent].map((r) => status(r.sid!, 'delivered')).concat(status(stranger, 'delivered')));
    expect(second).toEqual(Array(25).fill(200));

    const receipts = await db.query<{ status: string; event_seq: string }>(
      'SELECT status, event_seq::text FROM delivery_receipts WHERE conversation_sid = $1',
      [c.sid],
    );
    expect(receipts.rows.map((r) => r.status)).toEqual(Array(12).fill('delivered'));
    const updates = (await rows(c.sid)).filter((r) => r.type === 'delivery.updated');
    // Two changes per receipt (sent, delivered; the repeated 'delivered' changed nothing), each its own position.
    expect(updates.map((r) => Number(r.conversation_seq)).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 24 }, (_, i) => head + 1 + i),
    );
    expect(await streamHead(c.sid)).toBe(head + 24);
    // Each receipt carries the position of its last change.
    const positions = new Set(updates.map((r) => Number(r.conversation_seq)));
    expect(receipts.rows.every((r) => positions.has(Number(r.event_seq)))).toBe(true);
    expect(new Set(receipts.rows.map((r) => r.event_seq)).size).toBe(12);
    await waitUntil('every update to be published', () =>
      updates.every((u) => published.some((e) => e.id === u.id && e.type === 'delivery.updated')),
    );
    // The stranger's callback is kept until a receipt carries its SID.
    const kept = await db.query('SELECT status FROM pending_status_callbacks WHERE channel_message_sid = $1', [stranger]);
    expect(kept.rows).toEqual([{ status: 'delivered' }]);
  });

  it('applies two statuses of one message that come in the same burst one after the other, each change its own position', async () => {
    const { c, sent, head, status } = await sentToPhones(1, 6, 'burst');
    // sent, delivered and read of each message, twice over, all at once: batches hold the same SID several times.
    const burst = sent.flatMap((r) => ['sent', 'delivered', 'read', 'delivered', 'sent', 'read'].map((v) => status(r.sid!, v)));
    expect(await Promise.all(burst)).toEqual(Array(36).fill(200));

    const receipts = await db.query<{ status: string }>('SELECT status FROM delivery_receipts WHERE conversation_sid = $1', [c.sid]);
    expect(receipts.rows.map((r) => r.status)).toEqual(Array(6).fill('read'));
    const updates = (await rows(c.sid)).filter((r) => r.type === 'delivery.updated');
    // Each change (1 to 3 per receipt, as the statuses arrived) took one position, and no position went without one.
    expect(updates.length).toBeGreaterThanOrEqual(6);
    expect(updates.length).toBeLessThanOrEqual(18);
    expect(updates.map((r) => Number(r.conversation_seq)).sort((x, y) => x - y)).toEqual(
      Array.from({ length: updates.length }, (_, i) => head + 1 + i),
    );
    expect(await streamHead(c.sid)).toBe(head + updates.length);
  });

  it('a change some webhook wants carries the form fields and goes to the webhooks queue', async () => {
    const c = await account.client.conversations.v1.conversations.create({});
    await account.client.conversations.v1.conversations(c.sid).webhooks.create({
      target: 'webhook',
      'configuration.url': 'http://127.0.0.1:9/hook',
      'configuration.filters': ['onMessageAdded'],
    });
    const m = await account.client.conversations.v1.conversations(c.sid).messages.create({ body: 'wanted', xTwilioWebhookEnabled: 'true' });
    const [row] = (await rows(c.sid)).filter((r) => r.type === 'message.added');
    expect(row).toMatchObject({ webhooks: true, event_type: 'onMessageAdded', subject_sid: m.sid });
    expect(row.payload).toMatchObject({ EventType: 'onMessageAdded', MessageSid: m.sid, Body: 'wanted' });
  });
});
