import {
  expectRestError,
  newAccount,
  restError,
  rootClient,
  startRouter,
  twilioClient,
  type RunningRouter,
  type TestAccount,
  eventuallyPasses,
} from './support';

/**
 * Two API processes sharing PostgreSQL and Redis (here: two applications in one Node process).
 * Each caches credentials and service owners for AUTH_CACHE_TTL_MS (60 s by default); a change
 * made through one must reach the other through the invalidation bus, not after the TTL.
 */
describe('Several API nodes (e2e)', () => {
  let node1: RunningRouter;
  let node2: RunningRouter;
  let account: TestAccount;

  beforeAll(async () => {
    node1 = await startRouter({ role: 'all' });
    node2 = await startRouter({ role: 'api' });
    account = await newAccount(node1);
  });

  afterAll(async () => {
    await node2?.close();
    await node1?.close();
  });

  const on = (node: RunningRouter, username: string, password: string, accountSid?: string) =>
    twilioClient(username, password, { baseUrl: node.baseUrl, accountSid });

  it('a key deleted on one node is refused by the other, which had it cached', async () => {
    const key = await on(node1, account.sid, account.authToken).newKeys.create({ friendlyName: 'shared' });
    const viaNode2 = on(node2, key.sid, key.secret, account.sid);
    await expect(viaNode2.conversations.v1.conversations.list()).resolves.toEqual(expect.any(Array));

    await on(node1, account.sid, account.authToken).keys(key.sid).remove();
    await eventuallyPasses(async () => {
      await expectRestError(viaNode2.conversations.v1.conversations.list(), 401, 20003);
    });
  });

  it('a subaccount suspended on one node is refused by the other', async () => {
    const sub = await newAccount(node1);
    const viaNode2 = on(node2, sub.sid, sub.authToken);
    await expect(viaNode2.conversations.v1.services.list()).resolves.toHaveLength(1);

    await rootClient(node1).api.v2010.accounts(sub.sid).update({ status: 'suspended' });
    await eventuallyPasses(async () => {
      await expectRestError(viaNode2.conversations.v1.services.list(), 401, 20005);
    });
    await rootClient(node1).api.v2010.accounts(sub.sid).update({ status: 'active' });
    await eventuallyPasses(async () => {
      await expect(viaNode2.conversations.v1.services.list()).resolves.toHaveLength(1);
    });
  });

  it('a new default service set on one node is used by the other', async () => {
    const owner = await newAccount(node1);
    const viaNode1 = on(node1, owner.sid, owner.authToken);
    const viaNode2 = on(node2, owner.sid, owner.authToken);
    const first = await viaNode2.conversations.v1.conversations.create({ friendlyName: 'first' });
    const service = await viaNode1.conversations.v1.services.create({ friendlyName: 'next default' });
    expect(first.chatServiceSid).not.toBe(service.sid);

    await viaNode1.conversations.v1.configuration().update({ defaultChatServiceSid: service.sid });
    await eventuallyPasses(async () => {
      expect(await viaNode2.conversations.v1.conversations.list()).toEqual([]);
    });
    const next = await viaNode2.conversations.v1.conversations.create({ friendlyName: 'next' });
    expect(next.chatServiceSid).toBe(service.sid);
  });

  it('a service deleted on one node is gone on the other', async () => {
    const owner = await newAccount(node1);
    const service = await on(node1, owner.sid, owner.authToken).conversations.v1.services.create({ friendlyName: 'doomed' });
    const scopedOn2 = on(node2, owner.sid, owner.authToken).conversations.v1.services(service.sid).conversations;
    await expect(scopedOn2.list()).resolves.toEqual([]);

    await on(node1, owner.sid, owner.authToken).conversations.v1.services(service.sid).remove();
    await eventuallyPasses(async () => {
      const err = await restError(scopedOn2.create({ friendlyName: 'orphan' }));
      expect({ status: err.status, code: err.code }).toEqual({ status: 404, code: 20404 });
    });
  });

  it('both nodes write absolute URLs with their own PUBLIC_URL', async () => {
    const created = await on(node2, account.sid, account.authToken).conversations.v1.conversations.create({ friendlyName: 'where' });
    expect(created.url).toBe(`${node2.baseUrl}/v1/Conversations/${created.sid}`);
    const fetched = await on(node1, account.sid, account.authToken).conversations.v1.conversations(created.sid).fetch();
    expect(fetched.url).toBe(`${node1.baseUrl}/v1/Conversations/${created.sid}`);
  });
});
