import {
  carrierSid,
  errorOf,
  expectRestError,
  newAccount,
  postInbound,
  raw,
  startFakeCarrier,
  startRouter,
  startWebhookReceiver,
  type FakeCarrier,
  type RunningRouter,
  type TestAccount,
  type WebhookReceiver,
} from './support';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let phone = 5_551_000_000;
/** A phone number no other test uses. */
const nextPhone = () => `+1${++phone}`;

describe('SMS/WhatsApp bridges (e2e, twilio adapter against a fake carrier)', () => {
  let router: RunningRouter;
  let carrier: FakeCarrier;
  let receiver: WebhookReceiver;
  let account: TestAccount;

  beforeAll(async () => {
    carrier = await startFakeCarrier();
    receiver = await startWebhookReceiver();
    router = await startRouter({ env: { CHANNEL_PROVIDER: 'twilio', TWILIO_API_URL: carrier.url } });
    account = await newAccount(router, 'bridges');
  });

  afterAll(async () => {
    await router?.close();
    await carrier?.close();
    await receiver?.close();
  });

  const conversations = () => account.client.conversations.v1.conversations;
  const autocreate = (address: string, extra: Record<string, string | boolean | string[]> = {}) =>
    account.client.conversations.v1.addressConfigurations.create({
      type: address.startsWith('whatsapp:') ? 'whatsapp' : 'sms',
      address,
      'autoCreation.enabled': true,
      'autoCreation.type': 'default',
      ...extra,
    });
  const conversationOf = async (address: string) => account.client.conversations.v1.participantConversations.list({ address });

  describe('inbound', () => {
    it('autocreates a conversation, a participant with the binding and the message; answers empty TwiML', async () => {
      const [from, to] = [nextPhone(), nextPhone()];
      await autocreate(to);
      const sid = carrierSid();
      const answer = await postInbound(router, { From: from, To: to, Body: 'Hi there ✓ ünïcode', MessageSid: sid });
      expect(answer).toEqual({
        status: 200,
        body: '<?xml version="1.0" encoding="UTF-8"?><Response/>',
        contentType: 'text/xml; charset=utf-8',
      });
      const [pc] = await conversationOf(from);
      expect(pc.participantMessagingBinding).toEqual({
        type: 'sms',
        address: from,
        proxy_address: to,
        projected_address: null,
        name: null,
        level: null,
      });
      const [message] = await conversations()(pc.conversationSid).messages.list();
      expect(message).toMatchObject({ author: from, body: 'Hi there ✓ ünïcode', participantSid: pc.participantSid, index: 0 });
    });

    it('the same phone twice joins the same conversation; an inactive conversation becomes active', async () => {
      const [from, to] = [nextPhone(), nextPhone()];
      await autocreate(to);
      await postInbound(router, { From: from, To: to, Body: 'one', MessageSid: carrierSid() });
      const [pc] = await conversationOf(from);
      await conversations()(pc.conversationSid).update({ state: 'inactive' });
      await postInbound(router, { From: from, To: to, Body: 'two', MessageSid: carrierSid() });
      expect(await conversationOf(from)).toHaveLength(1);
      expect((await conversations()(pc.conversationSid).messages.list()).map((m) => m.body)).toEqual(['one', 'two']);
      expect((await conversations()(pc.conversationSid).fetch()).state).toBe('active');
    });

    it('several first messages from one phone at once create exactly one conversation', async () => {
      const [from, to] = [nextPhone(), nextPhone()];
      await autocreate(to);
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => postInbound(router, { From: from, To: to, Body: `burst ${i}`, MessageSid: carrierSid() })),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
      const pcs = await conversationOf(from);
      expect(pcs).toHaveLength(1);
      const messages = await conversations()(pcs[0].conversationSid).messages.list();
      expect(messages.map((m) => m.body).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `burst ${i}`).sort());
      expect(new Set(messages.map((m) => m.index)).size).toBe(12);
    });

    it('a carrier retry of one MessageSid is stored once, even at the same moment', async () => {
      const [from, to] = [nextPhone(), nextPhone()];
      await autocreate(to);
      const sid = carrierSid();
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => postInbound(router, { From: from, To: to, Body: 'once', MessageSid: sid })),
      );
      expect(answers.every((a) => a.status === 200)).toBe(true);
      await postInbound(router, { From: from, To: to, Body: 'once', MessageSid: sid });
      const [pc] = await conversationOf(from);
      expect(await conversations()(pc.conversationSid).messages.list()).toHaveLength(1);
    });

    it('a missing or wrong signature gets 403 and stores nothing', async () => {
      const [from, to] = [nextPhone(), nextPhone()];
      await autocreate(to);
      expect(
        (await postInbound(router, { From: from, To: to, Body: 'forged', MessageSid: carrierSid() }, { signature: 'bm90IGEgc2lnbmF0dXJl' }))
          .status,
      ).toBe(403);
      expect(
        (await postInbound(router, { From: from, To: to, Body: 'forged', MessageSid: carrierSid() }, { authToken: 'someone-elses-token' }))
          .status,
      ).toBe(403);
      const unsigned = await raw(router, {
        path: '/webhooks/twilio/messaging',
        form: [
          ['From', from],
          ['To', to],
          ['Body', 'x'],
          ['MessageSid', carrierSid()],
        ],
      });
      expect(unsigned.status).toBe(403);
      expect(errorOf(unsigned)).toMatchObject({ code: 20003, message: expect.stringContaining('X-Twilio-Signature') });
      expect(await conversationOf(from)).toHaveLength(0);
    });

    it('bad carrier posts get Twilio error bodies: unsigned status callbacks, missing fields, other content types, other methods', async () => {
      const status = await raw(router, {
        path: '/webhooks/twilio/status',
        form: [
          ['MessageSid', carrierSid()],
          ['MessageStatus', 'sent'],
        ],
      });
      expect(errorOf(status)).toMatchObject({ code: 20003, status: 403 });
      const unsignedJson = await raw(router, {
        path: '/webhooks/twilio/messaging',
        body: '{"From":"+15550001111"}',
        contentType: 'application/json',
      });
      expect(errorOf(unsignedJson)).toMatchObject({ code: 20001, status: 415 });
      const noFrom = await postInbound(router, { To: nextPhone(), Body: 'who am I', MessageSid: carrierSid() });
      expect(noFrom.status).toBe(400);
      expect(JSON.parse(noFrom.body)).toMatchObject({ code: 20001, message: 'From is required' });
      expect(errorOf(await raw(router, { method: 'GET', path: '/webhooks/twilio/messaging' }))).toMatchObject({ code: 20404, status: 404 });
    });

    it('no matching conversation and no autocreation: nothing is stored, the carrier gets 200', async () => {
      const [from, to] = [nextPhone(), nextPhone()];
      expect((await postInbound(router, { From: from, To: to, Body: 'nobody home', MessageSid: carrierSid() })).status).toBe(200);
      expect(await conversationOf(from)).toHaveLength(0);
      await autocreate(to, { 'autoCreation.enabled': false });
      expect((await postInbound(router, { From: from, To: to, Body: 'still nobody', MessageSid: carrierSid() })).status).toBe(200);
      expect(await conversationOf(from)).toHaveLength(0);
    });

    it('a closed conversation frees the pair: the next message autocreates a new conversation', async () => {
      const [from, to] = [nextPhone(), nextPhone()];
      await autocreate(to);
      await postInbound(router, { From: from, To: to, Body: 'first', MessageSid: carrierSid() });
      const [first] = await conversationOf(from);
      await conversations()(first.conversationSid).update({ state: 'closed' });
      await postInbound(router, { From: from, To: to, Body: 'after close', MessageSid: carrierSid() });
      const all = await conversationOf(from);
      expect(all).toHaveLength(2);
      const fresh = all.find((p) => p.conversationSid !== first.conversationSid)!;
      expect((await conversations()(fresh.conversationSid).messages.list()).map((m) => m.body)).toEqual(['after close']);
    });

    it('autocreation of type webhook attaches the conversation webhook it names; onConversationAdded etc. fire; a rejecting onConversationAdd drops the message', async () => {
      const [from, to] = [nextPhone(), nextPhone()];
      const other = await newAccount(router, 'bridges hooks');
      await other.client.conversations.v1.configuration.webhooks().update({
        preWebhookUrl: receiver.url('/bridges/pre'),
        postWebhookUrl: receiver.url('/bridges/post'),
        filters: ['onConversationAdd', 'onConversationAdded', 'onParticipantAdded', 'onMessageAdded', 'onMessageAdd'],
      });
      await other.client.conversations.v1.addressConfigurations.create({
        type: 'sms',
        address: to,
        'autoCreation.enabled': true,
        'autoCreation.type': 'webhook',
        'autoCreation.webhookUrl': receiver.url('/bridges/scoped'),
        'autoCreation.webhookMethod': 'post',
        'autoCreation.webhookFilters': ['onMessageAdded'],
      });
      await postInbound(router, { From: from, To: to, Body: 'hello hooks', MessageSid: carrierSid() });
      const [pc] = await other.client.conversations.v1.participantConversations.list({ address: from });
      const hooks = await other.client.conversations.v1.conversations(pc.conversationSid).webhooks.list();
      expect(hooks.map((h) => [h.target, (h.configuration as { url: string }).url])).toEqual([
        ['webhook', receiver.url('/bridges/scoped')],
      ]);
      const [pre] = await receiver.waitFor('/bridges/pre', (w) => w.params['MessagingBinding.Address'] === from);
      expect(pre.params).toMatchObject({ EventType: 'onConversationAdd', 'MessagingBinding.ProxyAddress': to, MessageBody: 'hello hooks' });
      const post = await receiver.waitFor('/bridges/post', (w) => w.params.ConversationSid === pc.conversationSid, 3);
      expect(post.map((w) => w.params.EventType).sort()).toEqual(['onConversationAdded', 'onMessageAdded', 'onParticipantAdded']);
      expect(post.find((w) => w.params.EventType === 'onMessageAdded')!.params).toMatchObject({
        Source: 'SMS',
        Author: from,
        Body: 'hello hooks',
      });
      const [scoped] = await receiver.waitFor('/bridges/scoped', (w) => w.params.ConversationSid === pc.conversationSid);
      expect(receiver.signedBy(scoped, other.authToken)).toBe(true);
      expect(receiver.received.filter((w) => w.path === '/bridges/pre' && w.params.EventType === 'onMessageAdd')).toHaveLength(0);

      const rejected = nextPhone();
      receiver.answer('/bridges/pre', { status: 403 });
      expect((await postInbound(router, { From: rejected, To: to, Body: 'go away', MessageSid: carrierSid() })).status).toBe(200);
      expect(await other.client.conversations.v1.participantConversations.list({ address: rejected })).toHaveLength(0);
      receiver.answer('/bridges/pre', {});
    });

    it('WhatsApp: the binding type follows the prefix; UTF-8 survives both ways', async () => {
      const [from, to] = [`whatsapp:${nextPhone()}`, `whatsapp:${nextPhone()}`];
      await autocreate(to);
      await postInbound(router, { From: from, To: to, Body: 'Olá 👋 مرحبا', MessageSid: carrierSid() });
      const [pc] = await conversationOf(from);
      expect(pc.participantMessagingBinding).toMatchObject({ type: 'whatsapp', address: from, proxy_address: to });
      await conversations()(pc.conversationSid).messages.create({ author: 'agent', body: 'Réponse ✓ 日本語' });
      const [sent] = await carrier.waitForAccepted((s) => s.to === from);
      expect(sent).toMatchObject({ from: to, to: from, body: 'Réponse ✓ 日本語' });
    });
  });

  describe('outbound delivery', () => {
    /** A conversation with two SMS phones on one proxy address and a chat agent. */
    async function conversationWithPhones() {
      const [a, b, proxy] = [nextPhone(), nextPhone(), nextPhone()];
      const c = await conversations().create({});
      const pa = await conversations()(c.sid).participants.create({
        'messagingBinding.address': a,
        'messagingBinding.proxyAddress': proxy,
      });
      const pb = await conversations()(c.sid).participants.create({
        'messagingBinding.address': b,
        'messagingBinding.proxyAddress': proxy,
      });
      await conversations()(c.sid).participants.create({ identity: 'agent' });
      return { c, a, b, proxy, pa, pb };
    }

    it('sends one message per non-chat recipient through the carrier; receipts and delivery follow status callbacks forward only', async () => {
      const { c, a, b, proxy, pa } = await conversationWithPhones();
      const message = await conversations()(c.sid).messages.create({ author: 'agent', body: 'hello phones' });
      expect(message.delivery).toMatchObject({ total: 2, sent: 'none', delivered: 'none' });
      const sends = await carrier.waitForAccepted((s) => s.body === 'hello phones', 2);
      expect(sends.map((s) => s.to).sort()).toEqual([a, b].sort());
      for (const s of sends) {
        expect(s).toMatchObject({
          from: proxy,
          accountSid: process.env.TWILIO_ACCOUNT_SID,
          statusCallback: `${router.baseUrl}/webhooks/twilio/status`,
        });
      }
      const receipts = () => conversations()(c.sid).messages(message.sid).deliveryReceipts.list();
      await waitUntil(async () => (await receipts()).every((r) => r.channelMessageSid !== null));
      expect((await receipts()).map((r) => r.channelMessageSid).sort()).toEqual(sends.map((s) => s.sid).sort());

      const token = process.env.TWILIO_AUTH_TOKEN!;
      const toA = sends.find((s) => s.to === a)!;
      const toB = sends.find((s) => s.to === b)!;
      expect(await carrier.sendStatus(toA, 'sent', token)).toBe(200);
      expect(await carrier.sendStatus(toA, 'delivered', token)).toBe(200);
      expect(await carrier.sendStatus(toA, 'sent', token)).toBe(200); // late: ignored
      expect(await carrier.sendStatus(toA, 'delivered', token)).toBe(200); // repeated: ignored
      expect(await carrier.sendStatus(toB, 'undelivered', token, 30003)).toBe(200);
      const byParticipant = new Map((await receipts()).map((r) => [r.participantSid, r]));
      expect(byParticipant.get(pa.sid)).toMatchObject({ status: 'delivered', errorCode: null });
      expect([...byParticipant.values()].find((r) => r.participantSid !== pa.sid)).toMatchObject({
        status: 'undelivered',
        errorCode: 30003,
      });
      expect((await conversations()(c.sid).messages(message.sid).fetch()).delivery).toEqual({
        total: 2,
        sent: 'some',
        delivered: 'some',
        read: 'none',
        failed: 'none',
        undelivered: 'some',
      });
      const receiptSid = byParticipant.get(pa.sid)!.sid;
      expect((await conversations()(c.sid).messages(message.sid).deliveryReceipts(receiptSid).fetch()).status).toBe('delivered');
    });

    it('a status callback that arrives before the send is recorded is kept and applied', async () => {
      const [phoneA, proxy] = [nextPhone(), nextPhone()];
      const c = await conversations().create({});
      await conversations()(c.sid).participants.create({ 'messagingBinding.address': phoneA, 'messagingBinding.proxyAddress': proxy });
      carrier.queue({ kind: 'early', status: 'delivered', authToken: process.env.TWILIO_AUTH_TOKEN!, to: phoneA });
      const message = await conversations()(c.sid).messages.create({ body: 'fast carrier' });
      const [sent] = await carrier.waitForAccepted((s) => s.body === 'fast carrier');
      await waitUntil(async () => (await conversations()(c.sid).messages(message.sid).deliveryReceipts.list())[0]?.status === 'delivered');
      const [receipt] = await conversations()(c.sid).messages(message.sid).deliveryReceipts.list();
      expect(receipt.channelMessageSid).toBe(sent.sid);
    });

    it('status callbacks must be signed', async () => {
      const unsigned = await raw(router, {
        path: '/webhooks/twilio/status',
        form: [
          ['MessageSid', `SM${'0'.repeat(32)}`],
          ['MessageStatus', 'delivered'],
        ],
      });
      expect(unsigned.status).toBe(403);
    });

    it('5xx, 429 with Retry-After and connection resets are retried and end in exactly one accepted send', async () => {
      const [phoneA, proxy] = [nextPhone(), nextPhone()];
      const c = await conversations().create({});
      await conversations()(c.sid).participants.create({ 'messagingBinding.address': phoneA, 'messagingBinding.proxyAddress': proxy });
      carrier.queue(
        { kind: 'error', status: 503, to: phoneA },
        { kind: 'reset', to: phoneA },
        { kind: 'error', status: 429, code: 20429, retryAfter: 1, to: phoneA },
        { kind: 'error', status: 500, to: phoneA },
      );
      const lookups = carrier.lookups.length;
      const message = await conversations()(c.sid).messages.create({ author: 'agent', body: 'persistent' });
      const [accepted] = await carrier.waitForAccepted((s) => s.body === 'persistent', 1, 40_000);
      const attempts = carrier.requests.filter((s) => s.body === 'persistent');
      expect(attempts.map((s) => s.status)).toEqual([503, -1, 429, 500, 201]);
      expect(attempts[3].at - attempts[2].at).toBeGreaterThanOrEqual(950);
      // The reset may have reached the carrier: the retry waited out the request timeout and asked it first.
      expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(15_000);
      expect(carrier.lookups.slice(lookups).filter((l) => new URL(l, 'http://x').searchParams.get('To') === phoneA)).toHaveLength(1);
      await sleep(1000);
      expect(carrier.accepted().filter((s) => s.body === 'persistent')).toEqual([accepted]);
      const [receipt] = await conversations()(c.sid).messages(message.sid).deliveryReceipts.list();
      expect(receipt.channelMessageSid).toBe(accepted.sid);
    }, 60_000);

    it('terminal carrier errors fail the receipt with their code at once, without retry', async () => {
      const { c, a, b } = await conversationWithPhones();
      carrier.queue({ kind: 'error', status: 400, code: 21211, to: a }, { kind: 'error', status: 400, code: 21610, to: b });
      const message = await conversations()(c.sid).messages.create({ author: 'agent', body: 'doomed' });
      await waitUntil(async () =>
        (await conversations()(c.sid).messages(message.sid).deliveryReceipts.list()).every((r) => r.status === 'failed'),
      );
      const receipts = await conversations()(c.sid).messages(message.sid).deliveryReceipts.list();
      expect(receipts.map((r) => r.errorCode).sort()).toEqual([21211, 21610]);
      await sleep(1500);
      expect(
        carrier.requests
          .filter((s) => s.body === 'doomed')
          .map((s) => s.to)
          .sort(),
      ).toEqual([a, b].sort());
      expect((await conversations()(c.sid).messages(message.sid).fetch()).delivery).toMatchObject({ total: 2, failed: 'all' });
    });

    it('messages to one recipient reach the carrier in conversation order, through retries', async () => {
      const [phoneA, proxy] = [nextPhone(), nextPhone()];
      const c = await conversations().create({});
      await conversations()(c.sid).participants.create({ 'messagingBinding.address': phoneA, 'messagingBinding.proxyAddress': proxy });
      carrier.queue({ kind: 'error', status: 503, to: phoneA }, { kind: 'delay', ms: 300, to: phoneA });
      const bodies = Array.from({ length: 10 }, (_, i) => `ordered ${i}`);
      for (const body of bodies) await conversations()(c.sid).messages.create({ author: 'agent', body });
      const sends = await carrier.waitForAccepted((s) => s.to === phoneA, 10, 30_000);
      expect(sends.map((s) => s.body)).toEqual(bodies);
    }, 40_000);

    it('a proxy address with a send rate holds its own messages back without slowing other senders', async () => {
      const [slowProxy, fastProxy] = [nextPhone(), nextPhone()];
      const created = await raw(router, {
        path: '/router/v1/ProxyAddresses',
        auth: [account.sid, account.authToken],
        form: [
          ['Address', slowProxy],
          ['SendRate', '2'],
          ['ChannelProvider', 'twilio'],
        ],
      });
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({ address: slowProxy, send_rate: 2, channel_provider: 'twilio' });
      const slow = await conversations().create({});
      const fast = await conversations().create({});
      for (let i = 0; i < 6; i++) {
        await conversations()(slow.sid).participants.create({
          'messagingBinding.address': nextPhone(),
          'messagingBinding.proxyAddress': slowProxy,
        });
        await conversations()(fast.sid).participants.create({
          'messagingBinding.address': nextPhone(),
          'messagingBinding.proxyAddress': fastProxy,
        });
      }
      const started = Date.now();
      await conversations()(slow.sid).messages.create({ author: 'agent', body: 'rate limited' });
      await conversations()(fast.sid).messages.create({ author: 'agent', body: 'not limited' });
      const fastSends = await carrier.waitForAccepted((s) => s.body === 'not limited', 6);
      const slowSends = await carrier.waitForAccepted((s) => s.body === 'rate limited', 6, 15_000);
      expect(Math.max(...fastSends.map((s) => s.at)) - started).toBeLessThan(1500);
      const spread = Math.max(...slowSends.map((s) => s.at)) - Math.min(...slowSends.map((s) => s.at));
      expect(spread).toBeGreaterThanOrEqual(1500);
    }, 30_000);

    it('proxy address settings belong to one account', async () => {
      const proxy = nextPhone();
      await raw(router, {
        path: '/router/v1/ProxyAddresses',
        auth: [account.sid, account.authToken],
        form: [
          ['Address', proxy],
          ['SendRate', '5'],
        ],
      });
      const stranger = await newAccount(router, 'bridges stranger');
      const taken = await raw(router, {
        path: '/router/v1/ProxyAddresses',
        auth: [stranger.sid, stranger.authToken],
        form: [['Address', proxy]],
      });
      expect(taken.status).toBe(400);
      expect(taken.json).toMatchObject({ code: 50413, message: `Account is not authorized to use proxy address ${proxy}` });
      const notTheirs = await raw(router, {
        path: `/router/v1/ProxyAddresses/${encodeURIComponent(proxy)}`,
        auth: [stranger.sid, stranger.authToken],
      });
      expect(notTheirs.status).toBe(404);
      await expectRestError(stranger.client.conversations.v1.addressConfigurations.create({ type: 'sms', address: proxy }), 400, 50413);
    });
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(100);
  }
}
