import { DEFAULT_REALTIME_LIMITS } from '../src/realtime/realtime-limits';
import { WebSocket } from 'ws';
import { UpstreamRouter } from '../src/realtime/upstream-router';
import { startRouter, type RunningRouter } from './support';
import {
  EventLog,
  newChatTenant,
  rawSocket,
  twilsockClient,
  TWILSOCK_EVENTS,
  until,
  wsUrl,
  type ChatTenant,
  type RawSocket,
} from './support/realtime';

const INIT_TIMEOUT_MS = 400;
const PING_INTERVAL_MS = 400;
const UPSTREAM_TIMEOUT_MS = 1_500;
/** How long the stalled test handler takes: more than half the upstream timeout, less than all of it. */
const STALL_MS = 1_000;

/** The Twilsock close frame the router sent before closing, if any. */
const twilsockClose = (socket: RawSocket) => socket.headers().find((h) => h.method === 'close');

/**
 * What no SDK sends: malformed frames, unknown methods, oversize frames, floods, silence. Each gets a
 * close with a code, and the router keeps serving everyone else (checked with the official client).
 */
describe('Realtime: bad clients (e2e)', () => {
  let router: RunningRouter;
  let tenant: ChatTenant;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    router = await startRouter({
      role: 'api',
      env: {
        REALTIME_INIT_TIMEOUT_MS: String(INIT_TIMEOUT_MS),
        REALTIME_PING_INTERVAL_MS: String(PING_INTERVAL_MS),
        REALTIME_UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
      },
    });
    tenant = await newChatTenant(router);
  });

  afterAll(async () => {
    await router?.close();
    process.off('unhandledRejection', onUnhandled);
  });

  afterEach(async () => {
    // Whatever the previous client did, the official client still connects, inits and is answered.
    const client = twilsockClient(router, tenant.token({ identity: 'well-behaved' }));
    const log = new EventLog(client, TWILSOCK_EVENTS);
    client.connect();
    await log.next('initialized');
    await expect(client.get('https://aim.us1.twilio.com/nowhere', {})).rejects.toMatchObject({ status: 404 });
    await client.disconnect();
    expect(unhandled).toEqual([]);
  });

  /** A raw socket that has sent a valid init and got its reply. */
  async function initialised(): Promise<RawSocket> {
    const socket = await rawSocket(router);
    socket.sendFrame({ id: 'TMinit', method: 'init', token: tenant.token({ identity: 'raw' }), capabilities: [], registrations: [] });
    await until(() => socket.headers().some((h) => h.id === 'TMinit'), 2_000);
    expect(socket.headers()[0]).toMatchObject({ method: 'reply', id: 'TMinit', status: { code: 200 } });
    return socket;
  }

  it.each([
    ['another protocol', Buffer.from('HELLO\r\n{}\r\n'), 'malformed frame: bad-preamble'],
    [
      'a header length that lies',
      Buffer.from('TWILSOCK V3.0 400\r\n{"id":"TM1","method":"init"}\r\n'),
      'malformed frame: header-length-mismatch',
    ],
    ['a header that is not JSON', Buffer.from('TWILSOCK V3.0 9\r\n{"id":TM1\r\n'), 'malformed frame: header-not-json'],
    [
      'a payload_size that lies',
      Buffer.from('TWILSOCK V3.0 46\r\n{"id":"TM1","method":"init","payload_size":99}\r\nabc'),
      'malformed frame: payload-length-mismatch',
    ],
  ])('%s: Twilsock close 406, then websocket close 4400', async (_case, frame, reason) => {
    const socket = await rawSocket(router);
    socket.ws.send(frame);
    await expect(socket.closed).resolves.toEqual({ code: 4400, reason });
    expect(twilsockClose(socket)).toMatchObject({ method: 'close', status: { code: 406, status: 'Not Acceptable' } });
  });

  it('an upstream request before init: closed 4400', async () => {
    const socket = await rawSocket(router);
    socket.sendFrame({ id: 'TM1', method: 'message', http_request: { host: 'aim', path: '/x', method: 'GET' } });
    await expect(socket.closed).resolves.toEqual({ code: 4400, reason: 'init must come first' });
    expect(twilsockClose(socket)).toMatchObject({ status: { code: 406 } });
  });

  it('a second init: closed 4400', async () => {
    const socket = await initialised();
    socket.sendFrame({ id: 'TMagain', method: 'init', token: tenant.token() });
    await expect(socket.closed).resolves.toEqual({ code: 4400, reason: 'second init' });
  });

  it('an unknown method: Twilsock close 406, then websocket close 4405', async () => {
    const socket = await initialised();
    socket.sendFrame({ id: 'TM1', method: 'subscribe_everything' });
    await expect(socket.closed).resolves.toEqual({ code: 4405, reason: 'unknown method' });
    expect(twilsockClose(socket)).toMatchObject({ status: { code: 406, description: 'Unknown method "subscribe_everything"' } });
  });

  it('a frame over 128 KiB: websocket close 1009', async () => {
    const socket = await initialised();
    socket.sendFrame({ id: 'TM1', method: 'message', http_request: { host: 'aim', path: '/x', method: 'POST' } }, 'x'.repeat(129 * 1024));
    await expect(socket.closed).resolves.toMatchObject({ code: 1009 });
  });

  it('a header over 16 KiB in a frame under the limit: closed 4400', async () => {
    const socket = await initialised();
    socket.sendFrame({ id: 'TM1', method: 'telemetry.v1', events: [{ details: 'x'.repeat(17 * 1024) }] });
    await expect(socket.closed).resolves.toEqual({ code: 4400, reason: 'malformed frame: header-too-large' });
  });

  it('a text frame that is not UTF-8: websocket close 1007', async () => {
    const socket = await initialised();
    // A masked text frame carrying the bytes C3 28 (an invalid UTF-8 sequence), written on the raw TCP socket.
    const raw = (socket.ws as unknown as { _socket: import('node:net').Socket })._socket;
    raw.write(Buffer.from([0x81, 0x82, 0, 0, 0, 0, 0xc3, 0x28]));
    await expect(socket.closed).resolves.toMatchObject({ code: 1007 });
  });

  it('a flood of frames: Twilsock close 429, then websocket close 4429', async () => {
    const socket = await initialised();
    const { frameBurst } = DEFAULT_REALTIME_LIMITS;
    for (let i = 0; i < 3 * frameBurst; i++) socket.sendFrame({ id: `TM${i}`, method: 'telemetry.v1', events: [] });
    await expect(socket.closed).resolves.toEqual({ code: 4429, reason: 'too many frames' });
    expect(twilsockClose(socket)).toMatchObject({ status: { code: 429, status: 'Too Many Requests' } });
    const replies = socket.headers().filter((h) => h.method === 'reply');
    expect(replies.length).toBeGreaterThanOrEqual(frameBurst - 1); // the burst was answered before the flood was cut
    expect(replies.length).toBeLessThan(3 * frameBurst);
  });

  it('a flood of acks for notifications never sent counts as a flood too', async () => {
    const socket = await initialised();
    for (let i = 0; i < 3 * DEFAULT_REALTIME_LIMITS.frameBurst; i++) {
      socket.sendFrame({ id: `TMfake${i}`, method: 'reply', status: { code: 200, status: 'OK' } });
    }
    await expect(socket.closed).resolves.toEqual({ code: 4429, reason: 'too many frames' });
  });

  describe('upstream limits', () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let unregister: () => void;

    beforeAll(() => {
      const upstream = router.app.get(UpstreamRouter);
      const slow = upstream.register('/slow', {
        handle: async () => {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 50));
          inFlight -= 1;
          return { status: 200, body: {} };
        },
      });
      const stalled = upstream.register('/stalled', {
        handle: async () => {
          await new Promise((resolve) => setTimeout(resolve, STALL_MS));
          return { status: 200, body: {} };
        },
      });
      unregister = () => [slow, stalled].forEach((fn) => fn());
    });

    afterAll(() => unregister());

    const upstreamFrame = (i: number, path: string) => ({
      id: `TMup${i}`,
      method: 'message',
      active_grant: 'ip_messaging',
      http_request: { host: 'aim.us1.twilio.com', path, method: 'GET', params: {}, headers: {} },
    });

    it('handles 16 requests at a time and queues the others; every request gets its answer', async () => {
      const socket = await initialised();
      for (let i = 0; i < 40; i++) socket.sendFrame(upstreamFrame(i, '/slow'));
      await until(() => socket.headers().filter((h) => h.http_status).length === 40, 5_000);
      expect(maxInFlight).toBe(16);
      expect(socket.headers().filter((h) => (h.http_status as { code: number } | undefined)?.code === 200)).toHaveLength(40);
      socket.ws.close();
    });

    it('answers a queued request within the upstream timeout counted from its arrival (504, Twilio 20504), before the SDK gives up', async () => {
      const socket = await initialised();
      const { upstreamConcurrency } = DEFAULT_REALTIME_LIMITS;
      const sentAt = Date.now();
      const answeredAt = new Map<string, number>();
      socket.ws.on('message', () => {
        for (const h of socket.headers()) if (h.http_status && !answeredAt.has(h.id as string)) answeredAt.set(h.id as string, Date.now());
      });
      // The first ones take every slot for STALL_MS; the others wait, and have less than that left when a slot frees.
      const sent = upstreamConcurrency + 4;
      for (let i = 0; i < sent; i++) socket.sendFrame(upstreamFrame(i, '/stalled'));
      await until(() => answeredAt.size === sent, 10_000);
      const statusOf = (i: number) => socket.headers().find((h) => h.id === `TMup${i}` && h.http_status)!;
      for (let i = 0; i < upstreamConcurrency; i++) expect(statusOf(i)).toMatchObject({ http_status: { code: 200 } });
      for (let i = upstreamConcurrency; i < sent; i++) {
        expect(statusOf(i)).toMatchObject({ http_status: { code: 504 } });
        // Answered once UPSTREAM_TIMEOUT_MS had passed since it was sent, not a full timeout after it left the queue.
        expect(answeredAt.get(`TMup${i}`)! - sentAt).toBeLessThan(STALL_MS + UPSTREAM_TIMEOUT_MS);
      }
      expect(socket.ws.readyState).toBe(WebSocket.OPEN);
      socket.ws.close();
    });

    it('answers requests beyond the burst with 429 (Twilio 20429), keeping the connection', async () => {
      const socket = await initialised();
      const { upstreamBurst } = DEFAULT_REALTIME_LIMITS;
      const sent = upstreamBurst + 150;
      for (let i = 0; i < sent; i++) socket.sendFrame(upstreamFrame(i, '/nothing-here'));
      await until(() => socket.headers().filter((h) => h.http_status).length === sent, 10_000);
      const codes = socket.headers().flatMap((h) => (h.http_status ? [(h.http_status as { code: number }).code] : []));
      expect(codes.filter((c) => c === 404).length).toBeGreaterThanOrEqual(upstreamBurst);
      expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(40);
      expect(socket.ws.readyState).toBe(WebSocket.OPEN);
      socket.ws.close();
    });

    it('answers an upstream request with a payload that is not JSON with 400', async () => {
      const socket = await initialised();
      socket.sendFrame({ ...upstreamFrame(1, '/slow'), payload_type: 'application/json' }, '{"body":');
      await until(() => socket.headers().some((h) => h.id === 'TMup1'));
      expect(socket.headers().find((h) => h.id === 'TMup1')).toMatchObject({ status: { code: 200 }, http_status: { code: 400 } });
      socket.ws.close();
    });
  });

  it('a connection that never sends init: closed 4408 after the init timeout', async () => {
    const socket = await rawSocket(router);
    const started = Date.now();
    await expect(socket.closed).resolves.toEqual({ code: 4408, reason: 'no init received in time' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(INIT_TIMEOUT_MS - 50);
    expect(Date.now() - started).toBeLessThan(INIT_TIMEOUT_MS + 1_000);
  });

  it('keep-alive: a client answering pings stays, one that does not is cut off', async () => {
    const answering = await initialised();
    const silent = await rawSocket(router, { autoPong: false });
    silent.sendFrame({ id: 'TMinit', method: 'init', token: tenant.token({ identity: 'silent' }) });
    let pings = 0;
    answering.ws.on('ping', () => (pings += 1));

    await expect(silent.closed).resolves.toMatchObject({ code: 1006 }); // terminated, no close handshake
    await new Promise((resolve) => setTimeout(resolve, 2 * PING_INTERVAL_MS));
    expect(pings).toBeGreaterThanOrEqual(2);
    expect(answering.ws.readyState).toBe(WebSocket.OPEN);
    answering.ws.close();
  });

  it('an upgrade on another path: 404, no websocket', async () => {
    const ws = new WebSocket(wsUrl(router).replace('/v3/wsconnect', '/v2/wsconnect'));
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(404);
  });
});
