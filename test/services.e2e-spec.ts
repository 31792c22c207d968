import { errorOf, expectRestError, newAccount, raw, startRouter, type RunningRouter, type TestAccount } from './support';

describe('/v1/Services and configuration (e2e)', () => {
  let router: RunningRouter;
  let a: TestAccount;
  let b: TestAccount;

  beforeAll(async () => {
    router = await startRouter();
    a = await newAccount(router, 'services A');
    b = await newAccount(router, 'services B');
  });

  afterAll(async () => {
    await router?.close();
  });

  describe('services', () => {
    it('creates, fetches and removes a service', async () => {
      const created = await a.client.conversations.v1.services.create({ friendlyName: 'Support desk' });
      const url = `${router.baseUrl}/v1/Services/${created.sid}`;
      expect(created).toMatchObject({
        sid: expect.stringMatching(/^IS[0-9a-f]{32}$/),
        accountSid: a.sid,
        friendlyName: 'Support desk',
        url,
        links: {
          conversations: `${url}/Conversations`,
          users: `${url}/Users`,
          roles: `${url}/Roles`,
          bindings: `${url}/Bindings`,
          configuration: `${url}/Configuration`,
          participant_conversations: `${url}/ParticipantConversations`,
          conversation_with_participants: `${url}/ConversationWithParticipants`,
        },
      });
      expect(created.dateCreated).toBeInstanceOf(Date);

      const fetched = await a.client.conversations.v1.services(created.sid).fetch();
      expect(fetched.toJSON()).toEqual(created.toJSON());

      expect(await a.client.conversations.v1.services(created.sid).remove()).toBe(true);
      await expectRestError(a.client.conversations.v1.services(created.sid).fetch(), 404, 20404);
      await expectRestError(a.client.conversations.v1.services(created.sid).remove(), 404, 20404);
    });

    it('returns 201 on create, 204 on delete, ISO dates without milliseconds', async () => {
      const created = await raw(router, { path: '/v1/Services', auth: [a.sid, a.authToken], form: [['FriendlyName', 'raw']] });
      expect(created.status).toBe(201);
      const body = created.json as { sid: string; date_created: string; date_updated: string };
      expect(body.date_created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      const deleted = await raw(router, { method: 'DELETE', path: `/v1/Services/${body.sid}`, auth: [a.sid, a.authToken] });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
    });

    it('requires a FriendlyName of 1 to 256 characters', async () => {
      const account = await newAccount(router);
      const before = (await account.client.conversations.v1.services.list()).length;
      for (const form of [[], [['FriendlyName', '']], [['FriendlyName', 'x'.repeat(257)]]] as [string, string][][]) {
        const res = await raw(router, { path: '/v1/Services', auth: [account.sid, account.authToken], form });
        expect(res.status).toBe(400);
        expect(errorOf(res).code).toBe(form.length ? 50003 : 50000);
      }
      expect(await account.client.conversations.v1.services.list()).toHaveLength(before);
      const longest = await account.client.conversations.v1.services.create({ friendlyName: 'x'.repeat(256) });
      expect(longest.friendlyName).toHaveLength(256);
    });

    it('lists services over several pages, in creation order, starting with the default one', async () => {
      const account = await newAccount(router);
      const defaultSid = (await account.client.conversations.v1.configuration().fetch()).defaultChatServiceSid;
      const made = [defaultSid];
      for (let i = 0; i < 5; i++) made.push((await account.client.conversations.v1.services.create({ friendlyName: `s${i}` })).sid);

      const all = await account.client.conversations.v1.services.list({ pageSize: 2 });
      expect(all.map((s) => s.sid)).toEqual(made);

      const page1 = await account.client.conversations.v1.services.page({ pageSize: 2 });
      expect(page1.instances.map((s) => s.sid)).toEqual(made.slice(0, 2));
      const page2 = await page1.nextPage();
      expect(page2?.instances.map((s) => s.sid)).toEqual(made.slice(2, 4));
      const page3 = await page2?.nextPage();
      expect(page3?.instances.map((s) => s.sid)).toEqual(made.slice(4, 6));
      expect(await page3?.nextPage()).toBeUndefined();
      const back = await page3?.previousPage();
      expect(back?.instances.map((s) => s.sid)).toEqual(made.slice(2, 4));
      const limited = await account.client.conversations.v1.services.list({ pageSize: 2, limit: 3 });
      expect(limited.map((s) => s.sid)).toEqual(made.slice(0, 3));
    });

    it('the default service cannot be deleted until another one is the default', async () => {
      const account = await newAccount(router);
      const configuration = account.client.conversations.v1.configuration();
      const original = (await configuration.fetch()).defaultChatServiceSid;
      const err = await expectRestError(account.client.conversations.v1.services(original).remove(), 400, 20001);
      expect(err.message).toContain(original);
      await expect(account.client.conversations.v1.services(original).fetch()).resolves.toMatchObject({ sid: original });

      const replacement = await account.client.conversations.v1.services.create({ friendlyName: 'new default' });
      await configuration.update({ defaultChatServiceSid: replacement.sid });
      expect(await account.client.conversations.v1.services(original).remove()).toBe(true);
      await expectRestError(account.client.conversations.v1.services(replacement.sid).remove(), 400, 20001);
    });

    it("another account's service is 404 for fetch and delete, and it is kept", async () => {
      const service = await a.client.conversations.v1.services.create({ friendlyName: 'A private' });
      await expectRestError(b.client.conversations.v1.services(service.sid).fetch(), 404, 20404);
      await expectRestError(b.client.conversations.v1.services(service.sid).remove(), 404, 20404);
      await expectRestError(b.client.conversations.v1.services(service.sid).configuration().fetch(), 404, 20404);
      await expectRestError(
        b.client.conversations.v1.services(service.sid).configuration().update({ reachabilityEnabled: true }),
        404,
        20404,
      );
      expect((await b.client.conversations.v1.services.list()).map((s) => s.sid)).not.toContain(service.sid);
      await expect(a.client.conversations.v1.services(service.sid).fetch()).resolves.toMatchObject({ friendlyName: 'A private' });
    });

    it('a path SID of the wrong prefix or shape is 404', async () => {
      for (const id of [`CH${'a'.repeat(32)}`, 'not-a-sid', `IS${'a'.repeat(31)}`]) {
        const res = await raw(router, { path: `/v1/Services/${id}`, auth: [a.sid, a.authToken] });
        expect(res.status).toBe(404);
        expect(errorOf(res)).toMatchObject({ code: 20404, message: `The requested resource /v1/Services/${id} was not found` });
      }
    });

    it('accepts a SID with upper-case hex in the path', async () => {
      const service = await a.client.conversations.v1.services.create({ friendlyName: 'case' });
      const res = await raw(router, { path: `/v1/Services/IS${service.sid.slice(2).toUpperCase()}`, auth: [a.sid, a.authToken] });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ sid: service.sid });
    });
  });

  describe('service configuration', () => {
    it('starts with the default roles and updates them', async () => {
      const service = await a.client.conversations.v1.services.create({ friendlyName: 'configured' });
      // (An instance returned by create() cannot open sub-resources in twilio-node: use the context.)
      const configuration = a.client.conversations.v1.services(service.sid).configuration();
      const initial = await configuration.fetch();
      const url = `${router.baseUrl}/v1/Services/${service.sid}/Configuration`;
      expect(initial).toMatchObject({
        chatServiceSid: service.sid,
        defaultConversationCreatorRoleSid: expect.stringMatching(/^RL[0-9a-f]{32}$/),
        defaultConversationRoleSid: expect.stringMatching(/^RL[0-9a-f]{32}$/),
        defaultChatServiceRoleSid: expect.stringMatching(/^RL[0-9a-f]{32}$/),
        reachabilityEnabled: false,
        url,
        links: { notifications: `${url}/Notifications`, webhooks: `${url}/Webhooks` },
      });

      // Both conversation roles are interchangeable for the two conversation-level settings.
      const updated = await configuration.update({
        defaultConversationRoleSid: initial.defaultConversationCreatorRoleSid,
        defaultConversationCreatorRoleSid: initial.defaultConversationRoleSid,
        reachabilityEnabled: true,
      });
      expect(updated).toMatchObject({
        defaultConversationRoleSid: initial.defaultConversationCreatorRoleSid,
        defaultConversationCreatorRoleSid: initial.defaultConversationRoleSid,
        defaultChatServiceRoleSid: initial.defaultChatServiceRoleSid,
        reachabilityEnabled: true,
      });
      expect((await configuration.fetch()).toJSON()).toEqual(updated.toJSON());
    });

    it('an unknown role is 50100 and a role of the wrong type 50105; nothing changes', async () => {
      const service = await a.client.conversations.v1.services.create({ friendlyName: 'roles' });
      const other = await a.client.conversations.v1.services.create({ friendlyName: 'other roles' });
      const configuration = a.client.conversations.v1.services(service.sid).configuration();
      const initial = await configuration.fetch();
      const otherRoles = await a.client.conversations.v1.services(other.sid).configuration().fetch();

      await expectRestError(configuration.update({ defaultChatServiceRoleSid: `RL${'0'.repeat(32)}` }), 400, 50100);
      await expectRestError(configuration.update({ defaultConversationRoleSid: otherRoles.defaultConversationRoleSid }), 400, 50100);
      await expectRestError(configuration.update({ defaultChatServiceRoleSid: initial.defaultConversationRoleSid }), 400, 50105);
      await expectRestError(configuration.update({ defaultConversationRoleSid: initial.defaultChatServiceRoleSid }), 400, 50105);
      await expectRestError(
        configuration.update({ reachabilityEnabled: true, defaultConversationCreatorRoleSid: initial.defaultChatServiceRoleSid }),
        400,
        50105,
      );
      expect((await configuration.fetch()).toJSON()).toEqual(initial.toJSON());
    });

    it('rejects a role SID of another prefix and a non-boolean flag', async () => {
      const service = await a.client.conversations.v1.services.create({ friendlyName: 'bad config' });
      const path = `/v1/Services/${service.sid}/Configuration`;
      const wrongPrefix = await raw(router, {
        path,
        auth: [a.sid, a.authToken],
        form: [['DefaultChatServiceRoleSid', `IS${'a'.repeat(32)}`]],
      });
      expect(wrongPrefix.status).toBe(400);
      expect(errorOf(wrongPrefix).message).toContain('DefaultChatServiceRoleSid');
      const notBool = await raw(router, { path, auth: [a.sid, a.authToken], form: [['ReachabilityEnabled', 'maybe']] });
      expect(notBool.status).toBe(400);
      expect(errorOf(notBool).code).toBe(20001);
      expect((await a.client.conversations.v1.services(service.sid).configuration().fetch()).reachabilityEnabled).toBe(false);
    });
  });

  describe('account configuration (/v1/Configuration)', () => {
    it('fetches the defaults', async () => {
      const account = await newAccount(router);
      const configuration = await account.client.conversations.v1.configuration().fetch();
      const services = await account.client.conversations.v1.services.list();
      expect(services).toHaveLength(1);
      expect(configuration).toMatchObject({
        accountSid: account.sid,
        defaultChatServiceSid: services[0].sid,
        defaultMessagingServiceSid: null,
        defaultInactiveTimer: null,
        defaultClosedTimer: null,
        url: `${router.baseUrl}/v1/Configuration`,
        links: {
          service: `${router.baseUrl}/v1/Services/${services[0].sid}/Configuration`,
          webhooks: `${router.baseUrl}/v1/Configuration/Webhooks`,
        },
      });
    });

    it('changes the default service, and new conversations go there at once', async () => {
      const account = await newAccount(router);
      const service = await account.client.conversations.v1.services.create({ friendlyName: 'next default' });
      const before = await account.client.conversations.v1.conversations.create({ friendlyName: 'before' });
      const updated = await account.client.conversations.v1.configuration().update({ defaultChatServiceSid: service.sid });
      expect(updated.defaultChatServiceSid).toBe(service.sid);
      expect((await account.client.conversations.v1.configuration().fetch()).defaultChatServiceSid).toBe(service.sid);

      const after = await account.client.conversations.v1.conversations.create({ friendlyName: 'after' });
      expect(after.chatServiceSid).toBe(service.sid);
      expect(before.chatServiceSid).not.toBe(service.sid);
      const inDefault = await account.client.conversations.v1.conversations.list();
      expect(inDefault.map((c) => c.sid)).toEqual([after.sid]);
    });

    it('sets default timers (and a messaging service) that new conversations inherit', async () => {
      const account = await newAccount(router);
      const mg = `MG${'1'.repeat(32)}`;
      const updated = await account.client.conversations.v1
        .configuration()
        .update({ defaultInactiveTimer: 'PT5M', defaultClosedTimer: 'PT1H', defaultMessagingServiceSid: mg });
      expect(updated).toMatchObject({ defaultInactiveTimer: 'PT5M', defaultClosedTimer: 'PT1H', defaultMessagingServiceSid: mg });
      const started = Date.now();
      const conversation = await account.client.conversations.v1.conversations.create({ friendlyName: 'inherits' });
      const timers = conversation.timers as { date_inactive?: string; date_closed?: string };
      expect(Date.parse(timers.date_inactive!) - started).toBeGreaterThan(5 * 60_000 - 5_000);
      expect(Date.parse(timers.date_inactive!) - started).toBeLessThan(5 * 60_000 + 5_000);
      expect(Date.parse(timers.date_closed!) - started).toBeGreaterThan(3_600_000 - 5_000);
      expect(Date.parse(timers.date_closed!) - started).toBeLessThan(3_600_000 + 5_000);
    });

    it('rejects bad durations (50379 / 50380) and too short ones (50375 / 50376); nothing changes', async () => {
      const account = await newAccount(router);
      const configuration = account.client.conversations.v1.configuration();
      const initial = await configuration.fetch();
      await expectRestError(configuration.update({ defaultInactiveTimer: 'ten minutes' }), 400, 50379);
      await expectRestError(configuration.update({ defaultClosedTimer: 'P' }), 400, 50380);
      // The test minimums are PT1S (inactive) and PT2S (closed).
      await expectRestError(configuration.update({ defaultInactiveTimer: 'PT0.5S' }), 400, 50375);
      const closed = await expectRestError(configuration.update({ defaultClosedTimer: 'PT1S' }), 400, 50376);
      expect(closed.message).toContain('PT2S');
      await expectRestError(configuration.update({ defaultInactiveTimer: 'PT1M', defaultClosedTimer: 'PT1S' }), 400, 50376);
      expect((await configuration.fetch()).toJSON()).toEqual(initial.toJSON());
      await expect(configuration.update({ defaultInactiveTimer: 'PT1S', defaultClosedTimer: 'PT2S' })).resolves.toMatchObject({
        defaultInactiveTimer: 'PT1S',
        defaultClosedTimer: 'PT2S',
      });
    });

    it("refuses another account's or an unknown service as the default", async () => {
      const account = await newAccount(router);
      const configuration = account.client.conversations.v1.configuration();
      const initial = await configuration.fetch();
      const foreign = await b.client.conversations.v1.services.create({ friendlyName: 'B service' });
      await expectRestError(configuration.update({ defaultChatServiceSid: foreign.sid }), 404, 50050);
      await expectRestError(configuration.update({ defaultChatServiceSid: `IS${'0'.repeat(32)}` }), 404, 50050);
      const wrongPrefix = await raw(router, {
        path: '/v1/Configuration',
        auth: [account.sid, account.authToken],
        form: [['DefaultChatServiceSid', `CH${'0'.repeat(32)}`]],
      });
      expect(wrongPrefix.status).toBe(400);
      expect(errorOf(wrongPrefix).code).toBe(20001);
      const wrongMg = await raw(router, {
        path: '/v1/Configuration',
        auth: [account.sid, account.authToken],
        form: [['DefaultMessagingServiceSid', 'MG123']],
      });
      expect(wrongMg.status).toBe(400);
      expect(errorOf(wrongMg).code).toBe(50341);
      expect((await configuration.fetch()).toJSON()).toEqual(initial.toJSON());
    });
  });
});
