import type twilio from 'twilio';
import type { ParticipantInstance } from 'twilio/lib/rest/conversations/v1/conversation/participant';
import { expectRestError, newAccount, raw, startRouter, uniqueNumber, type RunningRouter, type TestAccount } from './support';

/** The i-th of a series of distinct, valid US numbers. */
const phone = (i: number) => `+1555${String(2_000_000 + i).padStart(7, '0')}`;
const sids = (items: { sid: string }[]) => items.map((i) => i.sid);

/** Runs `task` for 0..count-1 with at most `width` calls in flight. */
async function pool<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

/** Proxy numbers of each test's own: a number belongs to the first account that uses it. */
let PROXY = '';
let WHATSAPP_PROXY = '';
beforeEach(() => {
  PROXY = uniqueNumber();
  WHATSAPP_PROXY = `whatsapp:${PROXY}`;
});

describe('/v1/Conversations/{CH}/Participants (e2e)', () => {
  let router: RunningRouter;

  beforeAll(async () => {
    router = await startRouter();
  });

  afterAll(async () => {
    await router?.close();
  });

  /** A fresh account and one conversation of it, with shortcuts to its participants. */
  async function setup(name: string) {
    const account = await newAccount(router, name);
    const conversation = await account.client.conversations.v1.conversations.create({ friendlyName: name });
    const participants = () => account.client.conversations.v1.conversations(conversation.sid).participants;
    const count = async () => (await participants().list()).length;
    return { account, client: account.client, conversation, participants, count };
  }

  const defaultConversationRole = async (client: twilio.Twilio, serviceSid?: string) => {
    const service = serviceSid ?? (await client.conversations.v1.configuration().fetch()).defaultChatServiceSid;
    return client.conversations.v1.services(service).configuration().fetch();
  };

  describe('shapes', () => {
    it('an SMS participant: messaging_binding {type sms, address, proxy_address}, the default role, nothing read', async () => {
      const { account, client, conversation, participants } = await setup('sms shape');
      const { defaultConversationRoleSid } = await defaultConversationRole(client);
      const before = Date.now();
      const created = await participants().create({ 'messagingBinding.address': phone(1), 'messagingBinding.proxyAddress': PROXY });
      const url = `${router.baseUrl}/v1/Conversations/${conversation.sid}/Participants/${created.sid}`;
      expect(created.toJSON()).toEqual({
        accountSid: account.sid,
        conversationSid: conversation.sid,
        sid: expect.stringMatching(/^MB[0-9a-f]{32}$/),
        identity: null,
        attributes: '{}',
        messagingBinding: { type: 'sms', address: phone(1), proxy_address: PROXY },
        roleSid: defaultConversationRoleSid,
        dateCreated: expect.any(Date),
        dateUpdated: expect.any(Date),
        url,
        lastReadMessageIndex: null,
        lastReadTimestamp: null,
      });
      expect(created.dateCreated.getTime()).toBeGreaterThan(before - 2_000);
      expect(created.dateUpdated).toEqual(created.dateCreated);

      // The wire shape: exactly the example's keys, no chat_service_sid outside the service-scoped path.
      const res = await raw(router, {
        path: `/v1/Conversations/${conversation.sid}/Participants/${created.sid}`,
        auth: [account.sid, account.authToken],
      });
      expect(res.status).toBe(200);
      const body = res.json as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(
        [
          'account_sid',
          'conversation_sid',
          'sid',
          'identity',
          'attributes',
          'messaging_binding',
          'role_sid',
          'date_created',
          'date_updated',
          'url',
          'last_read_message_index',
          'last_read_timestamp',
        ].sort(),
      );
      expect(body.date_created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    });

    it('a WhatsApp participant: the type follows the whatsapp: prefix', async () => {
      const { participants } = await setup('whatsapp shape');
      const created = await participants().create({
        'messagingBinding.address': `whatsapp:${phone(2)}`,
        'messagingBinding.proxyAddress': WHATSAPP_PROXY,
      });
      expect(created.identity).toBeNull();
      expect(created.messagingBinding).toEqual({ type: 'whatsapp', address: `whatsapp:${phone(2)}`, proxy_address: WHATSAPP_PROXY });
      expect((await participants()(created.sid).fetch()).messagingBinding).toEqual(created.messagingBinding);
    });

    it('a chat participant: identity, messaging_binding null, the default role', async () => {
      const { client, participants } = await setup('chat shape');
      const { defaultConversationRoleSid } = await defaultConversationRole(client);
      const created = await participants().create({ identity: 'alice', attributes: JSON.stringify({ team: 'blue' }) });
      expect(created).toMatchObject({
        identity: 'alice',
        messagingBinding: null,
        attributes: '{"team":"blue"}',
        roleSid: defaultConversationRoleSid,
        lastReadMessageIndex: null,
        lastReadTimestamp: null,
      });
    });

    it('a given conversation role is kept; an unknown role, or a service role, is 50109 and nothing is added', async () => {
      const { client, participants, count } = await setup('roles');
      const roles = await defaultConversationRole(client);
      const withRole = await participants().create({ identity: 'admin', roleSid: roles.defaultConversationCreatorRoleSid });
      expect(withRole.roleSid).toBe(roles.defaultConversationCreatorRoleSid);

      await expectRestError(participants().create({ identity: 'ghost', roleSid: `RL${'0'.repeat(32)}` }), 400, 50109);
      await expectRestError(participants().create({ identity: 'ghost', roleSid: roles.defaultChatServiceRoleSid }), 400, 50109);
      await expectRestError(participants().create({ identity: 'ghost', roleSid: 'RLnot-a-sid' }), 400, 50109);
      await expectRestError(participants()('admin').update({ roleSid: `RL${'0'.repeat(32)}` }), 400, 50109);
      expect(await count()).toBe(1);
      expect((await participants()('admin').fetch()).roleSid).toBe(roles.defaultConversationCreatorRoleSid);
    });
  });

  describe('fetch, update, delete by SID and by identity', () => {
    it('fetches by MB SID and by identity alias', async () => {
      const { participants } = await setup('fetch');
      const alice = await participants().create({ identity: 'alice' });
      const sms = await participants().create({ 'messagingBinding.address': phone(3), 'messagingBinding.proxyAddress': PROXY });
      expect((await participants()(alice.sid).fetch()).toJSON()).toEqual(alice.toJSON());
      expect((await participants()('alice').fetch()).toJSON()).toEqual(alice.toJSON());
      expect((await participants()(sms.sid).fetch()).toJSON()).toEqual(sms.toJSON());
      await expectRestError(participants()('bob').fetch(), 404, 20404);
      await expectRestError(participants()(`MB${'0'.repeat(32)}`).fetch(), 404, 20404);
    });

    it('updates attributes, by SID and by identity; date_updated moves', async () => {
      const { participants } = await setup('update attributes');
      const alice = await participants().create({ identity: 'alice' });
      const bySid = await participants()(alice.sid).update({ attributes: JSON.stringify({ n: 1 }) });
      expect(bySid.attributes).toBe('{"n":1}');
      const byIdentity = await participants()('alice').update({ attributes: JSON.stringify({ n: 2, ü: '✓' }) });
      expect(byIdentity).toMatchObject({ sid: alice.sid, identity: 'alice', attributes: '{"n":2,"ü":"✓"}' });
      expect(byIdentity.dateUpdated.getTime()).toBeGreaterThanOrEqual(alice.dateUpdated.getTime());
      expect(byIdentity.dateCreated).toEqual(alice.dateCreated);
      expect((await participants()(alice.sid).fetch()).attributes).toBe('{"n":2,"ü":"✓"}');
    });

    it('attributes: bad JSON is 50304, over 4 KB is 50303, exactly 4 KB is fine; nothing changes on error', async () => {
      const { participants } = await setup('attributes limits');
      const alice = await participants().create({ identity: 'alice', attributes: '{"kept":true}' });
      await expectRestError(participants()(alice.sid).update({ attributes: '{not json' }), 400, 50304);
      const fourKb = JSON.stringify({ a: 'x'.repeat(4096 - 8) });
      expect(Buffer.byteLength(fourKb)).toBe(4096);
      const tooBig = JSON.stringify({ a: 'x'.repeat(4096 - 7) });
      await expectRestError(participants()(alice.sid).update({ attributes: tooBig }), 400, 50303);
      await expectRestError(participants().create({ identity: 'bob', attributes: tooBig }), 400, 50303);
      await expectRestError(participants().create({ identity: 'bob', attributes: '[1,' }), 400, 50304);
      expect((await participants()(alice.sid).fetch()).attributes).toBe('{"kept":true}');
      expect(sids(await participants().list())).toEqual([alice.sid]);
      expect((await participants()(alice.sid).update({ attributes: fourKb })).attributes).toBe(fourKb);
    });

    it('LastReadMessageIndex and LastReadTimestamp; a negative index is 50421', async () => {
      const { participants } = await setup('read horizon');
      const alice = await participants().create({ identity: 'alice' });
      const before = Date.now();
      const read = await participants()('alice').update({ lastReadMessageIndex: 5 });
      expect(read.lastReadMessageIndex).toBe(5);
      // The index alone stamps the time it was read.
      expect(Date.parse(read.lastReadTimestamp)).toBeGreaterThan(before - 2_000);
      expect(Date.parse(read.lastReadTimestamp)).toBeLessThan(Date.now() + 2_000);

      const stamped = await participants()(alice.sid).update({ lastReadTimestamp: '2024-05-06T07:08:09Z' });
      expect(stamped).toMatchObject({ lastReadMessageIndex: 5, lastReadTimestamp: '2024-05-06T07:08:09Z' });

      await expectRestError(participants()(alice.sid).update({ lastReadMessageIndex: -1 }), 400, 50421);
      expect(await participants()(alice.sid).fetch()).toMatchObject({ lastReadMessageIndex: 5, lastReadTimestamp: '2024-05-06T07:08:09Z' });
    });

    it('deletes by MB SID and by identity alias', async () => {
      const { participants } = await setup('delete');
      const alice = await participants().create({ identity: 'alice' });
      const bob = await participants().create({ identity: 'bob' });
      const sms = await participants().create({ 'messagingBinding.address': phone(4), 'messagingBinding.proxyAddress': PROXY });
      expect(await participants()('alice').remove()).toBe(true);
      expect(await participants()(sms.sid).remove()).toBe(true);
      await expectRestError(participants()(alice.sid).fetch(), 404, 20404);
      await expectRestError(participants()('alice').remove(), 404, 20404);
      await expectRestError(participants()(sms.sid).remove(), 404, 20404);
      expect(sids(await participants().list())).toEqual([bob.sid]);
      // The identity can join again: a new participant.
      const again = await participants().create({ identity: 'alice' });
      expect(again.sid).not.toBe(alice.sid);
    });

    it('a participant of another conversation is not found through this one', async () => {
      const { client, participants } = await setup('wrong conversation');
      const other = await client.conversations.v1.conversations.create({ friendlyName: 'other' });
      const elsewhere = await client.conversations.v1.conversations(other.sid).participants.create({ identity: 'carol' });
      await expectRestError(participants()(elsewhere.sid).fetch(), 404, 20404);
      await expectRestError(participants()('carol').fetch(), 404, 20404);
      await expectRestError(participants()(elsewhere.sid).update({ attributes: '{}' }), 404, 20404);
      await expectRestError(participants()(elsewhere.sid).remove(), 404, 20404);
      expect((await client.conversations.v1.conversations(other.sid).participants(elsewhere.sid).fetch()).identity).toBe('carol');
    });
  });

  describe('create rules', () => {
    it('the same identity twice is 409 / 50433', async () => {
      const { participants } = await setup('identity twice');
      const alice = await participants().create({ identity: 'alice' });
      await expectRestError(participants().create({ identity: 'alice' }), 409, 50433);
      expect(sids(await participants().list())).toEqual([alice.sid]);
    });

    it('renaming a chat participant to an identity already present is 50433; an SMS participant takes no identity (50211)', async () => {
      const { participants } = await setup('rename');
      await participants().create({ identity: 'alice' });
      const bob = await participants().create({ identity: 'bob' });
      const sms = await participants().create({ 'messagingBinding.address': phone(10), 'messagingBinding.proxyAddress': PROXY });
      await expectRestError(participants()('bob').update({ identity: 'alice' }), 409, 50433);
      await expectRestError(participants()(sms.sid).update({ identity: 'carol' }), 400, 50211);
      expect((await participants()(bob.sid).fetch()).identity).toBe('bob');
      expect((await participants()(sms.sid).fetch()).identity).toBeNull();
      const renamed = await participants()('bob').update({ identity: 'robert' });
      expect(renamed).toMatchObject({ sid: bob.sid, identity: 'robert' });
      expect((await participants()('robert').fetch()).sid).toBe(bob.sid);
      await expectRestError(participants()('bob').fetch(), 404, 20404);
    });

    it("renaming to an identity that takes part in as many conversations as the service's Limits.UserChannels is 50214", async () => {
      const { client, participants } = await setup('rename over the limit');
      const serviceSid = (await client.conversations.v1.configuration().fetch()).defaultChatServiceSid;
      await client.chat.v2.services(serviceSid).update({ 'limits.userChannels': 1 });
      const elsewhere = await client.conversations.v1.conversations.create({ friendlyName: 'elsewhere' });
      await client.conversations.v1.conversations(elsewhere.sid).participants.create({ identity: 'busy' });
      const bob = await participants().create({ identity: 'bob' });
      await expectRestError(participants()(bob.sid).update({ identity: 'busy' }), 400, 50214);
      expect((await participants()(bob.sid).fetch()).identity).toBe('bob');
      expect((await participants()(bob.sid).update({ identity: 'free' })).identity).toBe('free');
    });

    it('Identity together with MessagingBinding.Address is 50211', async () => {
      const { participants, count } = await setup('identity and address');
      await expectRestError(
        participants().create({ identity: 'alice', 'messagingBinding.address': phone(5), 'messagingBinding.proxyAddress': PROXY }),
        400,
        50211,
      );
      await expectRestError(participants().create({ identity: 'alice', 'messagingBinding.address': phone(5) }), 400, 50211);
      expect(await count()).toBe(0);
    });

    it('address rules: equal to proxy 50409, sms vs whatsapp 50414, bad E.164 50407 / 50408, missing proxy 50412, missing address 50411', async () => {
      const { participants, count } = await setup('address rules');
      const add = (address: string | undefined, proxyAddress: string | undefined) =>
        participants().create({
          ...(address === undefined ? {} : { 'messagingBinding.address': address }),
          ...(proxyAddress === undefined ? {} : { 'messagingBinding.proxyAddress': proxyAddress }),
        });
      await expectRestError(add(PROXY, PROXY), 400, 50409);
      await expectRestError(add(`whatsapp:${phone(6)}`, `whatsapp:${phone(6)}`), 400, 50409);
      await expectRestError(add(phone(6), WHATSAPP_PROXY), 400, 50414);
      await expectRestError(add(`whatsapp:${phone(6)}`, PROXY), 400, 50414);
      await expectRestError(add('not a number', PROXY), 400, 50407);
      await expectRestError(add('15558675310', PROXY), 400, 50407);
      await expectRestError(add('+1', PROXY), 400, 50407);
      await expectRestError(add(phone(6), 'not a number'), 400, 50408);
      await expectRestError(add(phone(6), '+0123'), 400, 50408);
      await expectRestError(add(phone(6), undefined), 400, 50412);
      await expectRestError(add(undefined, PROXY), 400, 50411);
      expect(await count()).toBe(0);
      // And the valid pair goes in.
      expect((await add(phone(6), PROXY)).messagingBinding).toEqual({ type: 'sms', address: phone(6), proxy_address: PROXY });
    });

    it('removing the participant frees the pair for another conversation', async () => {
      const { client, participants } = await setup('remove frees');
      const other = await client.conversations.v1.conversations.create({ friendlyName: 'other' });
      const pair = { 'messagingBinding.address': phone(7), 'messagingBinding.proxyAddress': PROXY };
      const first = await participants().create(pair);
      const err = await expectRestError(client.conversations.v1.conversations(other.sid).participants.create(pair), 409, 50416);
      expect(err.message).toContain(first.conversationSid);
      await participants()(first.sid).remove();
      const moved = await client.conversations.v1.conversations(other.sid).participants.create(pair);
      expect(moved.conversationSid).toBe(other.sid);
      // Now the first conversation is the one refused.
      const back = await expectRestError(participants().create(pair), 409, 50416);
      expect(back.message).toBe(`A binding for this participant and proxy address already exists in Conversation ${other.sid}`);
    });

    it('closing the conversation frees the pair; a closed conversation refuses new participants (50377)', async () => {
      const { client, conversation, participants } = await setup('close frees');
      const pair = { 'messagingBinding.address': `whatsapp:${phone(8)}`, 'messagingBinding.proxyAddress': WHATSAPP_PROXY };
      const held = await participants().create(pair);
      await client.conversations.v1.conversations(conversation.sid).update({ state: 'closed' });

      const next = await client.conversations.v1.conversations.create({ friendlyName: 'next' });
      const taken = await client.conversations.v1.conversations(next.sid).participants.create(pair);
      expect(taken.conversationSid).toBe(next.sid);

      // The closed conversation keeps its history but takes no one new.
      expect(sids(await participants().list())).toEqual([held.sid]);
      await expectRestError(participants().create({ identity: 'late' }), 400, 50377);
      await expectRestError(
        participants().create({ 'messagingBinding.address': phone(9), 'messagingBinding.proxyAddress': PROXY }),
        400,
        50377,
      );
      expect(sids(await participants().list())).toEqual([held.sid]);
    });
  });

  describe('limits', () => {
    it('at most 50 non-chat participants (50418); chat participants still join', async () => {
      const { participants, count } = await setup('non-chat limit');
      await pool(50, 4, (i) =>
        participants().create({ 'messagingBinding.address': phone(100 + i), 'messagingBinding.proxyAddress': PROXY }),
      );
      expect(await count()).toBe(50);
      await expectRestError(
        participants().create({ 'messagingBinding.address': phone(150), 'messagingBinding.proxyAddress': PROXY }),
        400,
        50418,
      );
      await expectRestError(
        participants().create({ 'messagingBinding.address': `whatsapp:${phone(151)}`, 'messagingBinding.proxyAddress': WHATSAPP_PROXY }),
        400,
        50418,
      );
      expect(await count()).toBe(50);
      expect((await participants().create({ identity: 'chat-user' })).identity).toBe('chat-user');
      expect(await count()).toBe(51);
    });

    it('at most 1000 participants (50417)', async () => {
      const { participants, count } = await setup('participant limit');
      await pool(1000, 8, (i) => participants().create({ identity: `user-${i}` }));
      expect(await count()).toBe(1000);
      await expectRestError(participants().create({ identity: 'one-too-many' }), 400, 50417);
      await expectRestError(
        participants().create({ 'messagingBinding.address': phone(200), 'messagingBinding.proxyAddress': PROXY }),
        400,
        50417,
      );
      expect(await count()).toBe(1000);
    }, 90_000);
  });

  describe('list', () => {
    it('pages of 2, in creation order, forwards and backwards', async () => {
      const { participants } = await setup('paging');
      const made: ParticipantInstance[] = [];
      for (let i = 0; i < 5; i++) {
        made.push(
          i % 2 === 0
            ? await participants().create({ identity: `p${i}` })
            : await participants().create({ 'messagingBinding.address': phone(300 + i), 'messagingBinding.proxyAddress': PROXY }),
        );
      }
      expect(sids(await participants().list({ pageSize: 2 }))).toEqual(sids(made));
      expect(sids(await participants().list({ pageSize: 2, limit: 3 }))).toEqual(sids(made.slice(0, 3)));

      const page1 = await participants().page({ pageSize: 2 });
      expect(sids(page1.instances)).toEqual(sids(made.slice(0, 2)));
      expect(page1.previousPageUrl).toBeUndefined();
      const page2 = await page1.nextPage()!;
      expect(sids(page2.instances)).toEqual(sids(made.slice(2, 4)));
      const page3 = await page2.nextPage()!;
      expect(sids(page3.instances)).toEqual(sids(made.slice(4)));
      expect(page3.nextPage()).toBeUndefined();
      expect(sids((await page3.previousPage()!).instances)).toEqual(sids(made.slice(2, 4)));
      expect(sids((await page2.previousPage()!).instances)).toEqual(sids(made.slice(0, 2)));
      expect(page2.nextPageUrl).toMatch(
        new RegExp(`^${router.baseUrl}/v1/Conversations/CH[0-9a-f]{32}/Participants\\?PageSize=2&Page=2&PageToken=`),
      );
    });

    it('the list of an unknown conversation is 404', async () => {
      const { client } = await setup('unknown list');
      await expectRestError(client.conversations.v1.conversations(`CH${'0'.repeat(32)}`).participants.list(), 404, 20404);
      await expectRestError(client.conversations.v1.conversations('no-such-name').participants.create({ identity: 'x' }), 404, 20404);
    });

    it('works through the conversation unique name', async () => {
      const { client } = await setup('unique name alias');
      const conversation = await client.conversations.v1.conversations.create({ uniqueName: 'front-desk' });
      const alice = await client.conversations.v1.conversations('front-desk').participants.create({ identity: 'alice' });
      expect(alice.conversationSid).toBe(conversation.sid);
      expect(sids(await client.conversations.v1.conversations('front-desk').participants.list())).toEqual([alice.sid]);
      expect((await client.conversations.v1.conversations('front-desk').participants('alice').fetch()).sid).toBe(alice.sid);
    });
  });

  describe('service-scoped twins', () => {
    it('/v1/Services/{IS}/Conversations/{CH}/Participants: chat_service_sid, scoped URLs, the service’s role', async () => {
      const account: TestAccount = await newAccount(router, 'scoped participants');
      const { client } = account;
      const service = await client.conversations.v1.services.create({ friendlyName: 'scoped' });
      const { defaultConversationRoleSid } = await defaultConversationRole(client, service.sid);
      const conversation = await client.conversations.v1.services(service.sid).conversations.create({ friendlyName: 'in service' });
      const participants = () => client.conversations.v1.services(service.sid).conversations(conversation.sid).participants;
      const base = `${router.baseUrl}/v1/Services/${service.sid}/Conversations/${conversation.sid}/Participants`;

      const sms = await participants().create({ 'messagingBinding.address': phone(400), 'messagingBinding.proxyAddress': PROXY });
      const alice = await participants().create({ identity: 'alice' });
      expect(sms.toJSON()).toMatchObject({
        accountSid: account.sid,
        chatServiceSid: service.sid,
        conversationSid: conversation.sid,
        messagingBinding: { type: 'sms', address: phone(400), proxy_address: PROXY },
        roleSid: defaultConversationRoleSid,
        url: `${base}/${sms.sid}`,
      });
      expect(alice).toMatchObject({
        chatServiceSid: service.sid,
        identity: 'alice',
        url: `${base}/${alice.sid}`,
        roleSid: defaultConversationRoleSid,
      });

      const res = await raw(router, {
        path: `/v1/Services/${service.sid}/Conversations/${conversation.sid}/Participants/${alice.sid}`,
        auth: [account.sid, account.authToken],
      });
      expect(res.json).toMatchObject({ chat_service_sid: service.sid, url: `${base}/${alice.sid}` });

      expect((await participants()('alice').fetch()).sid).toBe(alice.sid);
      expect((await participants()('alice').update({ attributes: '{"x":1}' })).attributes).toBe('{"x":1}');
      const page = await participants().page({ pageSize: 1 });
      expect(sids(page.instances)).toEqual([sms.sid]);
      expect(page.nextPageUrl).toMatch(new RegExp(`^${base}\\?PageSize=1&Page=1&PageToken=`));
      expect(sids(await participants().list({ pageSize: 1 }))).toEqual([sms.sid, alice.sid]);

      // The default-service path does not reach a conversation of another service.
      await expectRestError(client.conversations.v1.conversations(conversation.sid).participants.list(), 404, 20404);
      await expectRestError(client.conversations.v1.conversations(conversation.sid).participants(alice.sid).fetch(), 404, 20404);

      // Pairs are unique per account, whatever the service.
      const elsewhere = await client.conversations.v1.conversations.create({ friendlyName: 'default service' });
      const err = await expectRestError(
        client.conversations.v1
          .conversations(elsewhere.sid)
          .participants.create({ 'messagingBinding.address': phone(400), 'messagingBinding.proxyAddress': PROXY }),
        409,
        50416,
      );
      expect(err.message).toContain(conversation.sid);

      expect(await participants()(sms.sid).remove()).toBe(true);
      expect(sids(await participants().list())).toEqual([alice.sid]);
    });
  });
});
