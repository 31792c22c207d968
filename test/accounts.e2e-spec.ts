import { errorOf, expectRestError, newAccount, raw, startRouter, twilioClient, type RunningRouter, type TestAccount } from './support';

describe('/2010-04-01 Accounts and Keys (e2e)', () => {
  let router: RunningRouter;
  let a: TestAccount;
  let b: TestAccount;

  beforeAll(async () => {
    router = await startRouter();
    a = await newAccount(router, 'account A');
    b = await newAccount(router, 'account B');
  });

  afterAll(async () => {
    await router?.close();
  });

  describe('accounts', () => {
    it('creates a subaccount and returns its auth token once', async () => {
      const sub = await a.client.api.v2010.accounts.create({ friendlyName: 'A child' });
      expect(sub).toMatchObject({
        sid: expect.stringMatching(/^AC[0-9a-f]{32}$/),
        authToken: expect.stringMatching(/^[0-9a-f]{32}$/),
        friendlyName: 'A child',
        ownerAccountSid: a.sid,
        status: 'active',
        type: 'Full',
        uri: `/2010-04-01/Accounts/${sub.sid}.json`,
      });
      expect(sub.dateCreated).toBeInstanceOf(Date);
      expect(Math.abs(sub.dateCreated.getTime() - Date.now())).toBeLessThan(60_000);

      const fetched = await a.client.api.v2010.accounts(sub.sid).fetch();
      expect(fetched.authToken).toBeNull();
      expect(fetched).toMatchObject({ sid: sub.sid, friendlyName: 'A child', ownerAccountSid: a.sid, status: 'active' });
      const listed = await a.client.api.v2010.accounts.list();
      expect(listed.find((x) => x.sid === sub.sid)?.authToken).toBeNull();

      // The token works for the new account, and it has its own default service.
      const client = twilioClient(sub.sid, sub.authToken);
      const configuration = await client.conversations.v1.configuration().fetch();
      expect(configuration.accountSid).toBe(sub.sid);
      expect(configuration.defaultChatServiceSid).toMatch(/^IS[0-9a-f]{32}$/);
    });

    it('the wire body: create returns auth_token, fetch returns null, RFC 2822 dates', async () => {
      const created = await raw(router, {
        path: '/2010-04-01/Accounts.json',
        auth: [a.sid, a.authToken],
        form: [['FriendlyName', 'raw child']],
      });
      expect(created.status).toBe(201);
      const body = created.json as Record<string, unknown>;
      expect(body.auth_token).toMatch(/^[0-9a-f]{32}$/);
      expect(body.date_created).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
      const fetched = await raw(router, { path: `/2010-04-01/Accounts/${String(body.sid)}.json`, auth: [a.sid, a.authToken] });
      expect(fetched.status).toBe(200);
      expect(fetched.json).toMatchObject({ sid: body.sid, auth_token: null });
      expect(fetched.text).not.toContain(String(body.auth_token));
    });

    it('a default friendly name when none is given', async () => {
      const sub = await b.client.api.v2010.accounts.create();
      expect(sub.friendlyName).toMatch(/^SubAccount Created at /);
    });

    it('lists the caller and its own subaccounts only', async () => {
      const owner = await newAccount(router, 'lister');
      const c1 = await owner.client.api.v2010.accounts.create({ friendlyName: 'c1' });
      const c2 = await owner.client.api.v2010.accounts.create({ friendlyName: 'c2' });
      await twilioClient(c1.sid, c1.authToken).api.v2010.accounts.create({ friendlyName: 'grandchild' });

      const listed = await owner.client.api.v2010.accounts.list();
      expect(listed.map((x) => x.sid).sort()).toEqual([owner.sid, c1.sid, c2.sid].sort());
      expect(listed.map((x) => x.friendlyName)).not.toContain('grandchild');

      const byName = await owner.client.api.v2010.accounts.list({ friendlyName: 'c2' });
      expect(byName.map((x) => x.sid)).toEqual([c2.sid]);
      await owner.client.api.v2010.accounts(c1.sid).update({ status: 'suspended' });
      const suspended = await owner.client.api.v2010.accounts.list({ status: 'suspended' });
      expect(suspended.map((x) => x.sid)).toEqual([c1.sid]);
    });

    it('pages the account list (2010-04-01 relative page URIs)', async () => {
      const owner = await newAccount(router, 'pager');
      const made: string[] = [owner.sid];
      for (let i = 0; i < 4; i++) made.push((await owner.client.api.v2010.accounts.create({ friendlyName: `p${i}` })).sid);
      const listed = await owner.client.api.v2010.accounts.list({ pageSize: 2 });
      expect(listed.map((x) => x.sid)).toEqual(made);
      const first = await owner.client.api.v2010.accounts.page({ pageSize: 2 });
      expect(first.instances.map((x) => x.sid)).toEqual(made.slice(0, 2));
      const second = await first.nextPage();
      expect(second?.instances.map((x) => x.sid)).toEqual(made.slice(2, 4));
    });

    it('keeps a filter with spaces across pages', async () => {
      const owner = await newAccount(router, 'filter pager');
      const same: string[] = [];
      for (let i = 0; i < 3; i++) {
        same.push((await owner.client.api.v2010.accounts.create({ friendlyName: 'Team Blue & Co' })).sid);
        await owner.client.api.v2010.accounts.create({ friendlyName: `Team Red ${i}` });
      }
      const listed = await owner.client.api.v2010.accounts.list({ friendlyName: 'Team Blue & Co', pageSize: 1 });
      expect(listed.map((x) => x.sid)).toEqual(same);
      const page = await owner.client.api.v2010.accounts.page({ friendlyName: 'Team Blue & Co', pageSize: 1 });
      expect(page.nextPageUrl).toContain('FriendlyName=Team%20Blue%20%26%20Co');
    });

    it("another account's subaccount is 404, for fetch and update", async () => {
      const child = await a.client.api.v2010.accounts.create({ friendlyName: 'private child' });
      const err = await expectRestError(b.client.api.v2010.accounts(child.sid).fetch(), 404, 20404);
      expect(err.message).toBe(`The requested resource /2010-04-01/Accounts/${child.sid}.json was not found`);
      await expectRestError(b.client.api.v2010.accounts(child.sid).update({ friendlyName: 'hijacked' }), 404, 20404);
      await expectRestError(b.client.api.v2010.accounts(a.sid).fetch(), 404, 20404);
      expect((await a.client.api.v2010.accounts(child.sid).fetch()).friendlyName).toBe('private child');
      // Nor can it manage that account's keys.
      await expectRestError(b.client.api.v2010.accounts(child.sid).keys.list(), 404, 20404);
    });

    it('an owner can manage its subaccount’s keys', async () => {
      const child = await a.client.api.v2010.accounts.create({ friendlyName: 'keyed child' });
      const key = await a.client.api.v2010.accounts(child.sid).newKeys.create({ friendlyName: 'for child' });
      const client = twilioClient(key.sid, key.secret, { accountSid: child.sid });
      expect((await client.conversations.v1.configuration().fetch()).accountSid).toBe(child.sid);
      expect((await a.client.api.v2010.accounts(child.sid).keys.list()).map((k) => k.sid)).toEqual([key.sid]);
    });

    it('renames an account', async () => {
      const child = await a.client.api.v2010.accounts.create({ friendlyName: 'old name' });
      const updated = await a.client.api.v2010.accounts(child.sid).update({ friendlyName: 'new name' });
      expect(updated.friendlyName).toBe('new name');
      expect((await a.client.api.v2010.accounts(child.sid).fetch()).friendlyName).toBe('new name');
    });

    it('rejects bad input with 4xx', async () => {
      const tooLong = await raw(router, {
        path: '/2010-04-01/Accounts.json',
        auth: [a.sid, a.authToken],
        form: [['FriendlyName', 'x'.repeat(65)]],
      });
      expect(tooLong.status).toBe(400);
      expect(errorOf(tooLong).code).toBe(20001);
      const badStatus = await raw(router, {
        path: `/2010-04-01/Accounts/${a.sid}.json`,
        auth: [a.sid, a.authToken],
        form: [['Status', 'deleted']],
      });
      expect(badStatus.status).toBe(400);
      expect(errorOf(badStatus).code).toBe(20001);
      const badSid = await raw(router, { path: `/2010-04-01/Accounts/IS${'a'.repeat(32)}.json`, auth: [a.sid, a.authToken] });
      expect(badSid.status).toBe(404);
      expect(errorOf(badSid).code).toBe(20404);
    });
  });

  describe('keys', () => {
    it('creates a key with its secret, and never shows the secret again', async () => {
      const key = await a.client.newKeys.create({ friendlyName: 'ci' });
      expect(key).toMatchObject({
        sid: expect.stringMatching(/^SK[0-9a-f]{32}$/),
        friendlyName: 'ci',
        secret: expect.stringMatching(/^[0-9a-f]{32}$/),
      });

      const fetched = await raw(router, { path: `/2010-04-01/Accounts/${a.sid}/Keys/${key.sid}.json`, auth: [a.sid, a.authToken] });
      expect(fetched.status).toBe(200);
      expect(fetched.json).toEqual({
        sid: key.sid,
        friendly_name: 'ci',
        date_created: expect.any(String),
        date_updated: expect.any(String),
      });
      const listed = await raw(router, { path: `/2010-04-01/Accounts/${a.sid}/Keys.json`, auth: [a.sid, a.authToken] });
      expect(listed.status).toBe(200);
      expect(listed.text).toContain(key.sid);
      expect(listed.text).not.toContain(key.secret);
    });

    it('lists, fetches, renames and removes keys with the official client', async () => {
      const owner = await newAccount(router);
      const made = [];
      for (let i = 0; i < 5; i++) made.push(await owner.client.newKeys.create({ friendlyName: `key ${i}` }));

      const listed = await owner.client.keys.list({ pageSize: 2 });
      expect(listed.map((k) => k.sid)).toEqual(made.map((k) => k.sid));
      expect(listed.map((k) => k.friendlyName)).toEqual(['key 0', 'key 1', 'key 2', 'key 3', 'key 4']);

      const fetched = await owner.client.keys(made[2].sid).fetch();
      expect(fetched).toMatchObject({ sid: made[2].sid, friendlyName: 'key 2' });

      const renamed = await owner.client.keys(made[2].sid).update({ friendlyName: 'renamed' });
      expect(renamed.friendlyName).toBe('renamed');
      expect((await owner.client.keys(made[2].sid).fetch()).friendlyName).toBe('renamed');

      expect(await owner.client.keys(made[0].sid).remove()).toBe(true);
      await expectRestError(owner.client.keys(made[0].sid).fetch(), 404, 20404);
      await expectRestError(owner.client.keys(made[0].sid).remove(), 404, 20404);
      expect((await owner.client.keys.list()).map((k) => k.sid)).toEqual(made.slice(1).map((k) => k.sid));
    });

    it('keys of another account are 404 and untouched', async () => {
      const key = await a.client.newKeys.create({ friendlyName: 'A only' });
      await expectRestError(b.client.keys(key.sid).fetch(), 404, 20404);
      await expectRestError(b.client.keys(key.sid).update({ friendlyName: 'stolen' }), 404, 20404);
      await expectRestError(b.client.keys(key.sid).remove(), 404, 20404);
      await expectRestError(b.client.api.v2010.accounts(a.sid).keys.list(), 404, 20404);
      await expectRestError(b.client.api.v2010.accounts(a.sid).newKeys.create({ friendlyName: 'planted' }), 404, 20404);
      expect((await a.client.keys(key.sid).fetch()).friendlyName).toBe('A only');
      expect((await a.client.keys.list()).map((k) => k.friendlyName)).not.toContain('planted');
    });
  });
});
