import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import twilio from 'twilio';
import { CarrierError, type CarrierCredentials, type OutboundMessage } from '../src/channels/channel-adapter';
import { decideFailure } from '../src/channels/failure-policy';
import { TwilioAdapter } from '../src/channels/twilio/twilio.adapter';
import { startFakeTwilioApi, type FakeTwilioApi } from './support/fake-twilio-api';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

const AC = `AC${'7a'.repeat(16)}`;
const TOKEN = 'adapter-test-auth-token-0123456789';

/** A send's CarrierError (the adapter must throw one). */
async function carrierError(call: Promise<unknown>): Promise<CarrierError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof CarrierError) return err;
    throw err;
  }
  throw new Error('expected the send to fail with a CarrierError');
}

describe('twilio adapter against a fake Twilio Messages API (e2e over HTTP)', () => {
  let api: FakeTwilioApi;
  let receiver: WebhookReceiver;
  let credentials: CarrierCredentials;
  const adapter = new TwilioAdapter();
  let n = 0;
  const outbound = (extra: Partial<OutboundMessage> = {}): OutboundMessage => ({
    receiptSid: `DY${(++n).toString(16).padStart(32, '0')}`,
    from: '+15559990000',
    to: '+15551230001',
    body: `hello #${n} & ünïcode ✓`,
    mediaUrls: [],
    statusCallback: receiver.url('/webhooks/twilio/status'),
    ...extra,
  });

  beforeAll(async () => {
    api = await startFakeTwilioApi();
    receiver = await startWebhookReceiver();
    credentials = { accountSid: AC, authToken: TOKEN, apiUrl: api.url };
  });

  afterAll(async () => {
    await api?.close();
    await receiver?.close();
  });

  it("sends through the official client to the base URL given: Twilio's path, Basic auth, form fields; returns the SID", async () => {
    const before = api.requests.length;
    const message = outbound({ mediaUrls: ['https://router.test/media/a.jpg?sig=1', 'https://router.test/media/b.png?sig=2'] });
    const result = await adapter.send(message, credentials);
    expect(result.channelMessageSid).toMatch(/^MM[0-9a-f]{32}$/);
    const [request] = api.requests.slice(before);
    expect(request).toMatchObject({
      method: 'POST',
      path: `/2010-04-01/Accounts/${AC}/Messages.json`,
      accountSid: AC,
      username: AC,
      password: TOKEN,
      answer: 201,
      sid: result.channelMessageSid,
    });
    expect(request.form).toEqual({
      From: ['+15559990000'],
      To: ['+15551230001'],
      Body: [message.body],
      MediaUrl: ['https://router.test/media/a.jpg?sig=1', 'https://router.test/media/b.png?sig=2'],
      StatusCallback: [message.statusCallback],
    });
  });

  it("sends the same request through the package's own transport when TWILIO_CA_BUNDLE (or HTTP_PROXY) is set", async () => {
    const message = outbound({ mediaUrls: ['https://router.test/media/a.jpg?sig=1', 'https://router.test/media/b.png?sig=2'] });
    const viaLean = api.requests.length;
    await adapter.send(message, credentials);
    const bundle = path.join(mkdtempSync(path.join(tmpdir(), 'ca-')), 'bundle.pem');
    writeFileSync(bundle, '');
    process.env.TWILIO_CA_BUNDLE = bundle;
    try {
      // Other credentials: a client built now, with the setting.
      const viaPackage = api.requests.length;
      await adapter.send(message, { ...credentials, authToken: `${TOKEN}-package` });
      const [lean, pkg] = [api.requests[viaLean], api.requests[viaPackage]];
      expect(pkg).toMatchObject({ method: lean.method, path: lean.path, username: AC, password: `${TOKEN}-package`, answer: 201 });
      expect(pkg.form).toEqual(lean.form);
      expect(pkg.headers['user-agent']).toBe(lean.headers['user-agent']);
      expect(lean.headers['user-agent']).toMatch(/^twilio-node\//);
      // How the two are told apart: axios asks for compressed answers, node:http does not.
      expect(pkg.headers['accept-encoding']).toBeDefined();
      expect(lean.headers['accept-encoding']).toBeUndefined();
    } finally {
      delete process.env.TWILIO_CA_BUNDLE;
    }
  });

  it('sends no Body for a media-only message, and an SM SID for text', async () => {
    const before = api.requests.length;
    await adapter.send(outbound({ body: null, mediaUrls: ['https://router.test/media/c.jpg'] }), credentials);
    expect(api.requests[before].form).not.toHaveProperty('Body');
    expect((await adapter.send(outbound(), credentials)).channelMessageSid).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it('keeps a path in the base URL (a carrier mounted below the origin)', async () => {
    const before = api.requests.length;
    const err = await carrierError(adapter.send(outbound(), { ...credentials, apiUrl: `${api.url}/mounted` }));
    expect(api.requests[before].path).toBe(`/mounted/2010-04-01/Accounts/${AC}/Messages.json`);
    expect(err.details).toMatchObject({ httpStatus: 404, code: 20404 });
  });

  it.each([
    [400, 21211, 'fail'],
    [400, 21610, 'fail'],
    [400, 63016, 'fail'],
    [401, 20003, 'fail'],
    [400, 30001, 'retry'],
    [503, 20503, 'retry'],
  ] as const)('a Twilio error %i / %i is a CarrierError with status and code (%s)', async (status, code, action) => {
    api.queue({ kind: 'twilio-error', status, code, message: `refused with ${code}` });
    const err = await carrierError(adapter.send(outbound(), credentials));
    expect(err.message).toBe(`refused with ${code}`);
    expect(err.details).toEqual({ httpStatus: status, code, retryAfterMs: undefined });
    expect(decideFailure(err).action).toBe(action);
  });

  it('a 5xx without a Twilio body keeps its status and has no code', async () => {
    api.queue({ kind: 'server-error', status: 502 });
    const err = await carrierError(adapter.send(outbound(), credentials));
    expect(err.details).toEqual({ httpStatus: 502, code: undefined, retryAfterMs: undefined });
    expect(err.message).toBe('carrier answered 502');
    expect(decideFailure(err)).toMatchObject({ action: 'retry' });
  });

  it('a 429 carries Retry-After in milliseconds, from seconds or from an HTTP date', async () => {
    api.queue({ kind: 'rate-limited', retryAfter: '7' });
    const seconds = await carrierError(adapter.send(outbound(), credentials));
    expect(seconds.details).toEqual({ httpStatus: 429, code: 20429, retryAfterMs: 7000 });
    expect(decideFailure(seconds)).toMatchObject({ action: 'retry', delayMs: 7000 });

    api.queue({ kind: 'rate-limited', retryAfter: new Date(Date.now() + 60_000).toUTCString() });
    const date = await carrierError(adapter.send(outbound(), credentials));
    expect(date.details.httpStatus).toBe(429);
    expect(date.details.retryAfterMs).toBeGreaterThan(55_000);
    expect(date.details.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('a dropped connection is a network CarrierError, retried; the next send goes through', async () => {
    api.queue({ kind: 'reset' });
    const err = await carrierError(adapter.send(outbound(), credentials));
    expect(err.details.network).toBe(true);
    expect(err.details.httpStatus).toBeUndefined();
    expect(decideFailure(err).action).toBe('retry');
    expect((await adapter.send(outbound(), credentials)).channelMessageSid).toMatch(/^SM/);
  });

  it('an unreachable carrier is a network CarrierError', async () => {
    const closed = await startFakeTwilioApi();
    await closed.close();
    const err = await carrierError(adapter.send(outbound(), { ...credentials, apiUrl: closed.url }));
    expect(err.details).toEqual({ network: true });
  });

  it('waits for a slow answer', async () => {
    api.queue({ kind: 'delay', ms: 400 });
    const started = Date.now();
    expect((await adapter.send(outbound(), credentials)).channelMessageSid).toMatch(/^SM/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
  });

  it('a delayed error arrives as that error', async () => {
    api.queue({ kind: 'delay', ms: 100, then: { kind: 'twilio-error', status: 400, code: 21612 } });
    expect((await carrierError(adapter.send(outbound(), credentials))).details.code).toBe(21612);
  });

  it('status callbacks from the fake reach a receiver signed so that twilio.validateRequest passes, and the adapter reads them', async () => {
    const message = outbound({ statusCallback: receiver.url('/status?tenant=acme') });
    const { channelMessageSid: sid } = await adapter.send(message, credentials);
    expect(await api.sendStatus(message.statusCallback, sid, 'sent', undefined, TOKEN)).toBe(200);
    expect(await api.sendStatus(message.statusCallback, sid, 'undelivered', 30005, TOKEN)).toBe(200);
    const callbacks = await receiver.waitFor('/status', (w) => w.params.MessageSid === sid, 2);
    expect(callbacks.map((c) => c.params)).toEqual([
      {
        MessageSid: sid,
        SmsSid: sid,
        MessageStatus: 'sent',
        SmsStatus: 'sent',
        AccountSid: AC,
        From: '+15559990000',
        To: '+15551230001',
        ApiVersion: '2010-04-01',
      },
      {
        MessageSid: sid,
        SmsSid: sid,
        MessageStatus: 'undelivered',
        SmsStatus: 'undelivered',
        AccountSid: AC,
        From: '+15559990000',
        To: '+15551230001',
        ApiVersion: '2010-04-01',
        ErrorCode: '30005',
      },
    ]);
    for (const callback of callbacks) {
      expect(twilio.validateRequest(TOKEN, String(callback.headers['x-twilio-signature']), callback.url, callback.params)).toBe(true);
      expect(twilio.validateRequest('another-token', String(callback.headers['x-twilio-signature']), callback.url, callback.params)).toBe(
        false,
      );
    }
    expect(callbacks.map((c) => adapter.parseStatusCallback(c.params))).toEqual([
      { channelMessageSid: sid, status: 'sent', errorCode: null },
      { channelMessageSid: sid, status: 'undelivered', errorCode: 30005 },
    ]);
  });

  it("finds the messages sent from one number to one other since a time: Twilio's GET Messages.json with To, From, DateSent>=, every page", async () => {
    const [from, to] = ['+15559990077', '+15551230077'];
    const since = new Date(Date.now() - 1_000);
    const sent: string[] = [];
    for (let i = 0; i < 105; i++)
      sent.push((await adapter.send(outbound({ from, to, body: `lookup ${i}` }), credentials)).channelMessageSid);
    await adapter.send(outbound({ from, to: '+15551230078', body: 'another recipient' }), credentials);
    const before = api.requests.length;
    const found = await adapter.findSent({ from, to, since }, credentials);
    expect(found.map((m) => m.sid).sort()).toEqual([...sent].sort());
    // Newest first by the second Twilio's dates carry: messages of one second come in any order.
    const last = found.find((m) => m.body === 'lookup 104');
    expect(last).toMatchObject({ from, to, direction: 'outbound-api', numMedia: 0 });
    expect(last!.dateCreated).toBeInstanceOf(Date);
    const lookups = api.requests.slice(before);
    expect(lookups.map((r) => r.method)).toEqual(['GET', 'GET']);
    const [first, second] = lookups.map((r) => new URL(r.path, 'http://x'));
    expect(first.pathname).toBe(`/2010-04-01/Accounts/${AC}/Messages.json`);
    expect(first.search).toContain('DateSent%3E=');
    expect(Object.fromEntries(first.searchParams)).toMatchObject({
      To: to,
      From: from,
      'DateSent>': since.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      PageSize: '100',
    });
    expect(second.searchParams.get('Page')).toBe('1');
    expect(lookups[0]).toMatchObject({ username: AC, password: TOKEN });

    expect(await adapter.findSent({ from, to, since: new Date(Date.now() + 60_000) }, credentials)).toEqual([]);
  });

  it('a refused lookup is a CarrierError with its status and code', async () => {
    const err = await carrierError(
      adapter.findSent(
        { from: '+1555', to: '+1556', since: new Date('2026-01-01T00:00:00Z') },
        { ...credentials, apiUrl: `${api.url}/nowhere` },
      ),
    );
    expect(err.details).toMatchObject({ httpStatus: 404, code: 20404 });
  });

  it('records every request, refused ones too, and answers 404 off the Messages path', async () => {
    const before = api.requests.length;
    const res = await fetch(`${api.url}/2010-04-01/Accounts/${AC}/Calls.json`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      code: 20404,
      message: `The requested resource /2010-04-01/Accounts/${AC}/Calls.json was not found`,
      more_info: 'https://www.twilio.com/docs/errors/20404',
      status: 404,
    });
    expect(api.requests[before]).toMatchObject({ method: 'POST', accountSid: null, username: null, answer: 404, sid: null });
  });
});
