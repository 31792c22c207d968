import { CONVERSATION_PERMISSIONS, SERVICE_PERMISSIONS } from '../src/services/default-roles';
import { PrismaService } from '../src/prisma/prisma.service';
import { RolesService } from '../src/roles/roles.service';
import { errorOf, expectRestError, newAccount, raw, startRouter, type RunningRouter, type TestAccount } from './support';

interface RoleBody {
  sid: string;
  account_sid: string;
  chat_service_sid: string;
  friendly_name: string;
  type: string;
  permissions: string[];
  date_created: string;
  date_updated: string;
  url: string;
}

describe('/v1/Roles (e2e)', () => {
  let router: RunningRouter;
  let a: TestAccount;
  let b: TestAccount;
  let prisma: PrismaService;

  beforeAll(async () => {
    router = await startRouter();
    prisma = router.app.get(PrismaService);
    a = await newAccount(router, 'roles A');
    b = await newAccount(router, 'roles B');
  });

  afterAll(async () => {
    await router?.close();
  });

  const auth = (account: TestAccount): [string, string] => [account.sid, account.authToken];
  const defaultServiceOf = async (account: TestAccount) =>
    (await account.client.conversations.v1.configuration().fetch()).defaultChatServiceSid;

  describe('the default roles of a service', () => {
    it('lists the four roles every service starts with, named by its configuration', async () => {
      const account = await newAccount(router);
      const serviceSid = await defaultServiceOf(account);
      const configuration = await account.client.conversations.v1.services(serviceSid).configuration().fetch();
      const res = await raw(router, { path: '/v1/Roles', auth: auth(account) });
      const body = res.json as { roles: RoleBody[]; meta: { key: string; page_size: number } };
      expect(body.meta).toMatchObject({ key: 'roles', page_size: 50 });
      const byName = new Map(body.roles.map((r) => [r.friendly_name, r]));
      expect([...byName.keys()].sort()).toEqual(['channel admin', 'channel user', 'service admin', 'service user']);
      expect(byName.get('service user')!.sid).toBe(configuration.defaultChatServiceRoleSid);
      expect(byName.get('channel user')!.sid).toBe(configuration.defaultConversationRoleSid);
      expect(byName.get('channel admin')!.sid).toBe(configuration.defaultConversationCreatorRoleSid);
      expect(byName.get('service admin')).toEqual({
        sid: expect.stringMatching(/^RL[0-9a-f]{32}$/),
        account_sid: account.sid,
        chat_service_sid: serviceSid,
        friendly_name: 'service admin',
        type: 'service',
        permissions: [...SERVICE_PERMISSIONS],
        date_created: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
        date_updated: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
        url: `${router.baseUrl}/v1/Roles/${byName.get('service admin')!.sid}`,
      });
      expect(byName.get('channel user')!.type).toBe('conversation');
    });
  });

  describe('create, fetch, update, delete', () => {
    it('in the default scope, with the official client', async () => {
      const serviceSid = await defaultServiceOf(a);
      const created = await a.client.conversations.v1.roles.create({
        friendlyName: 'Conversation Role',
        type: 'conversation',
        permission: ['sendMessage', 'leaveConversation', 'editOwnMessage', 'deleteOwnMessage', 'sendMessage'],
      });
      expect(created.toJSON()).toEqual({
        sid: expect.stringMatching(/^RL[0-9a-f]{32}$/),
        accountSid: a.sid,
        chatServiceSid: serviceSid,
        friendlyName: 'Conversation Role',
        type: 'conversation',
        permissions: ['sendMessage', 'leaveConversation', 'editOwnMessage', 'deleteOwnMessage'],
        dateCreated: expect.any(Date),
        dateUpdated: expect.any(Date),
        url: `${router.baseUrl}/v1/Roles/${created.sid}`,
      });
      expect((await a.client.conversations.v1.roles(created.sid).fetch()).toJSON()).toEqual(created.toJSON());

      const updated = await a.client.conversations.v1.roles(created.sid).update({ permission: ['sendMessage', 'sendMediaMessage'] });
      expect(updated).toMatchObject({
        sid: created.sid,
        friendlyName: 'Conversation Role',
        type: 'conversation',
        permissions: ['sendMessage', 'sendMediaMessage'],
      });

      expect(await a.client.conversations.v1.roles(created.sid).remove()).toBe(true);
      await expectRestError(a.client.conversations.v1.roles(created.sid).fetch(), 404, 20404);
      await expectRestError(a.client.conversations.v1.roles(created.sid).update({ permission: ['sendMessage'] }), 404, 20404);
      await expectRestError(a.client.conversations.v1.roles(created.sid).remove(), 404, 20404);
    });

    it('in the service scope, with service URLs; a role of one service is 404 in another', async () => {
      const service = await a.client.conversations.v1.services.create({ friendlyName: 'roles twin' });
      const other = await a.client.conversations.v1.services.create({ friendlyName: 'roles other' });
      const roles = a.client.conversations.v1.services(service.sid).roles;
      const created = await roles.create({
        friendlyName: 'Moderators',
        type: 'service',
        permission: ['deleteAnyMessage', 'editAnyMessage'],
      });
      expect(created).toMatchObject({
        chatServiceSid: service.sid,
        type: 'service',
        url: `${router.baseUrl}/v1/Services/${service.sid}/Roles/${created.sid}`,
      });
      const res = await raw(router, {
        path: `/v1/Services/${service.sid}/Roles/${created.sid}`,
        auth: auth(a),
        form: [['Permission', 'createConversation']],
      });
      expect((res.json as RoleBody).permissions).toEqual(['createConversation']);

      await expectRestError(a.client.conversations.v1.services(other.sid).roles(created.sid).fetch(), 404, 20404);
      await expectRestError(a.client.conversations.v1.roles(created.sid).fetch(), 404, 20404);
      expect((await a.client.conversations.v1.services(other.sid).roles.list()).map((r) => r.sid)).not.toContain(created.sid);
      expect(await roles(created.sid).remove()).toBe(true);
    });

    it('accepts Type in any case and keeps Twilio’s spelling', async () => {
      const res = await raw(router, {
        path: '/v1/Roles',
        auth: auth(a),
        form: [
          ['FriendlyName', 'cased'],
          ['Type', 'SERVICE'],
          ['Permission', 'joinConversation'],
        ],
      });
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({ type: 'service', permissions: ['joinConversation'] });
    });
  });

  describe('errors, and nothing written', () => {
    const refuses = async (account: TestAccount, path: string, form: [string, string][], code: number) => {
      const before = await prisma.role.count({ where: { accountSid: account.sid } });
      const res = await raw(router, { path, auth: auth(account), form });
      expect({ status: res.status, code: errorOf(res).code }).toEqual({ status: 400, code });
      expect(await prisma.role.count({ where: { accountSid: account.sid } })).toBe(before);
      return errorOf(res);
    };

    it('FriendlyName is required (50000) and at most 64 characters (50003)', async () => {
      await refuses(
        a,
        '/v1/Roles',
        [
          ['Type', 'service'],
          ['Permission', 'joinConversation'],
        ],
        50000,
      );
      await refuses(
        a,
        '/v1/Roles',
        [
          ['FriendlyName', ''],
          ['Type', 'service'],
          ['Permission', 'joinConversation'],
        ],
        50000,
      );
      await refuses(
        a,
        '/v1/Roles',
        [
          ['FriendlyName', 'r'.repeat(65)],
          ['Type', 'service'],
          ['Permission', 'joinConversation'],
        ],
        50003,
      );
      const longest = await a.client.conversations.v1.roles.create({
        friendlyName: 'r'.repeat(64),
        type: 'service',
        permission: ['joinConversation'],
      });
      expect(longest.friendlyName).toHaveLength(64);
    });

    it('Type is conversation or service (50105)', async () => {
      await refuses(
        a,
        '/v1/Roles',
        [
          ['FriendlyName', 't'],
          ['Permission', 'joinConversation'],
        ],
        50105,
      );
      const err = await refuses(
        a,
        '/v1/Roles',
        [
          ['FriendlyName', 't'],
          ['Type', 'deployment'],
          ['Permission', 'joinConversation'],
        ],
        50105,
      );
      expect(err.message).toContain('conversation, service');
    });

    it('each Permission must be one of the role type (50104); at least one is required', async () => {
      const err = await refuses(
        a,
        '/v1/Roles',
        [
          ['FriendlyName', 'p'],
          ['Type', 'service'],
          ['Permission', 'joinConversation'],
          ['Permission', 'sendMessage'],
        ],
        50104,
      );
      expect(err.message).toContain("'sendMessage'");
      await refuses(
        a,
        '/v1/Roles',
        [
          ['FriendlyName', 'p'],
          ['Type', 'conversation'],
          ['Permission', 'createConversation'],
        ],
        50104,
      );
      await refuses(
        a,
        '/v1/Roles',
        [
          ['FriendlyName', 'p'],
          ['Type', 'conversation'],
          ['Permission', 'nonsense'],
        ],
        50104,
      );
      await refuses(
        a,
        '/v1/Roles',
        [
          ['FriendlyName', 'p'],
          ['Type', 'conversation'],
        ],
        20001,
      );

      const all = await a.client.conversations.v1.roles.create({
        friendlyName: 'everything',
        type: 'conversation',
        permission: [...CONVERSATION_PERMISSIONS],
      });
      expect(all.permissions).toEqual([...CONVERSATION_PERMISSIONS]);
    });

    it('an update takes Permission only, of the role’s type, and changes nothing when refused', async () => {
      const role = await a.client.conversations.v1.roles.create({
        friendlyName: 'fixed',
        type: 'service',
        permission: ['joinConversation'],
      });
      const path = `/v1/Roles/${role.sid}`;
      for (const [form, code] of [
        [[['Permission', 'sendMessage']], 50104],
        [
          [
            ['Permission', 'createConversation'],
            ['FriendlyName', 'renamed'],
          ],
          20001,
        ],
        [
          [
            ['Permission', 'createConversation'],
            ['Type', 'conversation'],
          ],
          20001,
        ],
        [[], 20001],
      ] as [[string, string][], number][]) {
        const res = await raw(router, { path, auth: auth(a), form });
        expect({ status: res.status, code: errorOf(res).code }).toEqual({ status: 400, code });
      }
      expect((await a.client.conversations.v1.roles(role.sid).fetch()).toJSON()).toEqual(role.toJSON());
    });

    it('a path id that is not a role SID is 404', async () => {
      for (const id of ['admins', `US${'a'.repeat(32)}`, `RL${'0'.repeat(32)}`]) {
        const res = await raw(router, { path: `/v1/Roles/${id}`, auth: auth(a) });
        expect(errorOf(res)).toMatchObject({ code: 20404, message: `The requested resource /v1/Roles/${id} was not found` });
      }
    });
  });

  describe('delete refuses roles still in use', () => {
    it('the service configuration’s defaults, then a user’s role, then a participant’s role, each with what to do', async () => {
      const account = await newAccount(router);
      const serviceSid = await defaultServiceOf(account);
      const configuration = await account.client.conversations.v1.services(serviceSid).configuration().fetch();
      for (const [sid, setting] of [
        [configuration.defaultChatServiceRoleSid, 'DefaultChatServiceRoleSid'],
        [configuration.defaultConversationRoleSid, 'DefaultConversationRoleSid'],
        [configuration.defaultConversationCreatorRoleSid, 'DefaultConversationCreatorRoleSid'],
      ]) {
        const err = await expectRestError(account.client.conversations.v1.roles(sid).remove(), 400, 20001);
        expect(err.message).toContain(setting);
        expect(err.message).toContain(`/v1/Services/${serviceSid}/Configuration`);
      }

      const vip = await account.client.conversations.v1.roles.create({
        friendlyName: 'vip',
        type: 'service',
        permission: ['createConversation'],
      });
      const user = await account.client.conversations.v1.users.create({ identity: 'vip-user', roleSid: vip.sid });
      const userErr = await expectRestError(account.client.conversations.v1.roles(vip.sid).remove(), 400, 20001);
      expect(userErr.message).toContain(user.sid);
      await account.client.conversations.v1.users(user.sid).update({ roleSid: configuration.defaultChatServiceRoleSid });
      expect(await account.client.conversations.v1.roles(vip.sid).remove()).toBe(true);

      const speaker = await account.client.conversations.v1.roles.create({
        friendlyName: 'speaker',
        type: 'conversation',
        permission: ['sendMessage'],
      });
      const conversation = await account.client.conversations.v1.conversations.create({});
      const participant = await account.client.conversations.v1
        .conversations(conversation.sid)
        .participants.create({ identity: 'speaker', roleSid: speaker.sid });
      const participantErr = await expectRestError(account.client.conversations.v1.roles(speaker.sid).remove(), 400, 20001);
      expect(participantErr.message).toContain(participant.sid);
      expect((await account.client.conversations.v1.roles(speaker.sid).fetch()).friendlyName).toBe('speaker');
      await account.client.conversations.v1.conversations(conversation.sid).participants(participant.sid).remove();
      expect(await account.client.conversations.v1.roles(speaker.sid).remove()).toBe(true);

      // A default role stops being protected once the configuration points elsewhere.
      const replacement = await account.client.conversations.v1.roles.create({
        friendlyName: 'new default',
        type: 'conversation',
        permission: ['sendMessage'],
      });
      await account.client.conversations.v1.services(serviceSid).configuration().update({ defaultConversationRoleSid: replacement.sid });
      expect(await account.client.conversations.v1.roles(configuration.defaultConversationRoleSid).remove()).toBe(true);
    });
  });

  describe('lists', () => {
    it('pages roles in creation order with at most 50 per page', async () => {
      const account = await newAccount(router);
      const defaults = (await account.client.conversations.v1.roles.list()).map((r) => r.sid);
      const made: string[] = [];
      for (let i = 0; i < 3; i++)
        made.push(
          (await account.client.conversations.v1.roles.create({ friendlyName: `r${i}`, type: 'service', permission: ['joinConversation'] }))
            .sid,
        );
      expect((await account.client.conversations.v1.roles.list({ pageSize: 3 })).map((r) => r.sid)).toEqual([...defaults, ...made]);
      const page1 = await account.client.conversations.v1.roles.page({ pageSize: 4 });
      expect(page1.instances.map((r) => r.sid)).toEqual(defaults);
      const page2 = await page1.nextPage();
      expect(page2?.instances.map((r) => r.sid)).toEqual(made);
      const capped = (await raw(router, { path: '/v1/Roles?PageSize=51', auth: auth(account) })).json as { meta: { page_size: number } };
      expect(capped.meta.page_size).toBe(50);
    });
  });

  describe('tenant isolation', () => {
    it('another account gets 404 for a role and cannot change or delete it', async () => {
      const serviceSid = await defaultServiceOf(a);
      const role = await a.client.conversations.v1.roles.create({
        friendlyName: 'A only',
        type: 'conversation',
        permission: ['sendMessage'],
      });
      await expectRestError(b.client.conversations.v1.roles(role.sid).fetch(), 404, 20404);
      await expectRestError(b.client.conversations.v1.roles(role.sid).update({ permission: ['leaveConversation'] }), 404, 20404);
      await expectRestError(b.client.conversations.v1.roles(role.sid).remove(), 404, 20404);
      await expectRestError(b.client.conversations.v1.services(serviceSid).roles(role.sid).fetch(), 404, 20404);
      await expectRestError(b.client.conversations.v1.services(serviceSid).roles.list(), 404, 20404);
      expect((await b.client.conversations.v1.roles.list()).map((r) => r.sid)).not.toContain(role.sid);
      expect((await a.client.conversations.v1.roles(role.sid).fetch()).permissions).toEqual(['sendMessage']);
    });
  });

  describe('RolesService.can (the check the realtime layer uses)', () => {
    let roles: RolesService;
    let account: TestAccount;
    let serviceSid: string;
    let conversationSid: string;

    beforeAll(async () => {
      roles = router.app.get(RolesService);
      account = await newAccount(router);
      serviceSid = await defaultServiceOf(account);
      const serviceRoles = await account.client.conversations.v1.roles.list();
      const admin = serviceRoles.find((r) => r.friendlyName === 'service admin')!.sid;
      await account.client.conversations.v1.users.create({ identity: 'boss', roleSid: admin });
      const conversation = await account.client.conversations.v1.conversations.create({ uniqueName: 'room' });
      conversationSid = conversation.sid;
      await account.client.conversations.v1.conversations(conversationSid).participants.create({ identity: 'member' });
      const listener = await account.client.conversations.v1.roles.create({
        friendlyName: 'listener',
        type: 'conversation',
        permission: ['leaveConversation'],
      });
      await account.client.conversations.v1
        .conversations(conversationSid)
        .participants.create({ identity: 'listener', roleSid: listener.sid });
    });

    it('a user without a user row gets the service default role', async () => {
      expect(await roles.can({ serviceSid, identity: 'stranger' }, 'createConversation')).toBe(true);
      expect(await roles.can({ serviceSid, identity: 'stranger' }, 'joinConversation')).toBe(true);
      expect(await roles.can({ serviceSid, identity: 'stranger' }, 'deleteAnyMessage')).toBe(false);
    });

    it('a participant acts with its conversation role inside that conversation only', async () => {
      expect(await roles.can({ serviceSid, identity: 'member', conversationSid }, 'sendMessage')).toBe(true);
      expect(await roles.can({ serviceSid, identity: 'member', conversationSid: 'room' }, 'sendMediaMessage')).toBe(true);
      expect(await roles.can({ serviceSid, identity: 'member', conversationSid }, 'removeParticipant')).toBe(false);
      expect(await roles.can({ serviceSid, identity: 'member' }, 'sendMessage')).toBe(false);
      expect(await roles.can({ serviceSid, identity: 'stranger', conversationSid }, 'sendMessage')).toBe(false);
      expect(await roles.can({ serviceSid, identity: 'listener', conversationSid }, 'sendMessage')).toBe(false);
      expect(await roles.can({ serviceSid, identity: 'listener', conversationSid }, 'leaveConversation')).toBe(true);
    });

    it('a service admin may moderate any conversation, without taking part in it', async () => {
      expect(await roles.can({ serviceSid, identity: 'boss', conversationSid }, 'deleteAnyMessage')).toBe(true);
      expect(await roles.can({ serviceSid, identity: 'boss', conversationSid }, 'deleteOwnMessage')).toBe(true);
      expect(await roles.can({ serviceSid, identity: 'boss', conversationSid }, 'sendMessage')).toBe(false);
    });

    it('follows changes of roles and users at once, and knows nothing of other services', async () => {
      const listener = (await account.client.conversations.v1.roles.list()).find((r) => r.friendlyName === 'listener')!;
      await account.client.conversations.v1.roles(listener.sid).update({ permission: ['leaveConversation', 'sendMessage'] });
      expect(await roles.can({ serviceSid, identity: 'listener', conversationSid }, 'sendMessage')).toBe(true);

      const other = await b.client.conversations.v1.configuration().fetch();
      expect(await roles.can({ serviceSid: other.defaultChatServiceSid, identity: 'member', conversationSid }, 'sendMessage')).toBe(false);
      expect(await roles.can({ serviceSid: `IS${'0'.repeat(32)}`, identity: 'member' }, 'createConversation')).toBe(false);
    });
  });
});
