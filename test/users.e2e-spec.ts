import { PrismaService } from '../src/prisma/prisma.service';
import {
  errorOf,
  expectRestError,
  newAccount,
  raw,
  startRouter,
  startWebhookReceiver,
  type RunningRouter,
  type TestAccount,
  type WebhookReceiver,
} from './support';

interface UserBody {
  sid: string;
  account_sid: string;
  chat_service_sid: string;
  role_sid: string | null;
  identity: string;
  friendly_name: string | null;
  attributes: string;
  is_online: boolean | null;
  is_notifiable: boolean | null;
  date_created: string;
  date_updated: string;
  url: string;
  links: { user_conversations: string };
}

interface ListBody<K extends string> {
  meta: {
    page: number;
    page_size: number;
    first_page_url: string;
    previous_page_url: string | null;
    url: string;
    next_page_url: string | null;
    key: K;
  };
}
type UsersList = ListBody<'users'> & { users: UserBody[] };

const USER_KEYS = [
  'sid',
  'account_sid',
  'chat_service_sid',
  'role_sid',
  'identity',
  'friendly_name',
  'attributes',
  'is_online',
  'is_notifiable',
  'date_created',
  'date_updated',
  'url',
  'links',
].sort();

describe('/v1/Users (e2e)', () => {
  let router: RunningRouter;
  let a: TestAccount;
  let b: TestAccount;
  let prisma: PrismaService;

  beforeAll(async () => {
    router = await startRouter();
    prisma = router.app.get(PrismaService);
    a = await newAccount(router, 'users A');
    b = await newAccount(router, 'users B');
  });

  afterAll(async () => {
    await router?.close();
  });

  const auth = (account: TestAccount): [string, string] => [account.sid, account.authToken];
  const serviceConfiguration = (account: TestAccount, serviceSid: string) =>
    account.client.conversations.v1.services(serviceSid).configuration();
  const defaultServiceOf = async (account: TestAccount) =>
    (await account.client.conversations.v1.configuration().fetch()).defaultChatServiceSid;
  const rolesOf = async (account: TestAccount, serviceSid: string) => {
    const roles = await account.client.conversations.v1.services(serviceSid).roles.list();
    const byName = (name: string) => roles.find((r) => r.friendlyName === name)!.sid;
    return { serviceAdmin: byName('service admin'), serviceUser: byName('service user'), channelUser: byName('channel user') };
  };

  describe('default scope', () => {
    it('creates, fetches, updates and deletes a user with the official client', async () => {
      const serviceSid = await defaultServiceOf(a);
      const configuration = await serviceConfiguration(a, serviceSid).fetch();
      const created = await a.client.conversations.v1.users.create({
        identity: 'alice',
        friendlyName: 'Alice',
        attributes: JSON.stringify({ duty: 'tech' }),
        xTwilioWebhookEnabled: 'true',
      });
      const url = `${router.baseUrl}/v1/Users/${created.sid}`;
      expect(created.toJSON()).toEqual({
        sid: expect.stringMatching(/^US[0-9a-f]{32}$/),
        accountSid: a.sid,
        chatServiceSid: serviceSid,
        roleSid: configuration.defaultChatServiceRoleSid,
        identity: 'alice',
        friendlyName: 'Alice',
        attributes: '{"duty":"tech"}',
        isOnline: null,
        isNotifiable: null,
        dateCreated: expect.any(Date),
        dateUpdated: expect.any(Date),
        url,
        links: { user_conversations: `${url}/Conversations` },
      });

      const fetched = await a.client.conversations.v1.users(created.sid).fetch();
      expect(fetched.toJSON()).toEqual(created.toJSON());

      const updated = await a.client.conversations.v1
        .users(created.sid)
        .update({ friendlyName: 'Alice B.', attributes: '{"duty":"agent"}' });
      expect(updated).toMatchObject({
        sid: created.sid,
        identity: 'alice',
        friendlyName: 'Alice B.',
        attributes: '{"duty":"agent"}',
        roleSid: configuration.defaultChatServiceRoleSid,
      });
      expect(updated.dateUpdated.getTime()).toBeGreaterThanOrEqual(created.dateUpdated.getTime());

      expect(await a.client.conversations.v1.users(created.sid).remove()).toBe(true);
      await expectRestError(a.client.conversations.v1.users(created.sid).fetch(), 404, 20404);
      await expectRestError(a.client.conversations.v1.users(created.sid).remove(), 404, 20404);
    });

    it('answers the wire shape of the examples: 201 on create, 200 on update, 204 on delete, attributes "{}" when unset', async () => {
      const res = await raw(router, { path: '/v1/Users', auth: auth(a), form: [['Identity', 'wire-shape']] });
      expect(res.status).toBe(201);
      const body = res.json as UserBody;
      expect(Object.keys(body).sort()).toEqual(USER_KEYS);
      expect(body).toMatchObject({ identity: 'wire-shape', friendly_name: null, attributes: '{}', is_online: null, is_notifiable: null });
      expect(body.date_created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      const updated = await raw(router, { path: `/v1/Users/${body.sid}`, auth: auth(a), form: [['FriendlyName', 'W']] });
      expect(updated.status).toBe(200);
      const deleted = await raw(router, { method: 'DELETE', path: `/v1/Users/${body.sid}`, auth: auth(a) });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
    });

    it('accepts the identity as an alias of the SID for fetch, update and delete', async () => {
      const identity = 'bob@example.com desk 7';
      const created = await a.client.conversations.v1.users.create({ identity });
      const byIdentity = await a.client.conversations.v1.users(identity).fetch();
      expect(byIdentity.sid).toBe(created.sid);
      const updated = await a.client.conversations.v1.users(identity).update({ friendlyName: 'Bob' });
      expect(updated).toMatchObject({ sid: created.sid, friendlyName: 'Bob' });
      expect(await a.client.conversations.v1.users(identity).remove()).toBe(true);
      await expectRestError(a.client.conversations.v1.users(created.sid).fetch(), 404, 20404);
      // The official client refuses a '/' in a path id; an encoded one still names the identity.
      const slashed = await a.client.conversations.v1.users.create({ identity: 'team/bob' });
      const bySlashed = await raw(router, { path: `/v1/Users/${encodeURIComponent('team/bob')}`, auth: auth(a) });
      expect(bySlashed.json).toMatchObject({ sid: slashed.sid, identity: 'team/bob' });
      const missing = await raw(router, { path: `/v1/Users/${encodeURIComponent('nobody here')}`, auth: auth(a) });
      expect(errorOf(missing)).toMatchObject({ code: 20404, message: 'The requested resource /v1/Users/nobody here was not found' });
    });

    it('shows is_online and is_notifiable (false) on single users when the service has reachability on, null on lists', async () => {
      const account = await newAccount(router);
      const serviceSid = await defaultServiceOf(account);
      await serviceConfiguration(account, serviceSid).update({ reachabilityEnabled: true });
      const created = await account.client.conversations.v1.users.create({ identity: 'reachable' });
      expect({ isOnline: created.isOnline, isNotifiable: created.isNotifiable }).toEqual({ isOnline: false, isNotifiable: false });
      const fetched = await raw(router, { path: `/v1/Users/${created.sid}`, auth: auth(account) });
      expect(fetched.json).toMatchObject({ is_online: false, is_notifiable: false });
      const list = (await raw(router, { path: '/v1/Users', auth: auth(account) })).json as UsersList;
      expect(list.users.map((u) => [u.identity, u.is_online, u.is_notifiable])).toEqual([['reachable', null, null]]);

      await serviceConfiguration(account, serviceSid).update({ reachabilityEnabled: false });
      const off = await raw(router, { path: `/v1/Users/${created.sid}`, auth: auth(account) });
      expect(off.json).toMatchObject({ is_online: null, is_notifiable: null });
    });

    it('takes a service role as RoleSid, on create and on update', async () => {
      const account = await newAccount(router);
      const serviceSid = await defaultServiceOf(account);
      const roles = await rolesOf(account, serviceSid);
      const admin = await account.client.conversations.v1.users.create({ identity: 'admin', roleSid: roles.serviceAdmin });
      expect(admin.roleSid).toBe(roles.serviceAdmin);
      const demoted = await account.client.conversations.v1.users('admin').update({ roleSid: roles.serviceUser });
      expect(demoted.roleSid).toBe(roles.serviceUser);
    });
  });

  describe('service scope', () => {
    it('serves the same resource under /v1/Services/{IS}/Users, with its own URLs', async () => {
      const service = await a.client.conversations.v1.services.create({ friendlyName: 'users twin' });
      const configuration = await serviceConfiguration(a, service.sid).fetch();
      const users = a.client.conversations.v1.services(service.sid).users;
      const created = await users.create({ identity: 'carol', friendlyName: 'Carol', attributes: '{"team":"x"}' });
      const url = `${router.baseUrl}/v1/Services/${service.sid}/Users/${created.sid}`;
      expect(created.toJSON()).toMatchObject({
        chatServiceSid: service.sid,
        roleSid: configuration.defaultChatServiceRoleSid,
        identity: 'carol',
        url,
        links: { user_conversations: `${url}/Conversations` },
      });
      expect((await a.client.conversations.v1.services(service.sid).users('carol').fetch()).sid).toBe(created.sid);
      expect(await a.client.conversations.v1.services(service.sid).users('carol').update({ friendlyName: 'C' })).toMatchObject({
        friendlyName: 'C',
      });

      // Identities are per service: the default service has no carol, and may have its own.
      await expectRestError(a.client.conversations.v1.users('carol').fetch(), 404, 20404);
      const other = await a.client.conversations.v1.users.create({ identity: 'carol' });
      expect(other.sid).not.toBe(created.sid);

      expect(await a.client.conversations.v1.services(service.sid).users(created.sid).remove()).toBe(true);
      await expectRestError(a.client.conversations.v1.services(service.sid).users(created.sid).fetch(), 404, 20404);
      expect((await a.client.conversations.v1.users('carol').fetch()).sid).toBe(other.sid);
    });

    it('a user of one service is 404 under another service of the same account', async () => {
      const s1 = await a.client.conversations.v1.services.create({ friendlyName: 's1' });
      const s2 = await a.client.conversations.v1.services.create({ friendlyName: 's2' });
      const user = await a.client.conversations.v1.services(s1.sid).users.create({ identity: 'only-in-s1' });
      await expectRestError(a.client.conversations.v1.services(s2.sid).users(user.sid).fetch(), 404, 20404);
      await expectRestError(a.client.conversations.v1.services(s2.sid).users(user.sid).update({ friendlyName: 'x' }), 404, 20404);
      await expectRestError(a.client.conversations.v1.services(s2.sid).users(user.sid).remove(), 404, 20404);
      expect((await a.client.conversations.v1.services(s1.sid).users(user.sid).fetch()).friendlyName).toBeNull();
    });

    it('deleting a service deletes its users', async () => {
      const service = await a.client.conversations.v1.services.create({ friendlyName: 'to delete' });
      const user = await a.client.conversations.v1.services(service.sid).users.create({ identity: 'gone-with-service' });
      await a.client.conversations.v1.services(service.sid).remove();
      expect(await prisma.user.count({ where: { sid: user.sid } })).toBe(0);
    });
  });

  describe('lists', () => {
    it('pages in creation order, at most 50 per page, keeping absolute page URLs', async () => {
      const account = await newAccount(router);
      const made: string[] = [];
      for (let i = 0; i < 5; i++) made.push((await account.client.conversations.v1.users.create({ identity: `user-${i}` })).sid);

      expect((await account.client.conversations.v1.users.list({ pageSize: 2 })).map((u) => u.sid)).toEqual(made);
      const page1 = await account.client.conversations.v1.users.page({ pageSize: 2 });
      expect(page1.instances.map((u) => u.sid)).toEqual(made.slice(0, 2));
      const page2 = await page1.nextPage();
      expect(page2?.instances.map((u) => u.sid)).toEqual(made.slice(2, 4));
      const page3 = await page2?.nextPage();
      expect(page3?.instances.map((u) => u.sid)).toEqual(made.slice(4));
      expect(await page3?.nextPage()).toBeUndefined();
      expect((await page3?.previousPage())?.instances.map((u) => u.sid)).toEqual(made.slice(2, 4));

      const big = (await raw(router, { path: '/v1/Users?PageSize=1000', auth: auth(account) })).json as UsersList;
      expect(big.meta).toEqual({
        page: 0,
        page_size: 50,
        first_page_url: `${router.baseUrl}/v1/Users?PageSize=50&Page=0`,
        previous_page_url: null,
        url: `${router.baseUrl}/v1/Users?PageSize=50&Page=0`,
        next_page_url: null,
        key: 'users',
      });
      expect(big.users.map((u) => u.sid)).toEqual(made);
      expect(big.users.every((u) => u.is_online === null && u.is_notifiable === null)).toBe(true);
    });

    it('an empty service lists no users', async () => {
      const service = await a.client.conversations.v1.services.create({ friendlyName: 'empty users' });
      const res = (await raw(router, { path: `/v1/Services/${service.sid}/Users`, auth: auth(a) })).json as UsersList;
      expect(res.users).toEqual([]);
      expect(res.meta.url).toBe(`${router.baseUrl}/v1/Services/${service.sid}/Users?PageSize=50&Page=0`);
    });
  });

  describe('errors, and nothing written', () => {
    let account: TestAccount;
    let serviceSid: string;
    let roles: Awaited<ReturnType<typeof rolesOf>>;

    beforeAll(async () => {
      account = await newAccount(router);
      serviceSid = await defaultServiceOf(account);
      roles = await rolesOf(account, serviceSid);
    });

    const refuses = async (form: [string, string][], status: number, code: number) => {
      const before = await prisma.user.count({ where: { serviceSid } });
      const res = await raw(router, { path: '/v1/Users', auth: auth(account), form });
      expect({ status: res.status, code: errorOf(res).code }).toEqual({ status, code });
      expect(await prisma.user.count({ where: { serviceSid } })).toBe(before);
      return errorOf(res);
    };

    it('Identity is required (50204), at most 256 characters (50207), not shaped like a user SID (50206)', async () => {
      expect((await refuses([['FriendlyName', 'x']], 400, 50204)).message).toBe('Identity is required');
      await refuses([['Identity', '']], 400, 50204);
      await refuses([['Identity', 'i'.repeat(257)]], 400, 50207);
      await refuses([['Identity', `US${'a'.repeat(32)}`]], 400, 50206);
      await refuses([['Identity', `us${'A'.repeat(32)}`]], 400, 50206);
      expect((await account.client.conversations.v1.users.create({ identity: 'i'.repeat(256) })).identity).toHaveLength(256);
    });

    it('an identity is unique in its service (50201), also when a participant created the user', async () => {
      await account.client.conversations.v1.users.create({ identity: 'taken' });
      const err = await expectRestError(account.client.conversations.v1.users.create({ identity: 'taken' }), 409, 50201);
      expect(err.message).toContain('taken');

      const conversation = await account.client.conversations.v1.conversations.create({});
      await account.client.conversations.v1.conversations(conversation.sid).participants.create({ identity: 'implicit' });
      const implicit = await account.client.conversations.v1.users('implicit').fetch();
      expect(implicit).toMatchObject({ identity: 'implicit', roleSid: roles.serviceUser, chatServiceSid: serviceSid });
      await expectRestError(account.client.conversations.v1.users.create({ identity: 'implicit' }), 409, 50201);
    });

    it('Attributes must be JSON (50304) of at most 16 KB (50303); FriendlyName at most 256 characters (50003)', async () => {
      await refuses(
        [
          ['Identity', 'attr'],
          ['Attributes', '{not json'],
        ],
        400,
        50304,
      );
      await refuses(
        [
          ['Identity', 'attr'],
          ['Attributes', JSON.stringify({ k: 'x'.repeat(16 * 1024) })],
        ],
        400,
        50303,
      );
      await refuses(
        [
          ['Identity', 'attr'],
          ['FriendlyName', 'f'.repeat(257)],
        ],
        400,
        50003,
      );
      const biggest = JSON.stringify({ k: 'x'.repeat(16 * 1024 - 8) });
      expect((await account.client.conversations.v1.users.create({ identity: 'attr', attributes: biggest })).attributes).toBe(biggest);
    });

    it('RoleSid must be a service role of this service: 50100 when unknown, 50105 for a conversation role', async () => {
      await refuses(
        [
          ['Identity', 'role'],
          ['RoleSid', `RL${'0'.repeat(32)}`],
        ],
        400,
        50100,
      );
      await refuses(
        [
          ['Identity', 'role'],
          ['RoleSid', 'not-a-role'],
        ],
        400,
        50100,
      );
      const err = await refuses(
        [
          ['Identity', 'role'],
          ['RoleSid', roles.channelUser],
        ],
        400,
        50105,
      );
      expect(err.message).toContain(roles.channelUser);
      const otherService = await account.client.conversations.v1.services.create({ friendlyName: 'other roles' });
      const foreign = await rolesOf(account, otherService.sid);
      await refuses(
        [
          ['Identity', 'role'],
          ['RoleSid', foreign.serviceUser],
        ],
        400,
        50100,
      );
    });

    it('an update that breaks a rule changes nothing', async () => {
      const user = await account.client.conversations.v1.users.create({
        identity: 'stable',
        friendlyName: 'Stable',
        attributes: '{"v":1}',
      });
      const attempts: [string, string][][] = [
        [
          ['FriendlyName', 'changed'],
          ['RoleSid', roles.channelUser],
        ],
        [
          ['FriendlyName', 'changed'],
          ['Attributes', '['],
        ],
        [
          ['FriendlyName', 'changed'],
          ['Identity', 'renamed'],
        ],
      ];
      for (const form of attempts) {
        const res = await raw(router, { path: `/v1/Users/${user.sid}`, auth: auth(account), form });
        expect(res.status).toBe(400);
      }
      const after = await account.client.conversations.v1.users(user.sid).fetch();
      expect(after.toJSON()).toEqual(user.toJSON());
    });

    it('a path id that is neither a user SID nor an existing identity is 404', async () => {
      for (const id of [`US${'f'.repeat(32)}`, `CH${'a'.repeat(32)}`, 'ghost']) {
        const res = await raw(router, { path: `/v1/Users/${id}`, auth: auth(account) });
        expect(errorOf(res)).toMatchObject({ code: 20404, status: 404 });
      }
    });
  });

  describe('deleting a user', () => {
    it('removes its chat participants from every conversation of the service, and nothing else', async () => {
      const account = await newAccount(router);
      const conversations = account.client.conversations.v1.conversations;
      const c1 = await conversations.create({ uniqueName: 'one' });
      const c2 = await conversations.create({ uniqueName: 'two' });
      await conversations(c1.sid).participants.create({ identity: 'leaver' });
      await conversations(c2.sid).participants.create({ identity: 'leaver' });
      const stayer = await conversations(c1.sid).participants.create({ identity: 'stayer' });
      const sms = await conversations(c2.sid).participants.create({
        'messagingBinding.address': '+15005550101',
        'messagingBinding.proxyAddress': '+15005550102',
      });

      expect(await account.client.conversations.v1.users('leaver').remove()).toBe(true);
      expect((await conversations(c1.sid).participants.list()).map((p) => p.sid)).toEqual([stayer.sid]);
      expect((await conversations(c2.sid).participants.list()).map((p) => p.sid)).toEqual([sms.sid]);
      await expectRestError(account.client.conversations.v1.users('leaver').fetch(), 404, 20404);
      expect((await account.client.conversations.v1.users('stayer').fetch()).identity).toBe('stayer');
      expect((await account.client.conversations.v1.participantConversations.list({ identity: 'leaver' })).length).toBe(0);
    });

    it('accepts X-Twilio-Webhook-Enabled on delete', async () => {
      const user = await a.client.conversations.v1.users.create({ identity: 'webhook-header' });
      expect(await a.client.conversations.v1.users(user.sid).remove({ xTwilioWebhookEnabled: 'true' })).toBe(true);
    });
  });

  describe('participant events (X-Twilio-Webhook-Enabled: true)', () => {
    let receiver: WebhookReceiver;

    beforeAll(async () => {
      receiver = await startWebhookReceiver();
    });

    afterAll(async () => {
      await receiver?.close();
    });

    /** A REST call with the header the official client cannot send on UserConversations. */
    const withWebhooks = (account: TestAccount, method: 'POST' | 'DELETE', path: string, form?: Record<string, string>) =>
      fetch(router.baseUrl + path, {
        method,
        headers: {
          authorization: `Basic ${Buffer.from(`${account.sid}:${account.authToken}`).toString('base64')}`,
          'x-twilio-webhook-enabled': 'true',
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: form ? new URLSearchParams(form) : undefined,
      });

    it('deleting a user reports each removed participant; reading and leaving through UserConversations report theirs', async () => {
      const account = await newAccount(router);
      const serviceSid = await defaultServiceOf(account);
      await account.client.conversations.v1
        .services(serviceSid)
        .configuration.webhooks()
        .update({
          postWebhookUrl: receiver.url(`/${account.sid}/post`),
          filters: ['onParticipantUpdated', 'onParticipantRemoved'],
          method: 'POST',
        });
      const conversations = account.client.conversations.v1.conversations;
      const c1 = await conversations.create({});
      const c2 = await conversations.create({});
      const p1 = await conversations(c1.sid).participants.create({ identity: 'leaving-user' });
      const p2 = await conversations(c2.sid).participants.create({ identity: 'leaving-user' });
      const reader = await conversations(c2.sid).participants.create({ identity: 'reader' });
      await conversations(c2.sid).messages.create({ author: 'reader', body: 'hi' });

      expect((await withWebhooks(account, 'POST', `/v1/Users/reader/Conversations/${c2.sid}`, { LastReadMessageIndex: '0' })).status).toBe(
        200,
      );
      const [updated] = await receiver.waitFor(`/${account.sid}/post`, (w) => w.params.EventType === 'onParticipantUpdated');
      expect(updated.params).toMatchObject({
        ParticipantSid: reader.sid,
        ConversationSid: c2.sid,
        LastReadMessageIndex: '0',
        Identity: 'reader',
        Source: 'API',
      });

      expect(await account.client.conversations.v1.users('leaving-user').remove({ xTwilioWebhookEnabled: 'true' })).toBe(true);
      const removed = await receiver.waitFor(
        `/${account.sid}/post`,
        (w) => w.params.EventType === 'onParticipantRemoved' && w.params.Identity === 'leaving-user',
        2,
      );
      expect(removed.map((w) => [w.params.ParticipantSid, w.params.ConversationSid]).sort()).toEqual(
        [
          [p1.sid, c1.sid],
          [p2.sid, c2.sid],
        ].sort(),
      );
      expect(
        removed.every(
          (w) => receiver.signedBy(w, account.authToken) && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(w.params.DateRemoved),
        ),
      ).toBe(true);

      expect((await withWebhooks(account, 'DELETE', `/v1/Users/reader/Conversations/${c2.sid}`)).status).toBe(204);
      const [left] = await receiver.waitFor(
        `/${account.sid}/post`,
        (w) => w.params.EventType === 'onParticipantRemoved' && w.params.Identity === 'reader',
      );
      expect(left.params).toMatchObject({ ParticipantSid: reader.sid, ConversationSid: c2.sid });
    });

    it('without the header, nothing is reported', async () => {
      const account = await newAccount(router);
      const serviceSid = await defaultServiceOf(account);
      await account.client.conversations.v1
        .services(serviceSid)
        .configuration.webhooks()
        .update({
          postWebhookUrl: receiver.url(`/${account.sid}/quiet`),
          filters: ['onParticipantRemoved', 'onParticipantUpdated'],
          method: 'POST',
        });
      const conversation = await account.client.conversations.v1.conversations.create({});
      await account.client.conversations.v1.conversations(conversation.sid).participants.create({ identity: 'quiet' });
      await account.client.conversations.v1.users('quiet').userConversations(conversation.sid).update({ notificationLevel: 'muted' });
      await account.client.conversations.v1.users('quiet').remove();
      // A later event with the header shows the pipeline ran; the earlier ones never arrived.
      await account.client.conversations.v1.conversations(conversation.sid).participants.create({ identity: 'loud' });
      await account.client.conversations.v1.conversations(conversation.sid).participants('loud').remove({ xTwilioWebhookEnabled: 'true' });
      const heard = await receiver.waitFor(`/${account.sid}/quiet`, (w) => w.params.Identity === 'loud');
      expect(heard).toHaveLength(1);
      expect(receiver.received.filter((w) => w.path === `/${account.sid}/quiet` && w.params.Identity === 'quiet')).toEqual([]);
    });
  });

  describe('tenant isolation', () => {
    it('another account gets 404 for a user, by SID and by identity, in both scopes, and does not list it', async () => {
      const serviceSid = await defaultServiceOf(a);
      const user = await a.client.conversations.v1.users.create({ identity: 'private-user', friendlyName: 'Private' });
      for (const id of [user.sid, 'private-user']) {
        await expectRestError(b.client.conversations.v1.users(id).fetch(), 404, 20404);
        await expectRestError(b.client.conversations.v1.users(id).update({ friendlyName: 'hijacked' }), 404, 20404);
        await expectRestError(b.client.conversations.v1.users(id).remove(), 404, 20404);
        await expectRestError(b.client.conversations.v1.services(serviceSid).users(id).fetch(), 404, 20404);
      }
      await expectRestError(b.client.conversations.v1.services(serviceSid).users.list(), 404, 20404);
      expect((await b.client.conversations.v1.users.list()).map((u) => u.sid)).not.toContain(user.sid);
      expect((await a.client.conversations.v1.users(user.sid).fetch()).friendlyName).toBe('Private');
    });
  });
});
