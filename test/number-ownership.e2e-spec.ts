import pg from 'pg';
import {
  carrierSid,
  errorOf,
  expectRestError,
  newAccount,
  postInbound,
  raw,
  rootCredentials,
  startFakeCarrier,
  startRouter,
  twilioClient,
  uniqueNumber,
  type FakeCarrier,
  type RunningRouter,
  type TestAccount,
} from './support';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A proxy address (an SMS number, a WhatsApp sender) belongs to one account: the first to configure
 * or use it. Another account can neither bind it, configure it nor send from it, and inbound
 * messages to it reach only its owner. A parent account moves numbers between itself and its
 * subaccounts, the operator's bootstrap account between any accounts; an owner releases a number
 * it no longer uses.
 */
describe('Proxy address ownership (e2e)', () => {
  let router: RunningRouter;
  let carrier: FakeCarrier;
  let db: pg.Client;

  beforeAll(async () => {
    carrier = await startFakeCarrier();
    router = await startRouter({ env: { CHANNEL_PROVIDER: 'twilio', TWILIO_API_URL: carrier.url } });
    db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await router?.close();
    await carrier?.close();
    await db?.end();
  });

  const conversationsOf = (account: TestAccount, address: string) =>
    account.client.conversations.v1.participantConversations.list({ address });
  const bind = async (account: TestAccount, address: string, proxyAddress: string) => {
    const c = await account.client.conversations.v1.conversations.create({});
    const p = await account.client.conversations.v1
      .conversations(c.sid)
      .participants.create({ 'messagingBinding.address': address, 'messagingBinding.proxyAddress': proxyAddress });
    return { conversationSid: c.sid, participantSid: p.sid };
  };
  const proxyAddress = (account: { sid: string; authToken: string }, address: string, form?: [string, string][]) =>
    raw(router, {
      path: `/router/v1/ProxyAddresses/${encodeURIComponent(address)}`,
      auth: [account.sid, account.authToken],
      ...(form ? { form } : {}),
    });

  it("another account cannot bind a number an account configured, and inbound messages reach only the owner's conversation", async () => {
    const owner = await newAccount(router, 'number owner');
    const attacker = await newAccount(router, 'number taker');
    const [number, customer] = [uniqueNumber(), uniqueNumber()];
    await owner.client.conversations.v1.addressConfigurations.create({
      type: 'sms',
      address: number,
      'autoCreation.enabled': true,
      'autoCreation.type': 'default',
    });

    // The attacker tries to bind the owner's customer to the owner's number.
    const trap = await attacker.client.conversations.v1.conversations.create({ friendlyName: 'trap' });
    const refused = await expectRestError(
      attacker.client.conversations.v1
        .conversations(trap.sid)
        .participants.create({ 'messagingBinding.address': customer, 'messagingBinding.proxyAddress': number }),
      400,
      50413,
    );
    expect(refused.message).not.toContain(owner.sid);
    expect(await attacker.client.conversations.v1.conversations(trap.sid).participants.list()).toEqual([]);

    // The customer writes to the owner's number: the owner's auto-created conversation gets it.
    expect((await postInbound(router, { From: customer, To: number, Body: 'for the owner', MessageSid: carrierSid() })).status).toBe(200);
    const [pc] = await conversationsOf(owner, customer);
    expect(pc).toBeDefined();
    const received = await owner.client.conversations.v1.conversations(pc.conversationSid).messages.list();
    expect(received.map((m) => m.body)).toEqual(['for the owner']);
    expect(await conversationsOf(attacker, customer)).toEqual([]);
    expect(await attacker.client.conversations.v1.conversations(trap.sid).messages.list()).toEqual([]);

    // Nothing reaches the carrier from the owner's number on the attacker's behalf.
    await attacker.client.conversations.v1
      .conversations(trap.sid)
      .messages.create({ author: 'attacker', body: 'reply from a stolen number' });
    await sleep(500);
    expect(carrier.requests.filter((s) => s.body === 'reply from a stolen number')).toEqual([]);
  });

  it('the first account to use a number owns it: every other way to use it is refused alike, naming no one', async () => {
    const owner = await newAccount(router, 'first user');
    const other = await newAccount(router, 'second user');
    const [number, customer] = [uniqueNumber(), uniqueNumber()];
    await bind(owner, customer, number);

    const messages: string[] = [];
    const expectRefused = async (call: Promise<unknown>, code = 50413) => messages.push((await expectRestError(call, 400, code)).message);
    const own = await other.client.conversations.v1.conversations.create({});
    const participants = other.client.conversations.v1.conversations(own.sid).participants;
    await expectRefused(participants.create({ 'messagingBinding.address': uniqueNumber(), 'messagingBinding.proxyAddress': number }));
    await expectRefused(
      other.client.conversations.v1.conversationWithParticipants.create({
        friendlyName: 'with a taken number',
        participant: [JSON.stringify({ messaging_binding: { address: uniqueNumber(), proxy_address: number } })],
      }),
    );
    await expectRefused(other.client.conversations.v1.addressConfigurations.create({ type: 'sms', address: number }));
    const whatsapp = `whatsapp:${uniqueNumber()}`;
    await bind(owner, `whatsapp:${customer}`, whatsapp);
    await expectRefused(other.client.conversations.v1.addressConfigurations.create({ type: 'whatsapp', address: whatsapp }));
    // Moving one of its own participants onto the number, or projecting it for Group MMS.
    const mine = await participants.create({ 'messagingBinding.address': customer, 'messagingBinding.proxyAddress': uniqueNumber() });
    await expectRefused(participants(mine.sid).update({ 'messagingBinding.proxyAddress': number }));
    await expectRefused(participants.create({ identity: 'agent', 'messagingBinding.projectedAddress': number }), 50439);
    const settings = await raw(router, {
      path: '/router/v1/ProxyAddresses',
      auth: [other.sid, other.authToken],
      form: [['Address', number]],
    });
    expect(settings.status).toBe(400);
    messages.push(errorOf(settings).message);

    for (const message of messages) expect(message).not.toMatch(/AC[0-9a-f]{32}|another account|belongs/);
    expect(messages.filter((m) => m.includes(number))).toHaveLength(messages.length - 1);
    // Nothing of it was written for the other account.
    expect((await participants.list()).map((p) => p.sid)).toEqual([mine.sid]);
    expect(await other.client.conversations.v1.conversations.list()).toHaveLength(1);
    expect(await other.client.conversations.v1.addressConfigurations.list()).toEqual([]);
    expect((await participants(mine.sid).fetch()).messagingBinding).toMatchObject({ address: customer });

    // The owner sees the number among its proxy addresses; the other account does not see it at all.
    const listed = await raw(router, { path: '/router/v1/ProxyAddresses', auth: [owner.sid, owner.authToken] });
    expect((listed.json as { proxy_addresses: { address: string }[] }).proxy_addresses.map((p) => p.address)).toEqual(
      expect.arrayContaining([number, whatsapp]),
    );
    expect((await proxyAddress(other, number)).status).toBe(404);
    // The owner keeps using it in any of its conversations.
    await bind(owner, uniqueNumber(), number);
  });

  it('parallel first uses of the same new numbers, in any order, all succeed in one account and fail alike in another', async () => {
    const owner = await newAccount(router, 'parallel claims');
    const other = await newAccount(router, 'parallel loser');
    const [a, b] = [uniqueNumber(), uniqueNumber()];
    const create = (account: TestAccount, proxies: string[]) =>
      account.client.conversations.v1.conversationWithParticipants.create({
        participant: proxies.map((proxy) => JSON.stringify({ messaging_binding: { address: uniqueNumber(), proxy_address: proxy } })),
      });
    const created = await Promise.all(Array.from({ length: 10 }, (_, i) => create(owner, i % 2 ? [a, b] : [b, a])));
    expect(created).toHaveLength(10);
    const refused = await Promise.allSettled(Array.from({ length: 4 }, (_, i) => create(other, i % 2 ? [a, b] : [b, a])));
    expect(refused.map((r) => (r.status === 'rejected' ? (r.reason as { code?: number }).code : 'created'))).toEqual([
      50413, 50413, 50413, 50413,
    ]);
  });

  it("inbound routing ignores another account's bindings left from before ownership, and nothing is sent from them", async () => {
    const owner = await newAccount(router, 'legacy owner');
    const legacy = await newAccount(router, 'legacy sharer');
    const [number, customer] = [uniqueNumber(), uniqueNumber()];
    // The other account's conversation is the older one: "the oldest binding wins" gave it the messages.
    const old = await bind(legacy, customer, uniqueNumber());
    await sleep(20);
    const current = await bind(owner, customer, number);
    await db.query('UPDATE participants SET proxy_address = $1 WHERE sid = $2', [number, old.participantSid]);
    await db.query('UPDATE messaging_bindings SET proxy_address = $1 WHERE participant_sid = $2', [number, old.participantSid]);

    expect((await postInbound(router, { From: customer, To: number, Body: 'to the owner', MessageSid: carrierSid() })).status).toBe(200);
    const ownerMessages = await owner.client.conversations.v1.conversations(current.conversationSid).messages.list();
    expect(ownerMessages.map((m) => m.body)).toEqual(['to the owner']);
    expect(await legacy.client.conversations.v1.conversations(old.conversationSid).messages.list()).toEqual([]);

    // A reply in the old conversation fails as Twilio fails a From number not of the account (21606).
    const reply = await legacy.client.conversations.v1
      .conversations(old.conversationSid)
      .messages.create({ author: 'legacy agent', body: 'from a number that is not mine' });
    const receipts = () => legacy.client.conversations.v1.conversations(old.conversationSid).messages(reply.sid).deliveryReceipts.list();
    for (let i = 0; i < 50 && (await receipts())[0]?.status !== 'failed'; i++) await sleep(100);
    expect((await receipts()).map((r) => ({ status: r.status, errorCode: r.errorCode }))).toEqual([{ status: 'failed', errorCode: 21606 }]);
    expect(carrier.requests.filter((s) => s.body === 'from a number that is not mine')).toEqual([]);
    // The owner's replies go out From the number.
    await owner.client.conversations.v1
      .conversations(current.conversationSid)
      .messages.create({ author: 'owner agent', body: 'owner reply' });
    const [sent] = await carrier.waitForAccepted((s) => s.body === 'owner reply');
    expect(sent).toMatchObject({ from: number, to: customer });
  });

  describe('subaccounts, moves and release', () => {
    it('a parent and its subaccount do not share numbers; the parent moves one to the subaccount once it stopped using it', async () => {
      const parent = await newAccount(router, 'number parent');
      const created = await parent.client.api.v2010.accounts.create({ friendlyName: 'number child' });
      const child = { sid: created.sid, authToken: created.authToken, client: twilioClient(created.sid, created.authToken) };
      const [number, customer] = [uniqueNumber(), uniqueNumber()];
      const held = await bind(parent, customer, number);
      await expectRestError(
        child.client.conversations.v1.conversationWithParticipants.create({
          participant: [JSON.stringify({ messaging_binding: { address: customer, proxy_address: number } })],
        }),
        400,
        50413,
      );

      // Not while the parent's conversation is bound to it; the answer says why.
      const busy = await proxyAddress(parent, number, [['AccountSid', child.sid]]);
      expect(busy.status).toBe(409);
      expect(errorOf(busy).message).toContain('1 participant(s) of open conversations');
      // Neither by a standard API key of the parent.
      const key = await parent.client.newKeys.create({ friendlyName: 'standard' });
      expect((await proxyAddress({ sid: key.sid, authToken: key.secret }, number, [['AccountSid', child.sid]])).status).toBe(401);

      await parent.client.conversations.v1.conversations(held.conversationSid).participants(held.participantSid).remove();
      const moved = await proxyAddress(parent, number, [['AccountSid', child.sid]]);
      expect(moved.status).toBe(200);
      expect(moved.json).toMatchObject({ address: number, account_sid: child.sid });

      // Now the subaccount's: it binds it and receives its messages; the parent no longer can.
      const childConversation = await bind(child, customer, number);
      await expectRestError(bind(parent, uniqueNumber(), number), 400, 50413);
      await postInbound(router, { From: customer, To: number, Body: 'to the child', MessageSid: carrierSid() });
      const got = await child.client.conversations.v1.conversations(childConversation.conversationSid).messages.list();
      expect(got.map((m) => m.body)).toEqual(['to the child']);
      expect((await proxyAddress(child, number)).json).toMatchObject({ account_sid: child.sid });
      expect((await proxyAddress(parent, number)).status).toBe(404);
      // The parent may move it back (a subaccount's number is within its reach).
      await child.client.conversations.v1.conversations(childConversation.conversationSid).update({ state: 'closed' });
      expect((await proxyAddress(parent, number, [['AccountSid', parent.sid]])).json).toMatchObject({ account_sid: parent.sid });
    });

    it('only the owner, an account above it, or the operator moves a number; the operator between any accounts', async () => {
      const a = await newAccount(router, 'mover a');
      const b = await newAccount(router, 'mover b');
      const number = uniqueNumber();
      await raw(router, { path: '/router/v1/ProxyAddresses', auth: [a.sid, a.authToken], form: [['Address', number]] });

      // A cannot give it to an account outside its own tree; B cannot take it: nothing said about A.
      const away = await proxyAddress(a, number, [['AccountSid', b.sid]]);
      expect(away.status).toBe(400);
      expect(errorOf(away).code).toBe(20001);
      const take = await proxyAddress(b, number, [['AccountSid', b.sid]]);
      expect(take.status).toBe(404);
      expect(errorOf(take).message).not.toContain(a.sid);

      // The operator (the bootstrap account) moves it between any two accounts.
      const moved = await proxyAddress(rootCredentials(), number, [['AccountSid', b.sid]]);
      expect(moved.status).toBe(200);
      expect(moved.json).toMatchObject({ account_sid: b.sid });
      await bind(b, uniqueNumber(), number);
      await expectRestError(bind(a, uniqueNumber(), number), 400, 50413);
    });

    it('an owner releases a number it no longer uses, and then another account may claim it', async () => {
      const first = await newAccount(router, 'releaser');
      const second = await newAccount(router, 'next owner');
      const number = uniqueNumber();
      const held = await bind(first, uniqueNumber(), number);
      await first.client.conversations.v1.addressConfigurations.create({ type: 'sms', address: number });

      const busy = await raw(router, {
        method: 'DELETE',
        path: `/router/v1/ProxyAddresses/${encodeURIComponent(number)}`,
        auth: [first.sid, first.authToken],
      });
      expect(busy.status).toBe(409);
      expect(errorOf(busy).message).toMatch(/Address Configuration IG[0-9a-f]{32}, 1 participant/);
      expect(
        (
          await raw(router, {
            method: 'DELETE',
            path: `/router/v1/ProxyAddresses/${encodeURIComponent(number)}`,
            auth: [second.sid, second.authToken],
          })
        ).status,
      ).toBe(404);

      await first.client.conversations.v1.addressConfigurations(number).remove();
      await first.client.conversations.v1.conversations(held.conversationSid).update({ state: 'closed' });
      const released = await raw(router, {
        method: 'DELETE',
        path: `/router/v1/ProxyAddresses/${encodeURIComponent(number)}`,
        auth: [first.sid, first.authToken],
      });
      expect(released.status).toBe(204);
      await second.client.conversations.v1.addressConfigurations.create({ type: 'sms', address: number });
      await expectRestError(bind(first, uniqueNumber(), number), 400, 50413);
    });
  });
});
