import { freePort } from '../../test/support/ports';
import { type RecordingServer, startRecordingServer } from '../../test/support/recording-server';
import { httpRequest, MAX_ANSWER_BYTES } from './http-request';
import { OutboundPolicy } from './outbound-policy';

describe('httpRequest', () => {
  let server: RecordingServer;

  beforeAll(async () => (server = await startRecordingServer()));
  afterAll(() => server.close());
  beforeEach(() => server.reset((res) => res.writeHead(201, { 'content-type': 'application/json' }).end('{"sid":"SM1"}')));

  it('sends the method, headers and body and returns the raw answer', async () => {
    const body = 'To=%2B15550001111&Body=hi';
    const response = await httpRequest({
      method: 'post',
      url: new URL('/2010-04-01/Accounts/AC1/Messages.json?x=1', server.base),
      headers: { Authorization: 'Basic abc', 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
      timeoutMs: 2_000,
    });
    expect(response).toMatchObject({ statusCode: 201, body: '{"sid":"SM1"}' });
    expect(response.headers['content-type']).toBe('application/json');
    expect(server.seen).toEqual([
      expect.objectContaining({ method: 'POST', url: '/2010-04-01/Accounts/AC1/Messages.json?x=1', body: 'To=%2B15550001111&Body=hi' }),
    ]);
    expect(server.seen[0].headers).toMatchObject({
      authorization: 'Basic abc',
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(body.length),
    });
  });

  it('returns error statuses with their headers (the caller reads code and Retry-After)', async () => {
    server.answer = (res) => res.writeHead(429, { 'retry-after': '3' }).end('{"code":20429,"message":"Too Many Requests"}');
    const response = await httpRequest({ method: 'POST', url: new URL('/x', server.base), headers: {}, body: 'a=b', timeoutMs: 2_000 });
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('3');
    expect(JSON.parse(response.body)).toEqual({ code: 20429, message: 'Too Many Requests' });
  });

  it('gives up on a silent receiver after the timeout with ETIMEDOUT', async () => {
    server.answer = () => undefined; // never answers
    await expect(
      httpRequest({ method: 'POST', url: new URL('/slow', server.base), headers: {}, body: 'a=b', timeoutMs: 200 }),
    ).rejects.toMatchObject({ code: 'ETIMEDOUT' });
  });

  it('counts the time limit over the whole answer: a receiver that trickles its body still times out', async () => {
    let drip: NodeJS.Timeout | undefined;
    server.answer = (res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      drip = setInterval(() => res.write('.'), 50);
    };
    const started = Date.now();
    await expect(
      httpRequest({ method: 'POST', url: new URL('/drip', server.base), headers: {}, body: 'a=b', timeoutMs: 300 }),
    ).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    expect(Date.now() - started).toBeLessThan(2_000);
    clearInterval(drip);
  });

  it('refuses an answer longer than MAX_ANSWER_BYTES instead of holding it all in memory', async () => {
    server.answer = (res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      for (let sent = 0; sent <= MAX_ANSWER_BYTES; sent += chunk.length) res.write(chunk);
      res.end();
    };
    await expect(
      httpRequest({ method: 'POST', url: new URL('/big', server.base), headers: {}, body: 'a=b', timeoutMs: 5_000 }),
    ).rejects.toMatchObject({ code: 'EBODYTOOLARGE' });
  });

  it('returns a redirect as it is, without following it', async () => {
    server.answer = (res) => res.writeHead(302, { location: '/elsewhere' }).end();
    const response = await httpRequest({ method: 'GET', url: new URL('/hook?a=1', server.base), headers: {}, timeoutMs: 2_000 });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/elsewhere');
    expect(server.seen.map((r) => r.url)).toEqual(['/hook?a=1']);
  });

  it('fails with ECONNREFUSED when nothing listens', async () => {
    await expect(
      httpRequest({ method: 'POST', url: new URL(`http://127.0.0.1:${await freePort()}/x`), headers: {}, timeoutMs: 1_000 }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  describe('with an outbound policy (requests on behalf of accounts)', () => {
    const send = (url: URL, policy: OutboundPolicy) =>
      httpRequest({ method: 'POST', url, headers: {}, body: 'a=b', timeoutMs: 2_000, policy });

    it('refuses a loopback address, given literally or through a name, before connecting (EOUTBOUNDBLOCKED)', async () => {
      const strict = new OutboundPolicy([]);
      await expect(send(new URL('/hook', server.base), strict)).rejects.toMatchObject({ code: 'EOUTBOUNDBLOCKED' });
      const byName = new URL(`http://localhost:${server.base.port}/hook`);
      await expect(send(byName, strict)).rejects.toMatchObject({ code: 'EOUTBOUNDBLOCKED' });
      expect(server.seen).toEqual([]);
    });

    it('reaches what the allow-list opens, and keeps its connections apart from unguarded requests', async () => {
      const open = new OutboundPolicy(['127.0.0.1']);
      expect((await send(new URL('/hook', server.base), open)).statusCode).toBe(201);
      // A pooled connection of an unguarded request to the same host does not serve a guarded one.
      await httpRequest({ method: 'POST', url: new URL('/carrier', server.base), headers: {}, body: 'a=b', timeoutMs: 2_000 });
      await expect(send(new URL('/hook', server.base), new OutboundPolicy([]))).rejects.toMatchObject({ code: 'EOUTBOUNDBLOCKED' });
      expect(server.seen.map((r) => r.url)).toEqual(['/hook', '/carrier']);
    });
  });
});
