import type { MessageInstance } from 'twilio/lib/rest/conversations/v1/conversation/message';
import { expectRestError, newAccount, raw, startRouter, uniqueNumber, type RunningRouter, type TestAccount } from './support';

const phone = (i: number) => `+1555${String(4_000_000 + i).padStart(7, '0')}`;
const indexes = (items: MessageInstance[]) => items.map((m) => m.index);
const sids = (items: { sid: string }[]) => items.map((m) => m.sid);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** What twilio-node's pages offer for walking a list (MessagePage and the plain Page its nextPage() returns). */
interface MessagesPage {
  instances: MessageInstance[];
  nextPageUrl?: string;
  previousPageUrl?: string;
  nextPage(): Promise<MessagesPage> | undefined;
  previousPage(): Promise<MessagesPage> | undefined;
}

/** Proxy numbers of each test's own: a number belongs to the first account that uses it. */
let PROXY = '';
beforeEach(() => {
  PROXY = uniqueNumber();
});

describe('/v1/Conversations/{CH}/Messages (e2e)', () => {
  let router: RunningRouter;

  beforeAll(async () => {
    router = await startRouter();
  });

  afterAll(async () => {
    await router?.close();
  });

  /** A fresh account and one conversation of it. */
  async function setup(name: string, options: { uniqueName?: string; state?: 'active' | 'inactive' } = {}) {
    const account = await newAccount(router, name);
    const conversation = await account.client.conversations.v1.conversations.create({ friendlyName: name, ...options });
    const conv = () => account.client.conversations.v1.conversations(conversation.sid);
    const messages = () => conv().messages;
    const count = async () => (await messages().list()).length;
    return { account, client: account.client, conversation, conv, messages, count };
  }

  describe('create', () => {
    it('author defaults to system, with no participant; the wire shape is the example’s', async () => {
      const { account, conversation, messages } = await setup('system author');
      const before = Date.now();
      const created = await messages().create({ body: 'Hello', attributes: '{ "importance": "high" }' });
      const url = `${router.baseUrl}/v1/Conversations/${conversation.sid}/Messages/${created.sid}`;
      expect(created.toJSON()).toEqual({
        sid: expect.stringMatching(/^IM[0-9a-f]{32}$/),
        accountSid: account.sid,
        conversationSid: conversation.sid,
        body: 'Hello',
        media: null,
        author: 'system',
        participantSid: null,
        attributes: '{ "importance": "high" }',
        dateCreated: expect.any(Date),
        dateUpdated: null,
        index: 0,
        delivery: null,
        contentSid: null,
        url,
        links: { delivery_receipts: `${url}/Receipts`, channel_metadata: `${url}/ChannelMetadata` },
      });
      expect(created.dateCreated.getTime()).toBeGreaterThan(before - 2_000);

      const res = await raw(router, {
        path: `/v1/Conversations/${conversation.sid}/Messages/${created.sid}`,
        auth: [account.sid, account.authToken],
      });
      expect(Object.keys(res.json as object).sort()).toEqual(
        [
          'sid',
          'account_sid',
          'conversation_sid',
          'body',
          'media',
          'author',
          'participant_sid',
          'attributes',
          'date_created',
          'date_updated',
          'index',
          'delivery',
          'content_sid',
          'url',
          'links',
        ].sort(),
      );
      expect((res.json as { date_created: string }).date_created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    });

    it('an author that is a chat identity or an SMS address resolves participant_sid', async () => {
      const { conv, messages } = await setup('author resolution');
      const alice = await conv().participants.create({ identity: 'alice' });
      const sms = await conv().participants.create({ 'messagingBinding.address': phone(1), 'messagingBinding.proxyAddress': PROXY });
      expect((await messages().create({ author: 'alice', body: 'from chat' })).participantSid).toBe(alice.sid);
      expect((await messages().create({ author: phone(1), body: 'from sms' })).participantSid).toBe(sms.sid);
      expect((await messages().create({ author: 'nobody', body: 'from a stranger' })).participantSid).toBeNull();
      expect((await messages().create({ author: PROXY, body: 'the proxy is no participant' })).participantSid).toBeNull();
    });

    it('indexes increase strictly from 0, and are not reused after a delete', async () => {
      const { messages } = await setup('indexes');
      const made: MessageInstance[] = [];
      for (let i = 0; i < 4; i++) made.push(await messages().create({ body: `m${i}` }));
      expect(indexes(made)).toEqual([0, 1, 2, 3]);
      await messages()(made[3].sid).remove();
      expect((await messages().create({ body: 'after delete' })).index).toBeGreaterThan(3);
      expect(indexes(await messages().list())).toEqual([0, 1, 2, 4]);
    });

    it('body: up to 1600 characters; 1601 is 50504; neither Body, MediaSid nor ContentSid is 50503; nothing stored on error', async () => {
      const { messages, count } = await setup('body limits');
      expect((await messages().create({ body: 'x'.repeat(1600) })).body).toHaveLength(1600);
      expect((await messages().create({ body: '✓'.repeat(1600) })).body).toBe('✓'.repeat(1600));
      await expectRestError(messages().create({ body: 'x'.repeat(1601) }), 400, 50504);
      await expectRestError(messages().create({}), 400, 50503);
      await expectRestError(messages().create({ body: '' }), 400, 50503);
      await expectRestError(messages().create({ author: 'alice', attributes: '{}' }), 400, 50503);
      expect(await count()).toBe(2);
      // A content template alone is a message.
      const templated = await messages().create({ contentSid: `HX${'ab'.repeat(16)}`, contentVariables: '{"1":"Ada"}' });
      expect(templated).toMatchObject({ body: null, contentSid: `HX${'ab'.repeat(16)}`, index: 2 });
    });

    it('attributes: over 4 KB is 50303, bad JSON 50304', async () => {
      const { messages, count } = await setup('attributes limits');
      const fourKb = JSON.stringify({ a: 'x'.repeat(4096 - 8) });
      expect((await messages().create({ body: 'ok', attributes: fourKb })).attributes).toBe(fourKb);
      await expectRestError(messages().create({ body: 'big', attributes: JSON.stringify({ a: 'x'.repeat(4096 - 7) }) }), 400, 50303);
      await expectRestError(messages().create({ body: 'bad', attributes: '{"a":' }), 400, 50304);
      expect(await count()).toBe(1);
    });

    it('MediaSid: unknown is 404 / 50507, malformed 400 / 50510; nothing stored', async () => {
      const { messages, count } = await setup('media sids');
      await expectRestError(messages().create({ mediaSid: `ME${'0'.repeat(32)}` }), 404, 50507);
      await expectRestError(messages().create({ body: 'with media', mediaSid: `ME${'0'.repeat(32)}` }), 404, 50507);
      await expectRestError(messages().create({ mediaSid: 'MEnot-a-sid' }), 400, 50510);
      await expectRestError(messages().create({ body: 'x', mediaSid: `IM${'0'.repeat(32)}` }), 400, 50510);
      expect(await count()).toBe(0);
    });

    it('a closed conversation refuses messages (50377) and stores nothing', async () => {
      const { conversation, conv, messages, count } = await setup('closed');
      await messages().create({ body: 'before' });
      await conv().update({ state: 'closed' });
      const err = await expectRestError(messages().create({ body: 'after' }), 400, 50377);
      expect(err.message).toContain(conversation.sid);
      expect(await count()).toBe(1);
      expect((await messages().list()).map((m) => m.body)).toEqual(['before']);
    });

    it('a message makes an inactive conversation active again', async () => {
      const { conv, messages } = await setup('inactive', { state: 'inactive' });
      expect((await conv().fetch()).state).toBe('inactive');
      await messages().create({ body: 'wake up' });
      expect((await conv().fetch()).state).toBe('active');
    });

    it('an unknown conversation is 404', async () => {
      const { client } = await setup('unknown');
      await expectRestError(client.conversations.v1.conversations(`CH${'0'.repeat(32)}`).messages.create({ body: 'x' }), 404, 20404);
      await expectRestError(client.conversations.v1.conversations('no-such-name').messages.list(), 404, 20404);
    });
  });

  describe('delivery', () => {
    it('a chat author and an SMS participant: delivery {total: 1} and one receipt for the SMS participant', async () => {
      const { conv, messages } = await setup('delivery one');
      await conv().participants.create({ identity: 'alice' });
      const sms = await conv().participants.create({ 'messagingBinding.address': phone(10), 'messagingBinding.proxyAddress': PROXY });
      const created = await messages().create({ author: 'alice', body: 'to the phone' });
      expect(created.delivery).toEqual({ total: 1, sent: 'none', delivered: 'none', read: 'none', failed: 'none', undelivered: 'none' });
      const receipts = await messages()(created.sid).deliveryReceipts.list();
      expect(receipts.map((r) => [r.participantSid, r.messageSid, r.conversationSid])).toEqual([
        [sms.sid, created.sid, created.conversationSid],
      ]);
      expect(receipts[0].sid).toMatch(/^DY[0-9a-f]{32}$/);
      expect((await messages()(created.sid).fetch()).delivery).toMatchObject({ total: 1 });
    });

    it('one receipt per non-chat participant other than the author', async () => {
      const { conv, messages } = await setup('delivery many');
      await conv().participants.create({ identity: 'alice' });
      const a = await conv().participants.create({ 'messagingBinding.address': phone(11), 'messagingBinding.proxyAddress': PROXY });
      const b = await conv().participants.create({ 'messagingBinding.address': phone(12), 'messagingBinding.proxyAddress': PROXY });
      const wa = await conv().participants.create({
        'messagingBinding.address': `whatsapp:${phone(13)}`,
        'messagingBinding.proxyAddress': `whatsapp:${PROXY}`,
      });

      const fromChat = await messages().create({ author: 'alice', body: 'to all phones' });
      expect(fromChat.delivery).toMatchObject({ total: 3 });
      expect((await messages()(fromChat.sid).deliveryReceipts.list()).map((r) => r.participantSid).sort()).toEqual(
        [a.sid, b.sid, wa.sid].sort(),
      );

      const fromSms = await messages().create({ author: phone(11), body: 'from a phone' });
      expect(fromSms.participantSid).toBe(a.sid);
      expect(fromSms.delivery).toMatchObject({ total: 2 });
      expect((await messages()(fromSms.sid).deliveryReceipts.list()).map((r) => r.participantSid).sort()).toEqual([b.sid, wa.sid].sort());

      const fromSystem = await messages().create({ body: 'from the system' });
      expect(fromSystem.delivery).toMatchObject({ total: 3 });
    });

    it('a pure chat conversation has delivery null and no receipts', async () => {
      const { conv, messages } = await setup('pure chat');
      await conv().participants.create({ identity: 'alice' });
      await conv().participants.create({ identity: 'bob' });
      const created = await messages().create({ author: 'alice', body: 'hi bob' });
      expect(created.delivery).toBeNull();
      expect(await messages()(created.sid).deliveryReceipts.list()).toEqual([]);
      expect((await messages()(created.sid).fetch()).delivery).toBeNull();
    });
  });

  describe('fetch, update, delete', () => {
    it('update: body, attributes, author (participant_sid follows it), date_updated set', async () => {
      const { conv, messages } = await setup('update');
      const alice = await conv().participants.create({ identity: 'alice' });
      const sms = await conv().participants.create({ 'messagingBinding.address': phone(20), 'messagingBinding.proxyAddress': PROXY });
      const created = await messages().create({ body: 'draft' });
      expect(created.dateUpdated).toBeNull();

      const byAlice = await messages()(created.sid).update({ author: 'alice', body: 'final', attributes: '{"edited":true}' });
      expect(byAlice).toMatchObject({
        sid: created.sid,
        index: 0,
        author: 'alice',
        participantSid: alice.sid,
        body: 'final',
        attributes: '{"edited":true}',
      });
      expect(byAlice.dateUpdated).toBeInstanceOf(Date);
      expect(byAlice.dateUpdated.getTime()).toBeGreaterThanOrEqual(created.dateCreated.getTime());
      expect(byAlice.dateCreated).toEqual(created.dateCreated);

      expect((await messages()(created.sid).update({ author: phone(20) })).participantSid).toBe(sms.sid);
      const byNobody = await messages()(created.sid).update({ author: 'nobody' });
      expect(byNobody).toMatchObject({ author: 'nobody', participantSid: null, body: 'final' });
      // The delivery summary moves on its own as the carrier reports (the SMS participant's number is
      // the test's own, so the send is not queued behind other tests' sends): compared apart.
      const fetched = (await messages()(created.sid).fetch()).toJSON();
      expect(fetched).toEqual({ ...byNobody.toJSON(), delivery: expect.objectContaining({ total: 1 }) });

      await expectRestError(messages()(created.sid).update({ body: 'x'.repeat(1601) }), 400, 50504);
      await expectRestError(messages()(created.sid).update({ attributes: 'nope' }), 400, 50304);
      expect((await messages()(created.sid).fetch()).body).toBe('final');
    });

    it('delete: 204, then gone', async () => {
      const { account, conversation, messages } = await setup('delete');
      const keep = await messages().create({ body: 'keep' });
      const drop = await messages().create({ body: 'drop' });
      const res = await raw(router, {
        method: 'DELETE',
        path: `/v1/Conversations/${conversation.sid}/Messages/${drop.sid}`,
        auth: [account.sid, account.authToken],
      });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      await expectRestError(messages()(drop.sid).fetch(), 404, 20404);
      await expectRestError(messages()(drop.sid).remove(), 404, 20404);
      expect(await messages()(keep.sid).remove()).toBe(true);
      expect(await messages().list()).toEqual([]);
    });

    it('a message is found only through its own conversation', async () => {
      const { client, messages } = await setup('wrong conversation');
      const other = await client.conversations.v1.conversations.create({ friendlyName: 'other' });
      const elsewhere = await client.conversations.v1.conversations(other.sid).messages.create({ body: 'not yours' });
      await expectRestError(messages()(elsewhere.sid).fetch(), 404, 20404);
      await expectRestError(messages()(elsewhere.sid).update({ body: 'changed' }), 404, 20404);
      await expectRestError(messages()(elsewhere.sid).remove(), 404, 20404);
      await expectRestError(messages()(elsewhere.sid).deliveryReceipts.list(), 404, 20404);
      expect((await client.conversations.v1.conversations(other.sid).messages(elsewhere.sid).fetch()).body).toBe('not yours');
    });

    it('works through the conversation unique name', async () => {
      const { client, conversation } = await setup('alias', { uniqueName: 'support-desk' });
      const byName = () => client.conversations.v1.conversations('support-desk').messages;
      const created = await byName().create({ body: 'by name' });
      expect(created.conversationSid).toBe(conversation.sid);
      expect(sids(await byName().list())).toEqual([created.sid]);
      expect((await byName()(created.sid).fetch()).body).toBe('by name');
      expect((await byName()(created.sid).update({ body: 'renamed' })).body).toBe('renamed');
      expect(await byName()(created.sid).remove()).toBe(true);
    });

    it('the service-scoped twin: chat_service_sid and scoped URLs', async () => {
      const account: TestAccount = await newAccount(router, 'scoped messages');
      const service = await account.client.conversations.v1.services.create({ friendlyName: 'scoped' });
      const conversation = await account.client.conversations.v1.services(service.sid).conversations.create({ friendlyName: 'in service' });
      const messages = () => account.client.conversations.v1.services(service.sid).conversations(conversation.sid).messages;
      const created = await messages().create({ body: 'scoped' });
      const url = `${router.baseUrl}/v1/Services/${service.sid}/Conversations/${conversation.sid}/Messages/${created.sid}`;
      expect(created).toMatchObject({
        chatServiceSid: service.sid,
        index: 0,
        url,
        links: { delivery_receipts: `${url}/Receipts`, channel_metadata: `${url}/ChannelMetadata` },
      });
      expect(sids(await messages().list())).toEqual([created.sid]);
      await expectRestError(account.client.conversations.v1.conversations(conversation.sid).messages(created.sid).fetch(), 404, 20404);
    });
  });

  describe('paging', () => {
    /** A conversation with `n` messages m0..m(n-1), created one after the other. */
    async function withMessages(name: string, n: number) {
      const ctx = await setup(name);
      const made: MessageInstance[] = [];
      for (let i = 0; i < n; i++) made.push(await ctx.messages().create({ body: `m${i}` }));
      return { ...ctx, made };
    }

    it('list() returns all 25 in both orders, pages of 4', async () => {
      const { messages, made } = await withMessages('list orders', 25);
      expect(indexes(made)).toEqual(range(0, 25));
      expect(sids(await messages().list({ pageSize: 4 }))).toEqual(sids(made));
      expect(sids(await messages().list({ pageSize: 4, order: 'asc' }))).toEqual(sids(made));
      expect(sids(await messages().list({ pageSize: 4, order: 'desc' }))).toEqual(sids(made).reverse());
      expect(indexes(await messages().list({ pageSize: 4, order: 'desc', limit: 6 }))).toEqual([24, 23, 22, 21, 20, 19]);
    });

    it('page() / nextPage() / previousPage() walk both ways and keep Order in the URLs', async () => {
      const { conversation, messages } = await withMessages('page walk', 25);
      const base = `${router.baseUrl}/v1/Conversations/${conversation.sid}/Messages`;
      for (const order of ['asc', 'desc'] as const) {
        const expected = order === 'asc' ? range(0, 25) : range(0, 25).reverse();
        let page: MessagesPage = await messages().page({ pageSize: 4, order });
        expect(page.previousPageUrl).toBeUndefined();
        const forward = [page];
        for (;;) {
          const next = page.nextPage();
          if (!next) break;
          expect(page.nextPageUrl).toMatch(new RegExp(`^${base}\\?Order=${order}&PageSize=4&Page=${forward.length}&PageToken=PT`));
          page = await next;
          forward.push(page);
        }
        expect(forward).toHaveLength(7);
        expect(forward.map((p) => indexes(p.instances))).toEqual(range(0, 7).map((i) => expected.slice(i * 4, i * 4 + 4)));

        // And back again from the last page to the first.
        const backward = [page];
        for (;;) {
          const previous = page.previousPage();
          if (!previous) break;
          expect(page.previousPageUrl).toContain(`Order=${order}`);
          page = await previous;
          backward.push(page);
        }
        expect(backward.map((p) => indexes(p.instances))).toEqual(forward.map((p) => indexes(p.instances)).reverse());
        // Going forwards again from a page reached backwards.
        expect(indexes((await backward[backward.length - 2].nextPage()!).instances)).toEqual(expected.slice(8, 12));
      }
    });

    it('Order is case-insensitive; a forged token is 400', async () => {
      const { account, conversation } = await withMessages('order case', 3);
      const res = await raw(router, {
        path: `/v1/Conversations/${conversation.sid}/Messages?Order=DESC&PageSize=2`,
        auth: [account.sid, account.authToken],
      });
      expect(res.status).toBe(200);
      expect((res.json as { messages: { index: number }[] }).messages.map((m) => m.index)).toEqual([2, 1]);
      const forged = await raw(router, {
        path: `/v1/Conversations/${conversation.sid}/Messages?PageToken=PTbogus`,
        auth: [account.sid, account.authToken],
      });
      expect(forged.status).toBe(400);
    });

    it('a PageToken of one conversation used on another never shows the first one’s messages', async () => {
      const { client, messages, made } = await withMessages('token leak', 10);
      const other = await client.conversations.v1.conversations.create({ friendlyName: 'other' });
      const otherMessages = () => client.conversations.v1.conversations(other.sid).messages;
      const theirs: MessageInstance[] = [];
      for (let i = 0; i < 6; i++) theirs.push(await otherMessages().create({ body: `o${i}` }));

      const first = await messages().page({ pageSize: 4 });
      const token = new URL(first.nextPageUrl!).searchParams.get('PageToken')!;
      const onOther = await otherMessages().page({ pageSize: 4, pageToken: token });
      expect(onOther.instances.every((m) => m.conversationSid === other.sid)).toBe(true);
      expect(sids(onOther.instances)).toEqual(sids(theirs.slice(4)));
      const mine = new Set(sids(made));
      expect(onOther.instances.some((m) => mine.has(m.sid))).toBe(false);
    });
  });
});
