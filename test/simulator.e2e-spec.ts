import twilio from 'twilio';
import { CarrierError, type OutboundMessage } from '../src/channels/channel-adapter';
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
} from './support';

const SIM_AC = process.env.TWILIO_ACCOUNT_SID!;
const SIM_TOKEN = process.env.TWILIO_AUTH_TOKEN!;
const AUTH: [string, string] = [SIM_AC, SIM_TOKEN];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let phone = 5_557_100_000;
/** A phone number no other test uses. */
const nextPhone = () => `+1${++phone}`;
const phonePath = (p: string) => `/simulator/phones/${encodeURIComponent(p)}/messages`;

/** The official client, unmodified, with its Api domain pointed at the simulator (twilio-clients.md recipe B). */
function simulatorClient(router: RunningRouter, username = SIM_AC, password = SIM_TOKEN): twilio.Twilio {
  const client = twilio(username, password, { httpClient: new twilio.RequestClient({ keepAlive: false }) });
  client.api.baseUrl = `${router.baseUrl}/simulator`;
  return client;
}

interface InboxEntry {
  sid: string;
  from: string;
  to: string;
  body: string;
  media_urls: string[];
  status: string;
  date_created: string;
}

async function inbox(router: RunningRouter, p: string): Promise<InboxEntry[]> {
  const res = await raw(router, { path: phonePath(p), auth: AUTH });
  expect(res.status).toBe(200);
  return (res.json as { messages: InboxEntry[] }).messages;
}

async function carrierError(call: Promise<unknown>): Promise<CarrierError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof CarrierError) return err;
    throw err;
  }
  throw new Error('expected a CarrierError');
}

describe('simulator carrier (e2e, real app and Redis)', () => {
  let router: RunningRouter;
  let receiver: WebhookReceiver;
  let account: TestAccount;
  let sim: twilio.Twilio;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    router = await startRouter();
    account = await newAccount(router, 'simulator');
    sim = simulatorClient(router);
  });

  afterAll(async () => {
    await router?.close();
    await receiver?.close();
  });

  describe('Messages API through the official client', () => {
    it('answers 201 with a Message the client parses: SM SID, queued, outbound-api, RFC 2822 dates', async () => {
      const [to, from] = [nextPhone(), nextPhone()];
      const before = Date.now();
      const message = await sim.messages.create({ to, from, body: 'Your code is 1234 ✓' });
      expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
      expect(message).toMatchObject({
        accountSid: SIM_AC,
        apiVersion: '2010-04-01',
        to,
        from,
        body: 'Your code is 1234 ✓',
        status: 'queued',
        direction: 'outbound-api',
        numMedia: '0',
        numSegments: '1',
        price: null,
        errorCode: null,
        uri: `/2010-04-01/Accounts/${SIM_AC}/Messages/${message.sid}.json`,
      });
      expect(message.dateCreated).toBeInstanceOf(Date);
      expect(message.dateCreated.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(message.subresourceUris).toEqual({
        media: `/2010-04-01/Accounts/${SIM_AC}/Messages/${message.sid}/Media.json`,
        feedback: `/2010-04-01/Accounts/${SIM_AC}/Messages/${message.sid}/Feedback.json`,
      });
    });

    it('an MMS gets an MM SID and its media count; the message can be fetched and shows its last status', async () => {
      const [to, from] = [nextPhone(), nextPhone()];
      const message = await sim.messages.create({ to, from, mediaUrl: ['https://example.test/a.jpg', 'https://example.test/b.png'] });
      expect(message.sid).toMatch(/^MM[0-9a-f]{32}$/);
      expect(message).toMatchObject({ numMedia: '2', body: '' });
      const fetched = await eventually(
        () => sim.messages(message.sid).fetch(),
        (m) => m.status === 'delivered',
      );
      expect(fetched).toMatchObject({ sid: message.sid, status: 'delivered', to, from });
      expect(fetched.dateSent).toBeInstanceOf(Date);
      await expectRestError(sim.messages(`SM${'0'.repeat(32)}`).fetch(), 404, 20404);
    });

    it('accepts and ignores the Twilio fields it does not simulate', async () => {
      const [to, from] = [nextPhone(), nextPhone()];
      const message = await sim.messages.create({
        to,
        from,
        body: 'extra fields',
        validityPeriod: 600,
        provideFeedback: true,
        smartEncoded: true,
        attempt: 2,
      });
      expect(message.status).toBe('queued');
    });

    it.each([
      ['To that is not E.164', 21211, { to: '5551230001', from: '+15559990000', body: 'x' }],
      ['From that is not a number', 21212, { to: '+15551230001', from: 'nobody', body: 'x' }],
      ['neither Body nor MediaUrl', 21602, { to: '+15551230001', from: '+15559990000' }],
      ['a Body over 1600 characters', 21617, { to: '+15551230001', from: '+15559990000', body: 'x'.repeat(1601) }],
      [
        '11 MediaUrl',
        21623,
        { to: '+15551230001', from: '+15559990000', mediaUrl: Array.from({ length: 11 }, (_, i) => `https://example.test/${i}.jpg`) },
      ],
      ['a WhatsApp To with an SMS From', 21910, { to: 'whatsapp:+15551230001', from: '+15559990000', body: 'x' }],
    ] as const)('refuses %s like Twilio: 400 / %i', async (_what, code, params) => {
      const err = await expectRestError(sim.messages.create(params), 400, code);
      expect(err.message.length).toBeGreaterThan(10);
    });

    it('records nothing it refused', async () => {
      const [to, from] = [nextPhone(), nextPhone()];
      await expectRestError(sim.messages.create({ to, from, body: 'x'.repeat(1601) }), 400, 21617);
      expect(await inbox(router, to)).toEqual([]);
    });
  });

  describe('authentication', () => {
    const send = (auth?: [string, string], accountSid = SIM_AC) =>
      raw(router, {
        path: `/simulator/2010-04-01/Accounts/${accountSid}/Messages.json`,
        auth,
        form: [
          ['To', nextPhone()],
          ['From', nextPhone()],
          ['Body', 'auth'],
        ],
      });

    it('is HTTP Basic with the carrier account SID and TWILIO_AUTH_TOKEN; 401 / 20003 otherwise', async () => {
      expect((await send(AUTH)).status).toBe(201);
      for (const auth of [undefined, [SIM_AC, 'wrong-token'], [account.sid, account.authToken], [SIM_AC, `${SIM_TOKEN}x`]] as const) {
        const res = await send(auth as [string, string] | undefined);
        expect(res.status).toBe(401);
        expect(errorOf(res)).toMatchObject({ code: 20003, status: 401 });
        expect(res.headers.get('www-authenticate')).toBe('Basic realm="Twilio API"');
      }
      await expectRestError(
        simulatorClient(router, SIM_AC, 'wrong-token').messages.create({ to: nextPhone(), from: nextPhone(), body: 'x' }),
        401,
        20003,
      );
    });

    it('a router account cannot use the simulator, and the router API does not take the carrier credentials', async () => {
      expect((await raw(router, { path: '/simulator/faults', auth: [account.sid, account.authToken] })).status).toBe(401);
      expect((await raw(router, { path: phonePath(nextPhone()), auth: [account.sid, account.authToken] })).status).toBe(401);
      expect((await raw(router, { path: '/v1/Conversations', auth: AUTH })).status).toBe(401);
    });

    it('another account in the path is 404', async () => {
      const res = await send(AUTH, `AC${'f'.repeat(32)}`);
      expect(res.status).toBe(404);
      expect(errorOf(res).code).toBe(20404);
    });
  });

  describe('status callbacks', () => {
    it('posts sent then delivered to StatusCallback, form-encoded and signed over the exact URL with TWILIO_AUTH_TOKEN', async () => {
      const [to, from] = [nextPhone(), nextPhone()];
      const callbackUrl = receiver.url('/status?tenant=acme&x=1');
      const started = Date.now();
      const message = await sim.messages.create({ to, from, body: 'track me', statusCallback: callbackUrl });
      const callbacks = await receiver.waitFor('/status', (w) => w.params.MessageSid === message.sid, 2);
      expect(callbacks.map((c) => c.params)).toEqual(
        ['sent', 'delivered'].map((status) => ({
          MessageSid: message.sid,
          SmsSid: message.sid,
          MessageStatus: status,
          SmsStatus: status,
          AccountSid: SIM_AC,
          From: from,
          To: to,
          ApiVersion: '2010-04-01',
        })),
      );
      for (const c of callbacks) {
        expect(c.url).toBe(callbackUrl);
        expect(c.method).toBe('POST');
        expect(c.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
        expect(receiver.signedBy(c, SIM_TOKEN)).toBe(true);
        expect(receiver.signedBy(c, 'another-token')).toBe(false);
      }
      // SIMULATOR_SENT_MS / SIMULATOR_DELIVERED_MS default to 50 and 150 after the send (timers never fire early).
      expect(callbacks[0].at - started).toBeGreaterThanOrEqual(50);
      expect(callbacks[1].at - started).toBeGreaterThanOrEqual(150);
      await sleep(300);
      expect(receiver.received.filter((w) => w.params.MessageSid === message.sid)).toHaveLength(2);
      expect((await inbox(router, to)).map((m) => m.status)).toEqual(['delivered']);
    });

    it('a callback that fails is posted again twice, then given up', async () => {
      receiver.answer('/status-down', { status: 503 });
      const [to, from] = [nextPhone(), nextPhone()];
      const message = await sim.messages.create({ to, from, body: 'nobody listens', statusCallback: receiver.url('/status-down') });
      const posts = await receiver.waitFor('/status-down', (w) => w.params.MessageSid === message.sid, 6);
      await sleep(1000);
      const all = receiver.received.filter((w) => w.params.MessageSid === message.sid);
      expect(all).toHaveLength(6);
      expect(posts.filter((w) => w.params.MessageStatus === 'sent')).toHaveLength(3);
      expect(posts.filter((w) => w.params.MessageStatus === 'delivered')).toHaveLength(3);
      // The phone got it all the same: the inbox shows what the simulator reported.
      expect((await inbox(router, to)).map((m) => m.status)).toEqual(['delivered']);
    });
  });

  describe('adapters', () => {
    const outbound = (to: string, from: string, extra: Partial<OutboundMessage> = {}): OutboundMessage => ({
      receiptSid: `DY${'1'.repeat(32)}`,
      from,
      to,
      body: 'through the adapter',
      mediaUrls: [],
      statusCallback: receiver.url('/adapter-status'),
      ...extra,
    });

    it("the router's simulator adapter sends to PUBLIC_URL/simulator with the carrier credentials and returns the SID", async () => {
      const registry = router.app.get(ChannelRegistry);
      const credentials = registry.credentials('simulator');
      expect(credentials).toEqual({ accountSid: SIM_AC, authToken: SIM_TOKEN, apiUrl: `${router.baseUrl}/simulator` });
      const [to, from] = [nextPhone(), nextPhone()];
      const { channelMessageSid } = await registry
        .adapter('simulator')
        .send(outbound(to, from, { mediaUrls: ['https://example.test/m.jpg'] }), credentials);
      expect(channelMessageSid).toMatch(/^MM[0-9a-f]{32}$/);
      expect(await inbox(router, to)).toEqual([
        {
          sid: channelMessageSid,
          from,
          to,
          body: 'through the adapter',
          media_urls: ['https://example.test/m.jpg'],
          status: expect.any(String),
          date_created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        },
      ]);
      const callbacks = await receiver.waitFor('/adapter-status', (w) => w.params.MessageSid === channelMessageSid, 2);
      expect(callbacks.map((c) => registry.adapter('simulator').parseStatusCallback(c.params))).toEqual([
        { channelMessageSid, status: 'sent', errorCode: null },
        { channelMessageSid, status: 'delivered', errorCode: null },
      ]);
    });

    it('refusals come out as CarrierError with the HTTP status and the Twilio code', async () => {
      const registry = router.app.get(ChannelRegistry);
      const credentials = registry.credentials('simulator');
      const invalid = await carrierError(registry.adapter('simulator').send(outbound('12', nextPhone()), credentials));
      expect(invalid.details).toEqual({ httpStatus: 400, code: 21211, retryAfterMs: undefined });
      expect(decideFailure(invalid)).toMatchObject({ action: 'fail', errorCode: 21211 });
      const badAuth = await carrierError(
        registry.adapter('simulator').send(outbound(nextPhone(), nextPhone()), { ...credentials, authToken: 'wrong' }),
      );
      expect(badAuth.details).toMatchObject({ httpStatus: 401, code: 20003 });
    });
  });

  describe('phones', () => {
    const autocreate = (address: string) =>
      account.client.conversations.v1.addressConfigurations.create({
        type: address.startsWith('whatsapp:') ? 'whatsapp' : 'sms',
        address,
        'autoCreation.enabled': true,
        'autoCreation.type': 'default',
      });
    const text = (p: string, form: [string, string][]) => raw(router, { path: phonePath(p), auth: AUTH, form });

    it('a phone texts the router through its signed carrier webhook: stored in an auto-created conversation; a replayed MessageSid is stored once', async () => {
      const [me, proxy] = [nextPhone(), nextPhone()];
      await autocreate(proxy);
      const res = await text(me, [
        ['To', proxy],
        ['Body', 'Hi there ✓ & ünïcode'],
      ]);
      expect(res.status).toBe(201);
      const answer = res.json as { message_sid: string; webhook_status: number; attempts: number };
      expect(answer).toEqual({ message_sid: expect.stringMatching(/^SM[0-9a-f]{32}$/), webhook_status: 200, attempts: 1 });

      const [pc] = await account.client.conversations.v1.participantConversations.list({ address: me });
      expect(pc.participantMessagingBinding).toMatchObject({ type: 'sms', address: me, proxy_address: proxy });
      const messages = () => account.client.conversations.v1.conversations(pc.conversationSid).messages.list();
      expect(await messages()).toEqual([expect.objectContaining({ author: me, body: 'Hi there ✓ & ünïcode', index: 0 })]);

      const replay = await text(me, [
        ['To', proxy],
        ['Body', 'Hi there ✓ & ünïcode'],
        ['MessageSid', answer.message_sid],
      ]);
      expect(replay.json).toEqual({ message_sid: answer.message_sid, webhook_status: 200, attempts: 1 });
      expect(await messages()).toHaveLength(1);
    });

    it('the router answers through the simulator adapter: the phone receives it and the receipt follows the callbacks to delivered', async () => {
      const [me, proxy] = [nextPhone(), nextPhone()];
      await autocreate(proxy);
      await text(me, [
        ['To', proxy],
        ['Body', 'question'],
      ]);
      const [pc] = await account.client.conversations.v1.participantConversations.list({ address: me });
      const conversation = account.client.conversations.v1.conversations(pc.conversationSid);
      const reply = await conversation.messages.create({ author: 'agent', body: 'answer from the router' });

      const received = await eventually(
        () => inbox(router, me),
        (list) => list.length === 1 && list[0].status === 'delivered',
        15_000,
      );
      expect(received).toEqual([
        {
          sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
          from: proxy,
          to: me,
          body: 'answer from the router',
          media_urls: [],
          status: 'delivered',
          date_created: expect.any(String),
        },
      ]);
      const receipts = await eventually(
        () => conversation.messages(reply.sid).deliveryReceipts.list(),
        (list) => list[0]?.status === 'delivered',
        15_000,
      );
      expect(receipts).toEqual([expect.objectContaining({ status: 'delivered', channelMessageSid: received[0].sid, errorCode: null })]);
    }, 30_000);

    it('WhatsApp phones text WhatsApp proxy addresses, and have their own inbox', async () => {
      const number = nextPhone();
      const [me, proxy] = [`whatsapp:${number}`, `whatsapp:${nextPhone()}`];
      await autocreate(proxy);
      const res = await text(me, [
        ['To', proxy],
        ['Body', 'hola'],
      ]);
      expect(res.json).toMatchObject({ webhook_status: 200, attempts: 1 });
      const [pc] = await account.client.conversations.v1.participantConversations.list({ address: me });
      expect(pc.participantMessagingBinding).toMatchObject({ type: 'whatsapp', address: me, proxy_address: proxy });
      await sim.messages.create({ to: me, from: proxy, body: 'to whatsapp' });
      expect((await inbox(router, me)).map((m) => m.body)).toEqual(['to whatsapp']);
      expect(await inbox(router, number)).toEqual([]);
    });

    it('inboxes list what was sent to a phone, oldest first, and are cleared with DELETE', async () => {
      const [me, other, from] = [nextPhone(), nextPhone(), nextPhone()];
      for (const body of ['one', 'two', 'three']) await sim.messages.create({ to: me, from, body });
      await sim.messages.create({ to: other, from, body: 'not mine' });
      const list = await inbox(router, me);
      expect(list.map((m) => [m.body, m.from, m.to])).toEqual([
        ['one', from, me],
        ['two', from, me],
        ['three', from, me],
      ]);
      expect(new Set(list.map((m) => m.sid)).size).toBe(3);
      // The + may also come unencoded in the path.
      expect((await raw(router, { path: `/simulator/phones/${me}/messages`, auth: AUTH })).json).toEqual({
        messages: list.map((m) => ({ ...m, status: expect.any(String) })),
      });
      const cleared = await raw(router, { method: 'DELETE', path: phonePath(me), auth: AUTH });
      expect(cleared.status).toBe(204);
      expect(await inbox(router, me)).toEqual([]);
      expect((await inbox(router, other)).map((m) => m.body)).toEqual(['not mine']);
    });

    it.each([
      [
        'a To that is not an address',
        [
          ['To', 'router'],
          ['Body', 'x'],
        ],
        400,
        21211,
      ],
      ['no Body and no MediaUrl', [['To', '+15559990000']], 400, 21602],
      [
        'a WhatsApp To from an SMS phone',
        [
          ['To', 'whatsapp:+15559990000'],
          ['Body', 'x'],
        ],
        400,
        21910,
      ],
      [
        'a malformed MessageSid',
        [
          ['To', '+15559990000'],
          ['Body', 'x'],
          ['MessageSid', 'SM123'],
        ],
        400,
        20001,
      ],
      [
        'a media URL that is not http(s)',
        [
          ['To', '+15559990000'],
          ['MediaUrl', 'file:///etc/passwd'],
        ],
        400,
        21620,
      ],
      [
        'an unknown parameter',
        [
          ['To', '+15559990000'],
          ['Body', 'x'],
          ['Color', 'blue'],
        ],
        400,
        20001,
      ],
    ] as [string, [string, string][], number, number][])('refuses %s', async (_what, form, status, code) => {
      const res = await text(nextPhone(), form);
      expect(res.status).toBe(status);
      expect(errorOf(res).code).toBe(code);
    });

    it('a phone that is not an address is 400', async () => {
      const res = await raw(router, { path: phonePath('not-a-phone'), auth: AUTH });
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe(20001);
    });
  });

  describe('a carrier retries the inbound webhook on 5xx and network errors', () => {
    let carrierSide: RunningRouter;
    let target: WebhookReceiver;

    beforeAll(async () => {
      // An API process whose PUBLIC_URL (where its phones post) is a receiver that answers as told.
      target = await startWebhookReceiver();
      carrierSide = await startRouter({ role: 'api', env: { PUBLIC_URL: target.url('') } });
    });

    afterAll(async () => {
      await carrierSide?.close();
      await target?.close();
    });

    const text = (form: [string, string][]) => raw(carrierSide, { path: phonePath(nextPhone()), auth: AUTH, form });

    it('up to 3 attempts with the same MessageSid and a valid signature each time', async () => {
      target.answer('/webhooks/twilio/messaging', { status: 500 }, { status: 503 }, { status: 200 });
      const res = await text([
        ['To', '+15559990000'],
        ['Body', 'retry me'],
        ['MediaUrl', 'https://cdn.example.test/pic.png'],
      ]);
      expect(res.json).toEqual({ message_sid: expect.stringMatching(/^MM[0-9a-f]{32}$/), webhook_status: 200, attempts: 3 });
      const { message_sid: sid } = res.json as { message_sid: string };
      const posts = target.received.filter((w) => w.params.MessageSid === sid);
      expect(posts).toHaveLength(3);
      for (const post of posts) {
        expect(post.url).toBe(target.url('/webhooks/twilio/messaging'));
        expect(target.signedBy(post, SIM_TOKEN)).toBe(true);
        expect(post.params).toMatchObject({
          SmsMessageSid: sid,
          SmsSid: sid,
          AccountSid: SIM_AC,
          NumMedia: '1',
          MediaUrl0: 'https://cdn.example.test/pic.png',
          MediaContentType0: 'image/png',
          SmsStatus: 'received',
          ApiVersion: '2010-04-01',
        });
      }
    });

    it('a 4xx is not retried; three 5xx give up with the last status', async () => {
      target.answer('/webhooks/twilio/messaging', { status: 403 });
      expect(
        (
          await text([
            ['To', '+15559990000'],
            ['Body', 'forbidden'],
          ])
        ).json,
      ).toMatchObject({ webhook_status: 403, attempts: 1 });
      target.answer('/webhooks/twilio/messaging', { status: 502 });
      expect(
        (
          await text([
            ['To', '+15559990000'],
            ['Body', 'down'],
          ])
        ).json,
      ).toMatchObject({ webhook_status: 502, attempts: 3 });
    });

    it('an unreachable router gives up after 3 attempts with no status', async () => {
      const closed = await startWebhookReceiver();
      const unreachable = closed.url('');
      await closed.close();
      const lost = await startRouter({ role: 'api', env: { PUBLIC_URL: unreachable } });
      try {
        const res = await raw(lost, {
          path: phonePath(nextPhone()),
          auth: AUTH,
          form: [
            ['To', '+15559990000'],
            ['Body', 'lost'],
          ],
        });
        expect(res.status).toBe(201);
        expect(res.json).toMatchObject({ webhook_status: null, attempts: 3 });
      } finally {
        await lost.close();
      }
    });
  });

  describe('switched off or without a token', () => {
    it('SIMULATOR=off: every simulator route is 404 with Twilio error body', async () => {
      const off = await startRouter({ role: 'api', env: { SIMULATOR: 'off' } });
      try {
        for (const [method, path] of [
          ['POST', `/simulator/2010-04-01/Accounts/${SIM_AC}/Messages.json`],
          ['GET', phonePath('+15551230001')],
          ['GET', '/simulator/faults'],
        ] as const) {
          const res = await raw(off, {
            method,
            path,
            auth: AUTH,
            ...(method === 'POST'
              ? {
                  form: [
                    ['To', '+15551230001'],
                    ['From', '+15559990000'],
                    ['Body', 'x'],
                  ] as [string, string][],
                }
              : {}),
          });
          expect(res.status).toBe(404);
          expect(errorOf(res).code).toBe(20404);
        }
      } finally {
        await off.close();
      }
    });

    it('TWILIO_AUTH_TOKEN unset: 503 saying to set it', async () => {
      const tokenless = await startRouter({ role: 'api', env: { TWILIO_AUTH_TOKEN: '' } });
      try {
        const res = await raw(tokenless, { path: '/simulator/faults', auth: AUTH });
        expect(res.status).toBe(503);
        expect(errorOf(res)).toMatchObject({ code: 20503, message: expect.stringContaining('TWILIO_AUTH_TOKEN') });
      } finally {
        await tokenless.close();
      }
    });
  });
});
