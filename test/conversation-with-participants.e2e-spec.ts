import type twilio from 'twilio';
import { errorOf, expectRestError, newAccount, raw, startRouter, uniqueNumber, type RunningRouter, type TestAccount } from './support';

const phone = (i: number) => `+1555${String(3_000_000 + i).padStart(7, '0')}`;
const item = (value: object) => JSON.stringify(value);
const sms = (i: number) => item({ messaging_binding: { address: phone(i), proxy_address: PROXY } });
const chat = (identity: string) => item({ identity });

/** HTTP status of the last response the official client received. */
const lastStatus = (client: twilio.Twilio) => client.httpClient.lastResponse?.statusCode;

/** Proxy numbers of each test's own: a number belongs to the first account that uses it. */
let PROXY = '';
let WHATSAPP_PROXY = '';
beforeEach(() => {
  PROXY = uniqueNumber();
  WHATSAPP_PROXY = `whatsapp:${PROXY}`;
});

describe('/v1/ConversationWithParticipants (e2e)', () => {
  let router: RunningRouter;

  beforeAll(async () => {
    router = await startRouter();
  });

  afterAll(async () => {
    await router?.close();
  });

  const create = (account: TestAccount) => account.client.conversations.v1.conversationWithParticipants;
  const conversations = (account: TestAccount) => account.client.conversations.v1.conversations;
  const listSids = async (account: TestAccount) => (await conversations(account).list()).map((c) => c.sid);

  it('without participants: 201 and the conversation, its links without export', async () => {
    const account = await newAccount(router, 'cwp empty');
    const serviceSid = (await account.client.conversations.v1.configuration().fetch()).defaultChatServiceSid;
    const created = await create(account).create({ friendlyName: 'empty', attributes: '{ "topic": "feedback" }' });
    expect(lastStatus(account.client)).toBe(201);
    const url = `${router.baseUrl}/v1/Conversations/${created.sid}`;
    expect(created.toJSON()).toMatchObject({
      sid: expect.stringMatching(/^CH[0-9a-f]{32}$/),
      accountSid: account.sid,
      chatServiceSid: serviceSid,
      friendlyName: 'empty',
      uniqueName: null,
      attributes: '{ "topic": "feedback" }',
      state: 'active',
      timers: {},
      bindings: {},
      url,
      links: { participants: `${url}/Participants`, messages: `${url}/Messages`, webhooks: `${url}/Webhooks` },
    });
    expect(await listSids(account)).toEqual([created.sid]);
    expect(await conversations(account)(created.sid).participants.list()).toEqual([]);

    const res = await raw(router, {
      path: '/v1/ConversationWithParticipants',
      auth: [account.sid, account.authToken],
      form: [['FriendlyName', 'raw']],
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.json as object).sort()).toEqual(
      [
        'sid',
        'account_sid',
        'chat_service_sid',
        'messaging_service_sid',
        'friendly_name',
        'unique_name',
        'attributes',
        'date_created',
        'date_updated',
        'state',
        'timers',
        'bindings',
        'links',
        'url',
      ].sort(),
    );
  });

  it('with ten participants: 202, all of them added with their fields', async () => {
    const account = await newAccount(router, 'cwp ten');
    const roles = await account.client.conversations.v1
      .services((await account.client.conversations.v1.configuration().fetch()).defaultChatServiceSid)
      .configuration()
      .fetch();
    const participant = [
      item({ identity: 'alice', attributes: '{"vip":true}', role_sid: roles.defaultConversationCreatorRoleSid }),
      item({ identity: 'bob', attributes: { nested: 1 } }),
      chat('carol'),
      chat('dave'),
      sms(1),
      sms(2),
      sms(3),
      item({ messaging_binding: { address: `whatsapp:${phone(4)}`, proxy_address: WHATSAPP_PROXY } }),
      item({ messaging_binding: { address: `whatsapp:${phone(5)}`, proxy_address: WHATSAPP_PROXY } }),
      chat('erin'),
    ];
    const created = await create(account).create({
      friendlyName: 'ten',
      uniqueName: 'ten-of-them',
      state: 'inactive',
      'timers.closed': 'PT1H',
      participant,
    });
    expect(lastStatus(account.client)).toBe(202);
    expect(created).toMatchObject({ friendlyName: 'ten', uniqueName: 'ten-of-them', state: 'inactive' });
    expect(Object.keys(created.timers as object)).toEqual(['date_closed']);

    const added = await conversations(account)('ten-of-them').participants.list();
    expect(added).toHaveLength(10);
    // Added in one transaction, several share a creation time: pages of 3 still see each one once, in the same order.
    const paged = await conversations(account)('ten-of-them').participants.list({ pageSize: 3 });
    expect(paged.map((p) => p.sid)).toEqual(added.map((p) => p.sid));
    const byKey = new Map(added.map((p) => [p.identity ?? (p.messagingBinding as { address: string }).address, p]));
    expect(byKey.get('alice')).toMatchObject({
      conversationSid: created.sid,
      attributes: '{"vip":true}',
      roleSid: roles.defaultConversationCreatorRoleSid,
      messagingBinding: null,
    });
    expect(byKey.get('bob')).toMatchObject({ attributes: '{"nested":1}', roleSid: roles.defaultConversationRoleSid });
    expect(byKey.get(phone(2))?.messagingBinding).toEqual({ type: 'sms', address: phone(2), proxy_address: PROXY });
    expect(byKey.get(`whatsapp:${phone(5)}`)?.messagingBinding).toEqual({
      type: 'whatsapp',
      address: `whatsapp:${phone(5)}`,
      proxy_address: WHATSAPP_PROXY,
    });
    expect([...byKey.keys()].sort()).toEqual(
      ['alice', 'bob', 'carol', 'dave', 'erin', phone(1), phone(2), phone(3), `whatsapp:${phone(4)}`, `whatsapp:${phone(5)}`].sort(),
    );

    // The pairs are bound: another conversation cannot take one.
    const other = await conversations(account).create({ friendlyName: 'other' });
    const err = await expectRestError(
      conversations(account)(other.sid).participants.create({
        'messagingBinding.address': phone(3),
        'messagingBinding.proxyAddress': PROXY,
      }),
      409,
      50416,
    );
    expect(err.message).toBe(`A binding for this participant and proxy address already exists in Conversation ${created.sid}`);
  });

  it('eleven participants is 400 / 50426 and nothing is written', async () => {
    const account = await newAccount(router, 'cwp eleven');
    const participant = Array.from({ length: 11 }, (_, i) => chat(`user-${i}`));
    await expectRestError(create(account).create({ friendlyName: 'too many', participant }), 400, 50426);
    expect(await listSids(account)).toEqual([]);
    expect(await account.client.conversations.v1.participantConversations.list({ identity: 'user-0' })).toEqual([]);
  });

  it('a pair held by another conversation is 409 / 50425 and nothing is written', async () => {
    const account = await newAccount(router, 'cwp pair in use');
    const holder = await conversations(account).create({ friendlyName: 'holder' });
    await conversations(account)(holder.sid).participants.create({
      'messagingBinding.address': phone(10),
      'messagingBinding.proxyAddress': PROXY,
    });

    const err = await expectRestError(
      create(account).create({ friendlyName: 'loser', uniqueName: 'wanted-name', participant: [chat('alice'), sms(11), sms(10)] }),
      409,
      50425,
    );
    expect(err.message).toContain(phone(10));
    expect(err.message).toContain(holder.sid);

    // No conversation, no participant, no binding, no unique name taken.
    expect(await listSids(account)).toEqual([holder.sid]);
    expect(await account.client.conversations.v1.participantConversations.list({ identity: 'alice' })).toEqual([]);
    expect(await account.client.conversations.v1.participantConversations.list({ address: phone(11) })).toEqual([]);
    expect(
      (await account.client.conversations.v1.participantConversations.list({ address: phone(10) })).map((r) => r.conversationSid),
    ).toEqual([holder.sid]);
    const later = await conversations(account).create({ uniqueName: 'wanted-name' });
    expect(
      (
        await conversations(account)(later.sid).participants.create({
          'messagingBinding.address': phone(11),
          'messagingBinding.proxyAddress': PROXY,
        })
      ).conversationSid,
    ).toBe(later.sid);
  });

  it('the same identity twice in one request is 50433 and nothing is written', async () => {
    const account = await newAccount(router, 'cwp identity twice');
    await expectRestError(
      create(account).create({ friendlyName: 'twice', participant: [chat('alice'), sms(20), chat('alice')] }),
      409,
      50433,
    );
    expect(await listSids(account)).toEqual([]);
    expect(await account.client.conversations.v1.participantConversations.list({ address: phone(20) })).toEqual([]);
  });

  it('the same pair twice in one request is refused and nothing is written', async () => {
    const account = await newAccount(router, 'cwp pair twice');
    await expectRestError(create(account).create({ participant: [sms(21), sms(21)] }), 400, 20001);
    expect(await listSids(account)).toEqual([]);
  });

  it('an item that is not a JSON object, or breaks a participant rule, is a 400 and nothing is written', async () => {
    const account = await newAccount(router, 'cwp bad items');
    for (const bad of [
      '{"identity":',
      'alice',
      '"alice"',
      '[{"identity":"alice"}]',
      item({ identity: 'a', bogus: 1 }),
      item({ messaging_binding: 'x' }),
    ]) {
      const err = await expectRestError(create(account).create({ friendlyName: 'bad', participant: [chat('fine'), bad] }), 400, 20001);
      expect(err.message).toContain('Participant');
    }
    await expectRestError(
      create(account).create({ participant: [item({ identity: 'a', messaging_binding: { address: phone(30), proxy_address: PROXY } })] }),
      400,
      50211,
    );
    await expectRestError(
      create(account).create({ participant: [item({ messaging_binding: { address: PROXY, proxy_address: PROXY } })] }),
      400,
      50409,
    );
    await expectRestError(
      create(account).create({ participant: [item({ messaging_binding: { address: phone(30), proxy_address: WHATSAPP_PROXY } })] }),
      400,
      50414,
    );
    await expectRestError(create(account).create({ participant: [item({ messaging_binding: { address: phone(30) } })] }), 400, 50412);
    await expectRestError(create(account).create({ participant: [item({ identity: 'a', attributes: '{nope' })] }), 400, 50304);
    await expectRestError(create(account).create({ participant: [item({ identity: 'a', role_sid: `RL${'0'.repeat(32)}` })] }), 400, 50109);
    expect(await listSids(account)).toEqual([]);

    // Malformed by hand: the raw body is refused the same way.
    const res = await raw(router, {
      path: '/v1/ConversationWithParticipants',
      auth: [account.sid, account.authToken],
      form: [['Participant', '{oops']],
    });
    expect(res.status).toBe(400);
    expect(errorOf(res).code).toBe(20001);
    expect(await listSids(account)).toEqual([]);
  });

  it('the service-scoped twin creates in that service, with scoped links', async () => {
    const account = await newAccount(router, 'cwp scoped');
    const service = await account.client.conversations.v1.services.create({ friendlyName: 'scoped' });
    const created = await account.client.conversations.v1.services(service.sid).conversationWithParticipants.create({
      friendlyName: 'in service',
      participant: [chat('alice'), sms(40)],
    });
    expect(lastStatus(account.client)).toBe(202);
    const url = `${router.baseUrl}/v1/Services/${service.sid}/Conversations/${created.sid}`;
    expect(created).toMatchObject({
      chatServiceSid: service.sid,
      url,
      links: { participants: `${url}/Participants`, messages: `${url}/Messages`, webhooks: `${url}/Webhooks` },
    });
    const participants = await account.client.conversations.v1.services(service.sid).conversations(created.sid).participants.list();
    expect(participants.map((p) => p.identity ?? (p.messagingBinding as { address: string }).address).sort()).toEqual(
      ['alice', phone(40)].sort(),
    );
    expect(participants.every((p) => p.chatServiceSid === service.sid)).toBe(true);
    // Not in the default service.
    expect(await listSids(account)).toEqual([]);
    await expectRestError(conversations(account)(created.sid).fetch(), 404, 20404);
  });
});
