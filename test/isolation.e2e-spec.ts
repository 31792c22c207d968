import { expectRestError, newAccount, startRouter, twilioClient, type RunningRouter, type TestAccount } from './support';

describe('Subaccount isolation (e2e)', () => {
  let router: RunningRouter;
  let a: TestAccount;
  let b: TestAccount;

  beforeAll(async () => {
    router = await startRouter();
    a = await newAccount(router, 'isolation A');
    b = await newAccount(router, 'isolation B');
  });

  afterAll(async () => {
    await router?.close();
  });

  it("B gets 404 for A's conversation by SID and by unique name, and cannot change it", async () => {
    const mine = await a.client.conversations.v1.conversations.create({ friendlyName: 'A secret', uniqueName: 'a-only' });
    const theirs = b.client.conversations.v1.conversations;
    await expectRestError(theirs(mine.sid).fetch(), 404, 20404);
    await expectRestError(theirs('a-only').fetch(), 404, 20404);
    await expectRestError(theirs(mine.sid).update({ friendlyName: 'defaced' }), 404, 20404);
    await expectRestError(theirs('a-only').update({ state: 'closed' }), 404, 20404);
    await expectRestError(theirs(mine.sid).remove(), 404, 20404);
    expect(await a.client.conversations.v1.conversations(mine.sid).fetch()).toMatchObject({ friendlyName: 'A secret', state: 'active' });
  });

  it("B's API key does not see A's data either", async () => {
    const mine = await a.client.conversations.v1.conversations.create({ friendlyName: 'A again' });
    const key = await b.client.newKeys.create({ friendlyName: 'B key' });
    const bKey = twilioClient(key.sid, key.secret, { accountSid: b.sid });
    await expectRestError(bKey.conversations.v1.conversations(mine.sid).fetch(), 404, 20404);
    // A key of B presented as A's account: the key still acts for B only.
    const confused = twilioClient(key.sid, key.secret, { accountSid: a.sid });
    await expectRestError(confused.conversations.v1.conversations(mine.sid).fetch(), 404, 20404);
    expect((await confused.conversations.v1.configuration().fetch()).accountSid).toBe(b.sid);
  });

  it('unique names are per account: both can use the same one', async () => {
    const ofA = await a.client.conversations.v1.conversations.create({ uniqueName: 'shared-name', friendlyName: 'of A' });
    const ofB = await b.client.conversations.v1.conversations.create({ uniqueName: 'shared-name', friendlyName: 'of B' });
    expect(ofA.sid).not.toBe(ofB.sid);
    expect((await a.client.conversations.v1.conversations('shared-name').fetch()).friendlyName).toBe('of A');
    expect((await b.client.conversations.v1.conversations('shared-name').fetch()).friendlyName).toBe('of B');
  });

  it("lists show only the caller's conversations and services", async () => {
    const ofB = await b.client.conversations.v1.conversations.create({ friendlyName: 'B list item' });
    const serviceOfB = await b.client.conversations.v1.services.create({ friendlyName: 'B service' });
    await b.client.conversations.v1.services(serviceOfB.sid).conversations.create({ friendlyName: 'B scoped item' });

    const listA = await a.client.conversations.v1.conversations.list();
    expect(listA.length).toBeGreaterThan(0);
    expect(listA.every((c) => c.accountSid === a.sid)).toBe(true);
    expect(listA.map((c) => c.sid)).not.toContain(ofB.sid);
    const servicesA = await a.client.conversations.v1.services.list();
    expect(servicesA.every((s) => s.accountSid === a.sid)).toBe(true);
    expect(servicesA.map((s) => s.sid)).not.toContain(serviceOfB.sid);

    await expectRestError(a.client.conversations.v1.services(serviceOfB.sid).fetch(), 404, 20404);
    await expectRestError(a.client.conversations.v1.services(serviceOfB.sid).conversations.list(), 404, 20404);
    await expectRestError(a.client.conversations.v1.services(serviceOfB.sid).conversations.create({ friendlyName: 'planted' }), 404, 20404);
    const scopedB = await b.client.conversations.v1.services(serviceOfB.sid).conversations.list();
    expect(scopedB.map((c) => c.friendlyName)).toEqual(['B scoped item']);
  });

  it('an owner does not see its subaccount’s conversations through its own credentials', async () => {
    const child = await a.client.api.v2010.accounts.create({ friendlyName: 'A child' });
    const childClient = twilioClient(child.sid, child.authToken);
    const ofChild = await childClient.conversations.v1.conversations.create({ friendlyName: 'child item' });
    await expectRestError(a.client.conversations.v1.conversations(ofChild.sid).fetch(), 404, 20404);
    expect((await a.client.conversations.v1.conversations.list()).map((c) => c.sid)).not.toContain(ofChild.sid);
  });
});
