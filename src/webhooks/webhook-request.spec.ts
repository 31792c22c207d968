import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { sendWebhook, WebhookUnreachable } from './webhook-request';

const TOKEN = 'webhook-token';

describe('sendWebhook', () => {
  let server: http.Server;
  let base: string;
  let seen: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[];
  let answer: (res: http.ServerResponse) => void;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        answer(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen = [];
    answer = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });

  it('POSTs the form signed over the URL and sorted fields, with the idempotency token, and returns status and body', async () => {
    const params = { EventType: 'onMessageAdded', Body: 'héllo & 👋' };
    const answered = await sendWebhook({ url: `${base}/hook?x=1`, method: 'POST', params, authToken: TOKEN, idempotencyToken: 'EV1', timeoutMs: 2_000 });
    expect(answered).toEqual({ status: 200, body: '{"ok":true}' });
    const [request] = seen;
    expect(request).toMatchObject({ method: 'POST', url: '/hook?x=1' });
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual(params);
    expect(request.headers).toMatchObject({ 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'i-twilio-idempotency-token': 'EV1' });
    expect(twilio.validateRequest(TOKEN, request.headers['x-twilio-signature'] as string, `${base}/hook?x=1`, params)).toBe(true);
  });

  it('GETs with the fields in the query, signed over the full URL, without a body', async () => {
    await sendWebhook({ url: `${base}/hook`, method: 'GET', params: { EventType: 'onMessageAdd', Body: 'a b' }, authToken: TOKEN, timeoutMs: 2_000 });
    const [request] = seen;
    expect(request).toMatchObject({ method: 'GET', url: '/hook?EventType=onMessageAdd&Body=a+b', body: '' });
    expect(request.headers['content-type']).toBeUndefined();
    expect(twilio.validateRequest(TOKEN, request.headers['x-twilio-signature'] as string, `${base}${request.url}`, {})).toBe(true);
  });

  it('returns error statuses as answers; the caller decides on retries', async () => {
    answer = (res) => res.writeHead(503).end('busy');
    await expect(sendWebhook({ url: `${base}/hook`, method: 'POST', params: {}, authToken: TOKEN, timeoutMs: 2_000 })).resolves.toEqual({ status: 503, body: 'busy' });
  });

  it('reports a silent receiver as a timeout, and a refused connection or a malformed URL as unreachable', async () => {
    answer = () => undefined;
    await expect(sendWebhook({ url: `${base}/slow`, method: 'POST', params: {}, authToken: TOKEN, timeoutMs: 200 })).rejects.toMatchObject({ reason: 'timeout' });

    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = sendWebhook({ url: `http://127.0.0.1:${port}/hook`, method: 'POST', params: {}, authToken: TOKEN, timeoutMs: 1_000 });
    await expect(refused).rejects.toBeInstanceOf(WebhookUnreachable);
    await expect(refused).rejects.toMatchObject({ reason: 'network', message: expect.stringContaining('ECONNREFUSED') });

    for (const method of ['GET', 'POST'] as const) {
      await expect(sendWebhook({ url: 'not a url', method, params: {}, authToken: TOKEN, timeoutMs: 1_000 })).rejects.toMatchObject({ reason: 'network' });
    }
  });
});
