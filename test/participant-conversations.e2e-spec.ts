import type { ParticipantConversationInstance } from 'twilio/lib/rest/conversations/v1/participantConversation';
import { expectRestError, newAccount, raw, startRouter, uniqueNumber, type RunningRouter, type TestAccount } from './support';

const ADDRESS = '+15558675310';
const WHATSAPP = 'whatsapp:+15558675310';

const conversationSids = (items: ParticipantConversationInstance[]) => items.map((i) => i.conversationSid);

interface ListBody {
  conversations: Record<string, unknown>[];
  meta: {
    page: number;
    page_size: number;
    first_page_url: string;
    previous_page_url: string | null;
    url: string;
    next_page_url: string | null;
    key: string;
  };
}

/** Proxy numbers of each test's own: a number belongs to the first account that uses it. */
let PROXY = '';
let OTHER_PROXY = '';
let WHATSAPP_PROXY = '';
beforeEach(() => {
  PROXY = uniqueNumber();
  OTHER_PROXY = uniqueNumber();
  WHATSAPP_PROXY = `whatsapp:${PROXY}`;
});

describe('/v1/ParticipantConversations (e2e)', () => {
  let router: RunningRouter;

  beforeAll(async () => {
    router = await startRouter();
  });

  afterAll(async () => {
    await router?.close();
  });

  const conversationsOf = (account: TestAccount) => account.client.conversations.v1.conversations;
  const lookup = (account: TestAccount) => account.client.conversations.v1.participantConversations;

  it('by Identity: every conversation of a chat user, with the fields of the example', async () => {
    const account = await newAccount(router, 'pc identity');
    const serviceSid = (await account.client.conversations.v1.configuration().fetch()).defaultChatServiceSid;
    const first = await conversationsOf(account).create({
      friendlyName: 'first',
      uniqueName: 'first-one',
      attributes: '{"topic":"billing"}',
      'timers.inactive': 'PT10M',
      'timers.closed': 'PT1H',
    });
    const second = await conversationsOf(account).create({ friendlyName: 'second' });
    await conversationsOf(account).create({ friendlyName: 'without alice' });
    const aliceInFirst = await conversationsOf(account)(first.sid).participants.create({ identity: 'alice' });
    const aliceInSecond = await conversationsOf(account)(second.sid).participants.create({ identity: 'alice' });
    const bob = await conversationsOf(account)(second.sid).participants.create({ identity: 'bob' });

    const found = await lookup(account).list({ identity: 'alice' });
    expect(conversationSids(found)).toEqual([first.sid, second.sid]);
    const url = `${router.baseUrl}/v1/Conversations/${first.sid}`;
    expect(found[0].toJSON()).toEqual({
      accountSid: account.sid,
      chatServiceSid: serviceSid,
      participantSid: aliceInFirst.sid,
      participantUserSid: expect.stringMatching(/^US[0-9a-f]{32}$/),
      participantIdentity: 'alice',
      participantMessagingBinding: null,
      conversationSid: first.sid,
      conversationUniqueName: 'first-one',
      conversationFriendlyName: 'first',
      conversationAttributes: '{"topic":"billing"}',
      conversationDateCreated: first.dateCreated,
      conversationDateUpdated: first.dateUpdated,
      conversationCreatedBy: null,
      conversationState: 'active',
      conversationTimers: first.timers,
      links: { participant: `${url}/Participants/${aliceInFirst.sid}`, conversation: url },
    });
    expect(Object.keys(first.timers as object).sort()).toEqual(['date_closed', 'date_inactive']);
    expect(found[1]).toMatchObject({ participantSid: aliceInSecond.sid, conversationTimers: {}, conversationUniqueName: null });

    // One user per identity: the same US SID in both conversations, another for bob.
    expect(found[1].participantUserSid).toBe(found[0].participantUserSid);
    const [ofBob] = await lookup(account).list({ identity: 'bob' });
    expect(ofBob.participantSid).toBe(bob.sid);
    expect(ofBob.participantUserSid).toMatch(/^US[0-9a-f]{32}$/);
    expect(ofBob.participantUserSid).not.toBe(found[0].participantUserSid);

    expect(await lookup(account).list({ identity: 'nobody' })).toEqual([]);
  });

  it('by Address: sms and whatsapp bindings, the + URL-encoded in the page URLs', async () => {
    const account = await newAccount(router, 'pc address');
    const a = await conversationsOf(account).create({ friendlyName: 'a' });
    const b = await conversationsOf(account).create({ friendlyName: 'b' });
    const c = await conversationsOf(account).create({ friendlyName: 'c' });
    const smsA = await conversationsOf(account)(a.sid).participants.create({
      'messagingBinding.address': ADDRESS,
      'messagingBinding.proxyAddress': PROXY,
    });
    // The same address through another proxy number is another pair.
    const smsB = await conversationsOf(account)(b.sid).participants.create({
      'messagingBinding.address': ADDRESS,
      'messagingBinding.proxyAddress': OTHER_PROXY,
    });
    const waC = await conversationsOf(account)(c.sid).participants.create({
      'messagingBinding.address': WHATSAPP,
      'messagingBinding.proxyAddress': WHATSAPP_PROXY,
    });
    await conversationsOf(account)(c.sid).participants.create({ identity: ADDRESS.slice(1) });

    const bySms = await lookup(account).list({ address: ADDRESS });
    expect(conversationSids(bySms)).toEqual([a.sid, b.sid]);
    expect(bySms.map((r) => r.participantSid)).toEqual([smsA.sid, smsB.sid]);
    expect(bySms[0]).toMatchObject({
      participantIdentity: null,
      participantUserSid: null,
      // Spelled out in full, as in Twilio's example (unlike the Participant resource's binding).
      participantMessagingBinding: {
        type: 'sms',
        address: ADDRESS,
        proxy_address: PROXY,
        level: null,
        name: null,
        projected_address: null,
      },
      conversationFriendlyName: 'a',
    });
    expect(bySms[1].participantMessagingBinding).toEqual({
      type: 'sms',
      address: ADDRESS,
      proxy_address: OTHER_PROXY,
      level: null,
      name: null,
      projected_address: null,
    });

    const byWhatsApp = await lookup(account).list({ address: WHATSAPP });
    expect(byWhatsApp.map((r) => r.participantSid)).toEqual([waC.sid]);
    expect(byWhatsApp[0].participantMessagingBinding).toEqual({
      type: 'whatsapp',
      address: WHATSAPP,
      proxy_address: WHATSAPP_PROXY,
      level: null,
      name: null,
      projected_address: null,
    });

    // On the wire: the filter is kept, encoded, in every page URL.
    const res = await raw(router, {
      path: `/v1/ParticipantConversations?Address=${encodeURIComponent(ADDRESS)}`,
      auth: [account.sid, account.authToken],
    });
    expect(res.status).toBe(200);
    const body = res.json as ListBody;
    expect(body.meta).toEqual({
      page: 0,
      page_size: 50,
      first_page_url: `${router.baseUrl}/v1/ParticipantConversations?Address=%2B15558675310&PageSize=50&Page=0`,
      previous_page_url: null,
      url: `${router.baseUrl}/v1/ParticipantConversations?Address=%2B15558675310&PageSize=50&Page=0`,
      next_page_url: null,
      key: 'conversations',
    });
    expect(body.conversations).toHaveLength(2);
    const wa = await raw(router, {
      path: `/v1/ParticipantConversations?Address=${encodeURIComponent(WHATSAPP)}`,
      auth: [account.sid, account.authToken],
    });
    expect((wa.json as ListBody).meta.url).toBe(
      `${router.baseUrl}/v1/ParticipantConversations?Address=whatsapp%3A%2B15558675310&PageSize=50&Page=0`,
    );
  });

  it('Identity and Address together, or neither, is 400 / 50451', async () => {
    const account = await newAccount(router, 'pc one lookup');
    const both = await expectRestError(lookup(account).list({ identity: 'alice', address: ADDRESS }), 400, 50451);
    expect(both.message).toBe('One user identifier parameter for lookup at a time is allowed. Please, use either Identity or Address.');
    await expectRestError(lookup(account).list(), 400, 50451);
    await expectRestError(lookup(account).page({ identity: 'alice', address: ADDRESS }), 400, 50451);
  });

  it('pages keep the filter in their URLs, forwards and backwards', async () => {
    const account = await newAccount(router, 'pc paging');
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const c = await conversationsOf(account).create({ friendlyName: `c${i}` });
      await conversationsOf(account)(c.sid).participants.create({ identity: 'alice' });
      await conversationsOf(account)(c.sid).participants.create({
        'messagingBinding.address': ADDRESS,
        'messagingBinding.proxyAddress': uniqueNumber(),
      });
      made.push(c.sid);
    }
    expect(conversationSids(await lookup(account).list({ identity: 'alice', pageSize: 2 }))).toEqual(made);
    expect(conversationSids(await lookup(account).list({ address: ADDRESS, pageSize: 2 }))).toEqual(made);

    const page1 = await lookup(account).page({ address: ADDRESS, pageSize: 2 });
    expect(conversationSids(page1.instances)).toEqual(made.slice(0, 2));
    expect(page1.nextPageUrl).toMatch(
      new RegExp(`^${router.baseUrl}/v1/ParticipantConversations\\?Address=%2B15558675310&PageSize=2&Page=1&PageToken=PT`),
    );
    const page2 = await page1.nextPage()!;
    expect(conversationSids(page2.instances)).toEqual(made.slice(2, 4));
    expect(page2.previousPageUrl).toBe(`${router.baseUrl}/v1/ParticipantConversations?Address=%2B15558675310&PageSize=2&Page=0`);
    const page3 = await page2.nextPage()!;
    expect(conversationSids(page3.instances)).toEqual(made.slice(4));
    expect(page3.nextPage()).toBeUndefined();
    expect(conversationSids((await page3.previousPage()!).instances)).toEqual(made.slice(2, 4));

    const byIdentity = await lookup(account).page({ identity: 'alice', pageSize: 2 });
    expect(byIdentity.nextPageUrl).toMatch(/\?Identity=alice&PageSize=2&Page=1&PageToken=PT/);
    expect(conversationSids((await byIdentity.nextPage()!).instances)).toEqual(made.slice(2, 4));
  });

  it('removed participants drop out; closed conversations stay, with their state', async () => {
    const account = await newAccount(router, 'pc lifecycle');
    const open = await conversationsOf(account).create({ friendlyName: 'open' });
    const closing = await conversationsOf(account).create({ friendlyName: 'closing' });
    const leaving = await conversationsOf(account).create({ friendlyName: 'leaving' });
    for (const c of [open, closing, leaving]) await conversationsOf(account)(c.sid).participants.create({ identity: 'alice' });
    await conversationsOf(account)(closing.sid).update({ state: 'closed' });
    await conversationsOf(account)(leaving.sid).participants('alice').remove();

    const found = await lookup(account).list({ identity: 'alice' });
    expect(found.map((r) => [r.conversationSid, r.conversationState])).toEqual([
      [open.sid, 'active'],
      [closing.sid, 'closed'],
    ]);
  });

  it('is per service: the scoped twin sees its own service only, with scoped links', async () => {
    const account = await newAccount(router, 'pc scoped');
    const service = await account.client.conversations.v1.services.create({ friendlyName: 'scoped' });
    const inDefault = await conversationsOf(account).create({ friendlyName: 'default' });
    const inService = await account.client.conversations.v1.services(service.sid).conversations.create({ friendlyName: 'scoped' });
    await conversationsOf(account)(inDefault.sid).participants.create({ identity: 'alice' });
    const scopedAlice = await account.client.conversations.v1
      .services(service.sid)
      .conversations(inService.sid)
      .participants.create({ identity: 'alice' });

    expect(conversationSids(await lookup(account).list({ identity: 'alice' }))).toEqual([inDefault.sid]);
    const scoped = await account.client.conversations.v1.services(service.sid).participantConversations.list({ identity: 'alice' });
    const url = `${router.baseUrl}/v1/Services/${service.sid}/Conversations/${inService.sid}`;
    expect(scoped.map((r) => r.toJSON())).toEqual([
      expect.objectContaining({
        chatServiceSid: service.sid,
        conversationSid: inService.sid,
        participantSid: scopedAlice.sid,
        links: { participant: `${url}/Participants/${scopedAlice.sid}`, conversation: url },
      }),
    ]);
  });

  it("other accounts' participants never appear", async () => {
    const mine = await newAccount(router, 'pc mine');
    const theirs = await newAccount(router, 'pc theirs');
    const my = await conversationsOf(mine).create({ friendlyName: 'mine' });
    const their = await conversationsOf(theirs).create({ friendlyName: 'theirs' });
    await conversationsOf(mine)(my.sid).participants.create({ identity: 'alice' });
    await conversationsOf(mine)(my.sid).participants.create({
      'messagingBinding.address': ADDRESS,
      'messagingBinding.proxyAddress': PROXY,
    });
    await conversationsOf(theirs)(their.sid).participants.create({ identity: 'alice' });
    // The same phone talks to the other account too, through a number of that account's own.
    await conversationsOf(theirs)(their.sid).participants.create({
      'messagingBinding.address': ADDRESS,
      'messagingBinding.proxyAddress': OTHER_PROXY,
    });

    for (const [account, conversation] of [
      [mine, my],
      [theirs, their],
    ] as const) {
      const byIdentity = await lookup(account).list({ identity: 'alice' });
      const byAddress = await lookup(account).list({ address: ADDRESS });
      expect(conversationSids(byIdentity)).toEqual([conversation.sid]);
      expect(conversationSids(byAddress)).toEqual([conversation.sid]);
      expect([...byIdentity, ...byAddress].every((r) => r.accountSid === account.sid)).toBe(true);
    }
    const stranger = await newAccount(router, 'pc stranger');
    expect(await lookup(stranger).list({ identity: 'alice' })).toEqual([]);
    expect(await lookup(stranger).list({ address: ADDRESS })).toEqual([]);
  });
});
