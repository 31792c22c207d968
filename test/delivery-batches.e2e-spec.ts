import { DeliveryStateRepository } from '../src/delivery/delivery-state.repository';
import { newAccount, startRouter, type RunningRouter, type TestAccount } from './support';

/**
 * The worker reads receipts before sending and records the carrier's SID after, batched over the
 * jobs of one event-loop turn: each caller must get its own receipt's answer, as the one-receipt
 * statements give it. An API-only router: no worker sends these receipts behind the test's back.
 */
describe('delivery state in batches (e2e against PostgreSQL)', () => {
  let router: RunningRouter;
  let account: TestAccount;
  let repo: DeliveryStateRepository;

  beforeAll(async () => {
    router = await startRouter({ role: 'api' });
    account = await newAccount(router, 'delivery-batches');
    repo = router.app.get(DeliveryStateRepository);
  });

  afterAll(async () => {
    await router?.close();
  });

  let phone = 5_557_420_000;
  /** Two messages to two phones: per phone, the second receipt waits behind the first. */
  async function twoMessagesToTwoPhones() {
    const conversations = account.client.conversations.v1.conversations;
    const c = await conversations.create({});
    const [a, b, proxy] = [`+1${++phone}`, `+1${++phone}`, `+1${++phone}`];
    const pa = await conversations(c.sid).participants.create({ 'messagingBinding.address': a, 'messagingBinding.proxyAddress': proxy });
    const pb = await conversations(c.sid).participants.create({ 'messagingBinding.address': b, 'messagingBinding.proxyAddress': proxy });
    await conversations(c.sid).participants.create({ identity: 'agent' });
    const receiptOf = async (body: string) => {
      const m = await conversations(c.sid).messages.create({ author: 'agent', body });
      const receipts = await conversations(c.sid).messages(m.sid).deliveryReceipts.list();
      return { toA: receipts.find((r) => r.participantSid === pa.sid)!.sid, toB: receipts.find((r) => r.participantSid === pb.sid)!.sid };
    };
    return { a, b, proxy, first: await receiptOf('first'), second: await receiptOf('second') };
  }

  it('loads several receipts in one statement, each with its own body and lane, in the order asked', async () => {
    const { a, b, proxy, first, second } = await twoMessagesToTwoPhones();
    const missing = `DY${'0'.repeat(32)}`;
    const rows = await repo.loadForSendMany([second.toA, missing, first.toB, second.toB]);
    expect(rows).toEqual([
      expect.objectContaining({
        sid: second.toA,
        address: a,
        proxyAddress: proxy,
        body: 'second',
        blockedBy: first.toA,
        status: null,
        channelMessageSid: null,
      }),
      null,
      expect.objectContaining({ sid: first.toB, address: b, body: 'first', blockedBy: null }),
      expect.objectContaining({ sid: second.toB, address: b, body: 'second', blockedBy: first.toB }),
    ]);
    expect(await repo.loadForSend(second.toA)).toEqual(rows[0]);
  });

  it('records several accepted sends in one statement: each its own SID, next in lane and early callbacks; never twice', async () => {
    const { first, second } = await twoMessagesToTwoPhones();
    const early = `SM${Date.now().toString(16).padStart(32, 'e')}`;
    const other = `SM${Date.now().toString(16).padStart(32, 'f')}`;
    await repo.keepPending(early, 'delivered', null); // the carrier's callback came before the accept
    const results = await repo.markAcceptedMany([
      { sid: first.toA, channelMessageSid: early },
      { sid: `DY${'0'.repeat(32)}`, channelMessageSid: `SM${'1'.repeat(32)}` },
      { sid: first.toB, channelMessageSid: other },
    ]);
    expect(results).toEqual([
      {
        change: expect.objectContaining({ sid: first.toA, channelMessageSid: early, status: null, nextSid: second.toA }),
        early: [{ status: 'delivered', errorCode: null }],
      },
      { change: null, early: [] },
      { change: expect.objectContaining({ sid: first.toB, channelMessageSid: other, nextSid: second.toB }), early: [] },
    ]);
    // Accepted already: a second accept (a job run twice) changes nothing.
    expect(
      await repo.markAcceptedMany([
        { sid: first.toA, channelMessageSid: `SM${'2'.repeat(32)}` },
        { sid: second.toA, channelMessageSid: `SM${'3'.repeat(32)}` },
      ]),
    ).toEqual([
      { change: null, early: [] },
      { change: expect.objectContaining({ sid: second.toA, channelMessageSid: `SM${'3'.repeat(32)}`, nextSid: null }), early: [] },
    ]);
    expect((await repo.loadForSend(first.toA))?.channelMessageSid).toBe(early);
    expect((await repo.loadForSend(second.toB))?.blockedBy).toBeNull();
  });
});
