import twilio from 'twilio';
import { freePort } from '../../test/support/ports';
import { type RecordingServer, startRecordingServer } from '../../test/support/recording-server';
import { sendWebhook, WebhookUnreachable } from './webhook-request';

const TOKEN = 'webhook-token';

describe('sendWebhook', () => {
  let server: RecordingServer;
  let base: string;

  beforeAll(async () => {
    server = await startRecordingServer();
    base = server.base.origin;
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset((res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')));

  it('POSTs the form signed over the URL and sorted fields, with the idempotency token, and returns status and body', async () => {
    const params = { EventType: 'onMessageAdded', Body: 'héllo & 👋' };
    const answered = await sendWebhook({
      url: `${base}/hook?x=1`,
      method: 'POST',
      params,
      authToken: TOKEN,
      idempotencyToken: 'EV1',
      timeoutMs: 2_000,
    });
    expect(answered).toEqual({ status: 200, body: '{"ok":true}' });
    const [request] = server.seen;
    expect(request).toMatchObject({ method: 'POST', url: '/hook?x=1' });
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual(params);
    expect(request.headers).toMatchObject({
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'i-twilio-idempotency-token': 'EV1',
    });
    expect(twilio.validateRequest(TOKEN, request.headers['x-twilio-signature'] as string, `${base}/hook?x=1`, params)).toBe(true);
  });

  it('GETs with the fields in the query, signed over the full URL, without a body', async () => {
    await sendWebhook({
      url: `${base}/hook`,
      method: 'GET',
      params: { EventType: 'onMessageAdd', Body: 'a b' },
      authToken: TOKEN,
      timeoutMs: 2_000,
    });
    const [request] = server.seen;
    expect(request).toMatchObject({ method: 'GET', url: '/hook?EventType=onMessageAdd&Body=a+b', body: '' });
    expect(request.headers['content-type']).toBeUndefined();
    expect(twilio.validateRequest(TOKEN, request.headers['x-twilio-signature'] as string, `${base}${request.url}`, {})).toBe(true);
  });

  it('returns error statuses as answers; the caller decides on retries', async () => {
    server.answer = (res) => res.writeHead(503).end('busy');
    await expect(sendWebhook({ url: `${base}/hook`, method: 'POST', params: {}, authToken: TOKEN, timeoutMs: 2_000 })).resolves.toEqual({
      status: 503,
      body: 'busy',
    });
  });

  it('reports a silent receiver as a timeout, and a refused connection or a malformed URL as unreachable', async () => {
    server.answer = () => undefined;
    await expect(sendWebhook({ url: `${base}/slow`, method: 'POST', params: {}, authToken: TOKEN, timeoutMs: 200 })).rejects.toMatchObject({
      reason: 'timeout',
    });

    const refused = sendWebhook({
      url: `http://127.0.0.1:${await freePort()}/hook`,
      method: 'POST',
      params: {},
      authToken: TOKEN,
      timeoutMs: 1_000,
    });
    await expect(refused).rejects.toBeInstanceOf(WebhookUnreachable);
    await expect(refused).rejects.toMatchObject({ reason: 'network', message: expect.stringContaining('ECONNREFUSED') });

    for (const method of ['GET', 'POST'] as const) {
      await expect(sendWebhook({ url: 'not a url', method, params: {}, authToken: TOKEN, timeoutMs: 1_000 })).rejects.toMatchObject({
        reason: 'network',
      });
    }
  });
});
