import twilio from 'twilio';
import { CarrierError } from '../src/channels/channel-adapter';
import { ChannelRegistry } from '../src/channels/channel-registry';
import { decideFailure } from '../src/channels/failure-policy';
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
  eventually,
  eventuallyPasses,
} from './support';

const SIM_AC = process.env.TWILIO_ACCOUNT_SID!;
const SIM_TOKEN = process.env.TWILIO_AUTH_TOKEN!;
const AUTH: [string, string] = [SIM_AC, SIM_TOKEN];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let phone = 5_557_200_000;
/** A phone number no other test uses. */
const nextPhone = () => `+1${++phone}`;

interface FaultBody {
  sid: string;
  to: string;
  from: string | null;
  action: string;
  count: number;
  remaining: number;
  error_code: number | null;
  status: number | null;
  retry_after: number | null;
  delay_ms: number | null;
  date_created: string;
}

interface InboxEntry {
  sid: string;
  body: string;
  status: string;
}

function simulatorClient(router: RunningRouter): twilio.Twilio {
  const client = twilio(SIM_AC, SIM_TOKEN, { httpClient: new twilio.RequestClient({ keepAlive: false }) });
  client.api.baseUrl = `${router.baseUrl}/simulator`;
  return client;
}

describe('simulator faults (e2e, real app and Redis)', () => {
  let router: RunningRouter;
  let receiver: WebhookReceiver;
  let sim: twilio.Twilio;

  const addFault = async (fields: [string, string][], on: RunningRouter = router): Promise<FaultBody> => {
    const res = await raw(on, { path: '/simulator/faults', auth: AUTH, form: fields });
    expect(res.status).toBe(201);
    return res.json as FaultBody;
  };
  const listFaults = async (on: RunningRouter = router): Promise<FaultBody[]> =>
    ((await raw(on, { path: '/simulator/faults', auth: AUTH })).json as { faults: FaultBody[] }).faults;
  const inbox = async (p: string): Promise<InboxEntry[]> =>
    ((await raw(router, { path: `/simulator/phones/${encodeURIComponent(p)}/messages`, auth: AUTH })).json as { messages: InboxEntry[] })
      .messages;
  const send = (to: string, from: string, body = 'faulty?', statusCallback?: string) =>
    sim.messages.create({ to, from, body, ...(statusCallback ? { statusCallback } : {}) });

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    router = await startRouter();
    sim = simulatorClient(router);
  });

  afterEach(async () => {
    expect((await raw(router, { method: 'DELETE', path: '/simulator/faults', auth: AUTH })).status).toBe(204);
  });

  afterAll(async () => {
    await router?.close();
    await receiver?.close();
  });

  describe('rules', () => {
    it('are added with form fields, listed with what is left of them, and cleared', async () => {
      const to = nextPhone();
      const fail = await addFault([
        ['To', to],
        ['Action', 'fail'],
        ['ErrorCode', '21610'],
      ]);
      expect(fail).toEqual({
        sid: expect.stringMatching(/^FR[0-9a-f]{32}$/),
        to,
        from: null,
        action: 'fail',
        count: 1,
        remaining: 1,
        error_code: 21610,
        status: null,
        retry_after: null,
        delay_ms: null,
        date_created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      });
      const slow = await addFault([
        ['To', '*'],
        ['From', '+15559990000'],
        ['Action', 'http_error'],
        ['Status', '429'],
        ['RetryAfter', '3'],
        ['Count', '-1'],
      ]);
      expect(slow).toMatchObject({ to: '*', from: '+15559990000', count: -1, remaining: -1, status: 429, retry_after: 3 });
      expect(await listFaults()).toEqual([fail, slow]);
      expect((await raw(router, { method: 'DELETE', path: '/simulator/faults', auth: AUTH })).status).toBe(204);
      expect(await listFaults()).toEqual([]);
    });

    it.each([
      [
        'fail without ErrorCode',
        [
          ['To', '*'],
          ['Action', 'fail'],
        ],
      ],
      [
        'an unknown action',
        [
          ['To', '*'],
          ['Action', 'explode'],
        ],
      ],
      [
        'no To',
        [
          ['Action', 'fail'],
          ['ErrorCode', '21211'],
        ],
      ],
      [
        'a To that is not a phone',
        [
          ['To', 'everyone'],
          ['Action', 'fail'],
          ['ErrorCode', '21211'],
        ],
      ],
      [
        'Count 0',
        [
          ['To', '*'],
          ['Action', 'fail'],
          ['ErrorCode', '21211'],
          ['Count', '0'],
        ],
      ],
      [
        'a 404 http_error',
        [
          ['To', '*'],
          ['Action', 'http_error'],
          ['Status', '404'],
        ],
      ],
      [
        'a field the action does not take',
        [
          ['To', '*'],
          ['Action', 'delay'],
          ['DelayMs', '10'],
          ['ErrorCode', '1'],
        ],
      ],
      [
        'an unknown field',
        [
          ['To', '*'],
          ['Action', 'delay'],
          ['DelayMs', '10'],
          ['Colour', 'red'],
        ],
      ],
    ] as [string, [string, string][]][])('refuse %s with 400 / 20001', async (_what, form) => {
      const res = await raw(router, { path: '/simulator/faults', auth: AUTH, form });
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe(20001);
      expect(await listFaults()).toEqual([]);
    });

    it('apply to their recipient only, and to their sender only when they name one', async () => {
      const [to, other, from, otherFrom] = [nextPhone(), nextPhone(), nextPhone(), nextPhone()];
      await addFault([
        ['To', to],
        ['From', from],
        ['Action', 'fail'],
        ['ErrorCode', '21610'],
        ['Count', '-1'],
      ]);
      expect((await send(other, from)).status).toBe('queued');
      expect((await send(to, otherFrom)).status).toBe('queued');
      await expectRestError(send(to, from), 400, 21610);
      await expectRestError(send(to, from), 400, 21610);
    });

    it('Count sends take the rule (default 1), then sends go through; -1 lasts until cleared', async () => {
      const [once, twice, always, from] = [nextPhone(), nextPhone(), nextPhone(), nextPhone()];
      await addFault([
        ['To', once],
        ['Action', 'fail'],
        ['ErrorCode', '21211'],
      ]);
      await addFault([
        ['To', twice],
        ['Action', 'fail'],
        ['ErrorCode', '21612'],
        ['Count', '2'],
      ]);
      await addFault([
        ['To', always],
        ['Action', 'fail'],
        ['ErrorCode', '21610'],
        ['Count', '-1'],
      ]);
      await expectRestError(send(once, from), 400, 21211);
      expect((await send(once, from)).status).toBe('queued');
      await expectRestError(send(twice, from), 400, 21612);
      expect((await listFaults()).find((f) => f.to === twice)?.remaining).toBe(1);
      await expectRestError(send(twice, from), 400, 21612);
      expect((await send(twice, from)).status).toBe('queued');
      for (let i = 0; i < 5; i++) await expectRestError(send(always, from), 400, 21610);
      expect((await listFaults()).map((f) => [f.to, f.remaining])).toEqual([[always, -1]]);
      await raw(router, { method: 'DELETE', path: '/simulator/faults', auth: AUTH });
      expect((await send(always, from)).status).toBe('queued');
    });

    it('the oldest matching rule is used first', async () => {
      const [to, from] = [nextPhone(), nextPhone()];
      await addFault([
        ['To', to],
        ['Action', 'fail'],
        ['ErrorCode', '21211'],
      ]);
      await addFault([
        ['To', '*'],
        ['From', from],
        ['Action', 'fail'],
        ['ErrorCode', '21610'],
      ]);
      await expectRestError(send(to, from), 400, 21211);
      await expectRestError(send(to, from), 400, 21610);
      expect((await send(to, from)).status).toBe('queued');
    });

    it('counts are taken atomically by concurrent sends in several API processes', async () => {
      const second = await startRouter({ role: 'api' });
      try {
        const [to, from] = [nextPhone(), nextPhone()];
        await addFault(
          [
            ['To', to],
            ['Action', 'http_error'],
            ['Status', '503'],
            ['Count', '5'],
          ],
          second,
        );
        const clients = [sim, simulatorClient(second)];
        const outcomes = await Promise.all(
          Array.from({ length: 16 }, (_, i) =>
            clients[i % 2].messages.create({ to, from, body: `burst ${i}` }).then(
              () => 201,
              (err: { status: number }) => err.status,
            ),
          ),
        );
        expect(outcomes.filter((s) => s === 503)).toHaveLength(5);
        expect(outcomes.filter((s) => s === 201)).toHaveLength(11);
        expect(await listFaults(second)).toEqual([]);
        // Both processes share the inbox too.
        expect(
          (
            (await raw(second, { path: `/simulator/phones/${encodeURIComponent(to)}/messages`, auth: AUTH })).json as {
              messages: InboxEntry[];
            }
          ).messages,
        ).toHaveLength(11);
      } finally {
        await second.close();
      }
    });
  });

  describe('actions', () => {
    it('fail: 400 with the Twilio error ErrorCode; nothing reaches the phone', async () => {
      const [to, from] = [nextPhone(), nextPhone()];
      await addFault([
        ['To', to],
        ['Action', 'fail'],
        ['ErrorCode', '63016'],
      ]);
      const err = await expectRestError(send(to, from, 'outside the window'), 400, 63016);
      expect(err.message).toContain('63016');
      expect(await inbox(to)).toEqual([]);
    });

    it('http_error: the Status answered, with Retry-After when given; the adapter reads it as a retryable CarrierError', async () => {
      const [to, from] = [nextPhone(), nextPhone()];
      await addFault([
        ['To', to],
        ['Action', 'http_error'],
        ['Status', '503'],
      ]);
      await expectRestError(send(to, from), 503, 20503);
      await addFault([
        ['To', to],
        ['Action', 'http_error'],
        ['Status', '429'],
        ['RetryAfter', '7'],
      ]);
      const res = await raw(router, {
        path: `/simulator/2010-04-01/Accounts/${SIM_AC}/Messages.json`,
        auth: AUTH,
        form: [
          ['To', to],
          ['From', from],
          ['Body', 'x'],
        ],
      });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(errorOf(res).code).toBe(20429);

      await addFault([
        ['To', to],
        ['Action', 'http_error'],
        ['Status', '429'],
        ['RetryAfter', '2'],
      ]);
      const registry = router.app.get(ChannelRegistry);
      const failed = await registry
        .adapter('simulator')
        .send(
          { receiptSid: `DY${'2'.repeat(32)}`, from, to, body: 'x', mediaUrls: [], statusCallback: receiver.url('/unused') },
          registry.credentials('simulator'),
        )
        .then(
          () => null,
          (err: unknown) => err,
        );
      expect(failed).toBeInstanceOf(CarrierError);
      expect((failed as CarrierError).details).toEqual({ httpStatus: 429, code: 20429, retryAfterMs: 2000 });
      expect(decideFailure(failed as CarrierError)).toMatchObject({ action: 'retry', delayMs: 2000 });
      expect((await inbox(to)).map((m) => m.body)).toEqual([]);
    });

    it('delay: waits DelayMs, then accepts', async () => {
      const [to, from] = [nextPhone(), nextPhone()];
      await addFault([
        ['To', to],
        ['Action', 'delay'],
        ['DelayMs', '700'],
      ]);
      const started = Date.now();
      const message = await send(to, from, 'slow');
      expect(Date.now() - started).toBeGreaterThanOrEqual(690);
      expect(message.status).toBe('queued');
      const fast = Date.now();
      await send(to, from, 'fast');
      expect(Date.now() - fast).toBeLessThan(690); // the rule was used up by the first send
      expect((await inbox(to)).map((m) => m.body)).toEqual(['slow', 'fast']);
    });

    it("hold_answer: accepted (in the inbox and Twilio's Message list) at once, answered after DelayMs", async () => {
      const [to, from] = [nextPhone(), nextPhone()];
      const since = new Date(Date.now() - 1_000);
      await send(to, from, 'before');
      await addFault([
        ['To', to],
        ['Action', 'hold_answer'],
        ['DelayMs', '1500'],
      ]);
      const started = Date.now();
      const held = send(to, from, 'held');
      await eventuallyPasses(async () => expect((await inbox(to)).map((m) => m.body)).toEqual(['before', 'held']));
      // The official client's list (GET Messages.json?To=&From=&DateSent>=), newest first, in pages.
      const listed = await sim.messages.list({ to, from, dateSentAfter: since, pageSize: 1 });
      expect(listed.map((m) => m.body)).toEqual(['held', 'before']);
      expect(listed[0]).toMatchObject({ to, from, direction: 'outbound-api', numMedia: '0' });
      expect(Date.now() - started).toBeLessThan(1_500);
      const answer = await held;
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_490);
      expect(answer.sid).toBe(listed[0].sid);
      expect(await sim.messages.list({ to, from: nextPhone(), dateSentAfter: since })).toEqual([]);
      expect(await sim.messages.list({ to, from, dateSentAfter: new Date(Date.now() + 60_000) })).toEqual([]);
    });

    it('the Message list refuses what it cannot answer with 20001', async () => {
      for (const query of ['', '?To=%2B15550001111&DateSent%3E=yesterday']) {
        const res = await raw(router, { path: `/simulator/2010-04-01/Accounts/${SIM_AC}/Messages.json${query}`, auth: AUTH });
        expect(res.status).toBe(400);
        expect(res.json).toMatchObject({ code: 20001, status: 400 });
      }
    });

    it('undelivered: accepted, then sent and undelivered with ErrorCode', async () => {
      const [to, from] = [nextPhone(), nextPhone()];
      await addFault([
        ['To', to],
        ['Action', 'undelivered'],
        ['ErrorCode', '30005'],
      ]);
      const message = await send(to, from, 'to nowhere', receiver.url('/undelivered'));
      const callbacks = await receiver.waitFor('/undelivered', (w) => w.params.MessageSid === message.sid, 2);
      expect(callbacks.map((c) => [c.params.MessageStatus, c.params.SmsStatus, c.params.ErrorCode])).toEqual([
        ['sent', 'sent', undefined],
        ['undelivered', 'undelivered', '30005'],
      ]);
      expect(callbacks.every((c) => receiver.signedBy(c, SIM_TOKEN))).toBe(true);
      expect((await inbox(to)).map((m) => m.status)).toEqual(['undelivered']);
      // The Message resource shows the status and its code, as Twilio's does.
      expect(await sim.messages(message.sid).fetch()).toMatchObject({ status: 'undelivered', errorCode: 30005 });
    });

    it('lost_callbacks: the message is sent and delivered, and no status callback is posted', async () => {
      const [to, from] = [nextPhone(), nextPhone()];
      await addFault([
        ['To', to],
        ['Action', 'lost_callbacks'],
      ]);
      const message = await send(to, from, 'nobody told', receiver.url('/lost'));
      await eventually(
        () => inbox(to),
        (list) => list[0]?.status === 'delivered',
      );
      expect(await sim.messages(message.sid).fetch()).toMatchObject({ status: 'delivered', errorCode: null });
      await sleep(300);
      expect(receiver.received.filter((w) => w.path === '/lost')).toEqual([]);
    });

    it('duplicate_callbacks: every status callback arrives twice, each signed', async () => {
      const [to, from] = [nextPhone(), nextPhone()];
      await addFault([
        ['To', to],
        ['Action', 'duplicate_callbacks'],
      ]);
      const message = await send(to, from, 'twice', receiver.url('/duplicates'));
      const callbacks = await receiver.waitFor('/duplicates', (w) => w.params.MessageSid === message.sid, 4);
      await sleep(300);
      expect(receiver.received.filter((w) => w.params.MessageSid === message.sid).map((c) => c.params.MessageStatus)).toEqual([
        'sent',
        'sent',
        'delivered',
        'delivered',
      ]);
      expect(callbacks.every((c) => receiver.signedBy(c, SIM_TOKEN))).toBe(true);
    });

    it('out_of_order_callbacks: delivered arrives before sent', async () => {
      const [to, from] = [nextPhone(), nextPhone()];
      await addFault([
        ['To', to],
        ['Action', 'out_of_order_callbacks'],
      ]);
      const message = await send(to, from, 'shuffled', receiver.url('/shuffled'));
      const callbacks = await receiver.waitFor('/shuffled', (w) => w.params.MessageSid === message.sid, 2);
      expect(callbacks.map((c) => c.params.MessageStatus)).toEqual(['delivered', 'sent']);
      // The carrier's own record keeps the furthest status: only the callbacks came out of order.
      expect((await inbox(to)).map((m) => m.status)).toEqual(['delivered']);
      expect(await sim.messages(message.sid).fetch()).toMatchObject({ status: 'delivered' });
    });
  });

  describe("the router's failure policy, through the simulator adapter", () => {
    let account: TestAccount;

    beforeAll(async () => {
      account = await newAccount(router, 'simulator faults');
    });

    async function conversationWith(to: string) {
      const conversations = account.client.conversations.v1.conversations;
      const c = await conversations.create({});
      await conversations(c.sid).participants.create({ 'messagingBinding.address': to, 'messagingBinding.proxyAddress': nextPhone() });
      return conversations(c.sid);
    }

    it('a terminal carrier error fails the receipt with its code, without retry', async () => {
      const to = nextPhone();
      // One refusal only: a retry would go through and reach the phone.
      await addFault([
        ['To', to],
        ['Action', 'fail'],
        ['ErrorCode', '21610'],
      ]);
      const conversation = await conversationWith(to);
      const message = await conversation.messages.create({ author: 'agent', body: 'STOPped' });
      const receipts = await eventually(
        () => conversation.messages(message.sid).deliveryReceipts.list(),
        (list) => list[0]?.status === 'failed',
      );
      expect(receipts).toEqual([expect.objectContaining({ status: 'failed', errorCode: 21610, channelMessageSid: null })]);
      expect(await listFaults()).toEqual([]);
      await sleep(1500);
      expect(await inbox(to)).toEqual([]);
    });

    it('5xx and 429 with Retry-After are retried until the phone gets the message once', async () => {
      const to = nextPhone();
      await addFault([
        ['To', to],
        ['Action', 'http_error'],
        ['Status', '503'],
        ['Count', '2'],
      ]);
      await addFault([
        ['To', to],
        ['Action', 'http_error'],
        ['Status', '429'],
        ['RetryAfter', '1'],
      ]);
      const conversation = await conversationWith(to);
      const started = Date.now();
      const message = await conversation.messages.create({ author: 'agent', body: 'persistent' });
      const received = await eventually(
        () => inbox(to),
        (list) => list.length > 0,
        20_000,
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(received.map((m) => m.body)).toEqual(['persistent']);
      const receipts = await eventually(
        () => conversation.messages(message.sid).deliveryReceipts.list(),
        (list) => list[0]?.status === 'delivered',
      );
      expect(receipts).toEqual([expect.objectContaining({ status: 'delivered', channelMessageSid: received[0].sid })]);
      await sleep(500);
      expect(await inbox(to)).toHaveLength(1);
    }, 30_000);

    it('undelivered reaches the receipt with its error code', async () => {
      const to = nextPhone();
      await addFault([
        ['To', to],
        ['Action', 'undelivered'],
        ['ErrorCode', '30006'],
      ]);
      const conversation = await conversationWith(to);
      const message = await conversation.messages.create({ author: 'agent', body: 'landline' });
      const receipts = await eventually(
        () => conversation.messages(message.sid).deliveryReceipts.list(),
        (list) => list[0]?.status === 'undelivered',
      );
      expect(receipts).toEqual([expect.objectContaining({ status: 'undelivered', errorCode: 30006 })]);
    });

    it('duplicate and out-of-order callbacks leave the receipt delivered', async () => {
      const [dup, shuffled] = [nextPhone(), nextPhone()];
      await addFault([
        ['To', dup],
        ['Action', 'duplicate_callbacks'],
      ]);
      await addFault([
        ['To', shuffled],
        ['Action', 'out_of_order_callbacks'],
      ]);
      for (const to of [dup, shuffled]) {
        const conversation = await conversationWith(to);
        const message = await conversation.messages.create({ author: 'agent', body: 'odd callbacks' });
        await eventually(
          () => inbox(to),
          (list) => list.length === 1 && list[0].status !== 'queued',
        );
        await sleep(400);
        const [receipt] = await conversation.messages(message.sid).deliveryReceipts.list();
        expect(receipt.status).toBe('delivered');
      }
    });
  });
});
