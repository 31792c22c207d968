import {
  errorOf,
  expectRestError,
  newAccount,
  raw,
  rootClient,
  startRouter,
  twilioClient,
  type RunningRouter,
  type TestAccount,
} from './support';

describe('Authentication (e2e)', () => {
  let router: RunningRouter;
  let account: TestAccount;

  beforeAll(async () => {
    router = await startRouter();
    account = await newAccount(router);
  });

  afterAll(async () => {
    await router?.close();
  });

  describe('401 / 20003 for missing or wrong credentials', () => {
    it('no Authorization header, with a Basic challenge', async () => {
      const res = await raw(router, { path: '/v1/Conversations' });
      expect(res.status).toBe(401);
      expect(errorOf(res)).toMatchObject({ code: 20003, message: 'Authenticate' });
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="Twilio API"');
    });

    it.each([
      ['a non-Basic scheme', 'Bearer abc'],
      ['Basic without a colon', `Basic ${Buffer.from('ACxyz').toString('base64')}`],
      ['Basic with an empty username', `Basic ${Buffer.from(':secret').toString('base64')}`],
      ['Basic with garbage', 'Basic !!!'],
    ])('%s', async (_what, authorization) => {
      const res = await raw(router, { path: '/v1/Services', authorization });
      expect(res.status).toBe(401);
      expect(errorOf(res).code).toBe(20003);
    });

    it('a wrong auth token, through the official client', async () => {
      const client = twilioClient(account.sid, `${account.authToken}x`);
      await expectRestError(client.conversations.v1.conversations.list(), 401, 20003);
      await expectRestError(client.api.v2010.accounts(account.sid).fetch(), 401, 20003);
    });

    it('an unknown Account SID or API key SID', async () => {
      await expectRestError(twilioClient(`AC${'f'.repeat(32)}`, account.authToken).conversations.v1.services.list(), 401, 20003);
      const key = twilioClient(`SK${'f'.repeat(32)}`, 'secret', { accountSid: account.sid });
      await expectRestError(key.conversations.v1.services.list(), 401, 20003);
    });

    it('a username that is not an AC or SK SID', async () => {
      const res = await raw(router, { path: '/v1/Services', auth: [`IS${'a'.repeat(32)}`, account.authToken] });
      expect(res.status).toBe(401);
      expect(errorOf(res).code).toBe(20003);
    });

    it('the Account SID with its hex part in upper case still authenticates', async () => {
      const upper = `AC${account.sid.slice(2).toUpperCase()}`;
      const res = await raw(router, { path: '/v1/Configuration', auth: [upper, account.authToken] });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ account_sid: account.sid });
    });
  });

  describe('API keys', () => {
    it('a key SID + secret works on /v1 and acts as its account', async () => {
      const key = await account.client.newKeys.create({ friendlyName: 'backend' });
      const client = twilioClient(key.sid, key.secret, { accountSid: account.sid });
      const conversation = await client.conversations.v1.conversations.create({ friendlyName: 'made with a key' });
      expect(conversation.accountSid).toBe(account.sid);
      const seen = await account.client.conversations.v1.conversations(conversation.sid).fetch();
      expect(seen.friendlyName).toBe('made with a key');
      const configuration = await client.conversations.v1.configuration().fetch();
      expect(configuration.accountSid).toBe(account.sid);
    });

    it('a key with a wrong secret is refused', async () => {
      const key = await account.client.newKeys.create({ friendlyName: 'wrong secret' });
      const client = twilioClient(
        key.sid,
        key.secret.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
        { accountSid: account.sid },
      );
      await expectRestError(client.conversations.v1.conversations.list(), 401, 20003);
    });

    it('a standard key cannot read nor manage accounts and keys (401 / 20003, as on Twilio)', async () => {
      const key = await account.client.newKeys.create({ friendlyName: 'limited' });
      const client = twilioClient(key.sid, key.secret, { accountSid: account.sid });
      await expectRestError(client.newKeys.create({ friendlyName: 'escalation' }), 401, 20003);
      await expectRestError(client.api.v2010.accounts.create({ friendlyName: 'escalation' }), 401, 20003);
      await expectRestError(client.keys.list(), 401, 20003);
      await expectRestError(client.keys(key.sid).fetch(), 401, 20003);
      await expectRestError(client.keys(key.sid).remove(), 401, 20003);
      await expectRestError(client.api.v2010.accounts(account.sid).update({ friendlyName: 'renamed by a key' }), 401, 20003);
      await expectRestError(client.api.v2010.accounts.list(), 401, 20003);
      await expectRestError(client.api.v2010.accounts(account.sid).fetch(), 401, 20003);
      // The key still works everywhere else.
      await expect(client.conversations.v1.conversations.list()).resolves.toEqual(expect.any(Array));
      const keys = await account.client.keys.list();
      expect(keys.map((k) => k.friendlyName)).not.toContain('escalation');
      expect((await account.client.api.v2010.accounts(account.sid).fetch()).friendlyName).not.toBe('renamed by a key');
    });

    it('a main key (KeyType=main, made with the auth token) manages accounts and keys as the auth token does', async () => {
      // twilio-node's newKeys.create sends FriendlyName only (Twilio makes main keys in its Console).
      const createKey = (auth: [string, string], form: [string, string][]) =>
        raw(router, { path: `/2010-04-01/Accounts/${account.sid}/Keys.json`, auth, form });
      const created = await createKey(
        [account.sid, account.authToken],
        [
          ['FriendlyName', 'main'],
          ['KeyType', 'main'],
        ],
      );
      expect(created.status).toBe(201);
      const main = created.json as { sid: string; secret: string };
      const client = twilioClient(main.sid, main.secret, { accountSid: account.sid });
      expect((await client.api.v2010.accounts(account.sid).fetch()).sid).toBe(account.sid);
      expect((await client.api.v2010.accounts.list()).map((a) => a.sid)).toContain(account.sid);
      const made = await client.newKeys.create({ friendlyName: 'made by the main key' });
      expect((await client.keys(made.sid).fetch()).friendlyName).toBe('made by the main key');
      expect(await client.keys(made.sid).remove()).toBe(true);
      const sub = await client.api.v2010.accounts.create({ friendlyName: 'made by a main key' });
      expect(sub.ownerAccountSid).toBe(account.sid);
      // A standard key cannot make itself a main key.
      const standard = await account.client.newKeys.create({ friendlyName: 'standard' });
      const escalation = await createKey([standard.sid, standard.secret], [['KeyType', 'main']]);
      expect(escalation.status).toBe(401);
      expect(errorOf(escalation).code).toBe(20003);
    });

    it('a deleted key stops working at once', async () => {
      const key = await account.client.newKeys.create({ friendlyName: 'short-lived' });
      const client = twilioClient(key.sid, key.secret, { accountSid: account.sid });
      await expect(client.conversations.v1.conversations.list()).resolves.toEqual(expect.any(Array));
      expect(await account.client.keys(key.sid).remove()).toBe(true);
      await expectRestError(client.conversations.v1.conversations.list(), 401, 20003);
    });
  });

  describe('account status', () => {
    it('a suspended subaccount gets 401 / 20005 (its keys too) until reactivated', async () => {
      const sub = await newAccount(router);
      const key = await sub.client.newKeys.create({ friendlyName: 'sub key' });
      const keyClient = twilioClient(key.sid, key.secret, { accountSid: sub.sid });
      await expect(sub.client.conversations.v1.conversations.list()).resolves.toEqual([]);

      const suspended = await rootClient(router).api.v2010.accounts(sub.sid).update({ status: 'suspended' });
      expect(suspended.status).toBe('suspended');

      const err = await expectRestError(sub.client.conversations.v1.conversations.list(), 401, 20005);
      expect(err.message).toContain(sub.sid);
      await expectRestError(keyClient.conversations.v1.services.list(), 401, 20005);
      // A wrong token for a suspended account is still just "Authenticate".
      await expectRestError(twilioClient(sub.sid, 'not-the-token').conversations.v1.services.list(), 401, 20003);

      await rootClient(router).api.v2010.accounts(sub.sid).update({ status: 'active' });
      await expect(sub.client.conversations.v1.conversations.list()).resolves.toEqual([]);
      await expect(keyClient.conversations.v1.services.list()).resolves.toHaveLength(1);
    });

    it('a closed subaccount cannot be reopened', async () => {
      const sub = await newAccount(router);
      const root = rootClient(router);
      await root.api.v2010.accounts(sub.sid).update({ status: 'closed' });
      await expectRestError(sub.client.conversations.v1.services.list(), 401, 20005);
      const err = await expectRestError(root.api.v2010.accounts(sub.sid).update({ status: 'active' }), 400, 20001);
      expect(err.message).toContain('closed');
      expect((await root.api.v2010.accounts(sub.sid).fetch()).status).toBe('closed');
    });

    it('an account cannot change its own status', async () => {
      await expectRestError(account.client.api.v2010.accounts(account.sid).update({ status: 'suspended' }), 400, 20001);
      expect((await account.client.api.v2010.accounts(account.sid).fetch()).status).toBe('active');
    });
  });

  it('GET /healthz needs no credentials, /v1 always does', async () => {
    expect((await raw(router, { path: '/healthz' })).status).toBe(200);
    expect((await raw(router, { path: '/v1/Configuration' })).status).toBe(401);
    expect((await raw(router, { path: '/2010-04-01/Accounts.json' })).status).toBe(401);
  });
});
