import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RecordingServer, startRecordingServer } from '../../test/support/recording-server';
import { httpGetStream } from './http-stream';
import { OutboundPolicy } from './outbound-policy';

const read = async (body: NodeJS.ReadableStream) => {
  let text = '';
  for await (const chunk of body) text += String(chunk);
  return text;
};

describe('httpGetStream', () => {
  let server: RecordingServer;
  /** Another loopback address, not in the allow-list below: where a redirect must not lead. */
  let inside: http.Server;
  let insideHits = 0;
  const allowed = new OutboundPolicy(['127.0.0.1']);

  beforeAll(async () => {
    server = await startRecordingServer();
    inside = http.createServer((_req, res) => {
      insideHits++;
      res.end('internal');
    });
    await new Promise<void>((resolve) => inside.listen(0, '127.0.0.2', resolve));
  });
  afterAll(async () => {
    await server.close();
    await new Promise((r) => inside.close(r));
  });
  beforeEach(() => server.reset((res) => res.writeHead(200, { 'content-type': 'image/png' }).end('png-bytes')));

  const get = (path: string, extra: Partial<Parameters<typeof httpGetStream>[0]> = {}) =>
    httpGetStream({
      url: new URL(path, server.base),
      headers: { authorization: 'Basic c2VjcmV0' },
      timeoutMs: 2_000,
      policy: allowed,
      maxRedirects: 2,
      maxBytes: 1024,
      ...extra,
    });

  it('streams the body of an allowed URL', async () => {
    const response = await get('/media/1');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(await read(response.body)).toBe('png-bytes');
    expect(server.seen[0].headers.authorization).toBe('Basic c2VjcmV0');
  });

  it('follows a redirect within the origin with the credentials, to another origin without them', async () => {
    let n = 0;
    server.reset((res) => {
      n++;
      if (n === 1) res.writeHead(302, { location: '/media/2' }).end();
      else if (n === 2) res.writeHead(307, { location: `http://localhost:${server.base.port}/media/3` }).end();
      else res.end('after redirects');
    });
    const response = await get('/media/1', { policy: new OutboundPolicy(['127.0.0.1', 'localhost']) });
    expect(await read(response.body)).toBe('after redirects');
    expect(server.seen.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/media/1', 'Basic c2VjcmV0'],
      ['/media/2', 'Basic c2VjcmV0'],
      ['/media/3', undefined],
    ]);
  });

  it('checks every redirect against the policy: one to an internal address is refused before it connects', async () => {
    const port = (inside.address() as AddressInfo).port;
    server.reset((res) => res.writeHead(302, { location: `http://127.0.0.2:${port}/latest/meta-data` }).end());
    await expect(get('/media/1')).rejects.toMatchObject({ code: 'EOUTBOUNDBLOCKED' });
    expect(insideHits).toBe(0);
  });

  it('bounds redirects, refuses non-http(s) ones and answers announced as too large', async () => {
    server.reset((res) => res.writeHead(302, { location: '/again' }).end());
    await expect(get('/loop')).rejects.toMatchObject({ code: 'ETOOMANYREDIRECTS' });
    expect(server.seen).toHaveLength(3);
    server.reset((res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    await expect(get('/file')).rejects.toMatchObject({ code: 'EBADREDIRECT' });
    server.reset((res) => res.writeHead(200, { 'content-length': '4096' }).end('x'.repeat(4096)));
    await expect(get('/big')).rejects.toMatchObject({ code: 'EBODYTOOLARGE' });
  });

  it('times out over the whole exchange, the body included', async () => {
    let drip: NodeJS.Timeout | undefined;
    server.reset((res) => {
      res.writeHead(200);
      drip = setInterval(() => res.write('.'), 50);
    });
    const response = await get('/slow', { timeoutMs: 300 });
    await expect(read(response.body)).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    clearInterval(drip);
  });
});
