import { Client, type ClientOptions } from '@twilio/conversations';
import fs from 'node:fs';
import path from 'node:path';
import { TwilsockClient } from 'twilsock';
import { RealtimeSessions } from '../src/realtime/realtime-sessions';
import { UpstreamRouter } from '../src/realtime/upstream-router';
import { startRouter, type RunningRouter } from './support';
import { EventLog, newChatTenant, until, wsUrl, type ChatTenant } from './support/realtime';
import { startTwilsockRecorder, type RecordedFrame, type TwilsockRecorder } from './support/twilsock-recorder';

const FIXTURES = path.join(__dirname, 'fixtures/twilsock');
const RECORD = process.env.RECORD_TWILSOCK_FIXTURES === '1';

type Header = Record<string, unknown>;
const headerOf = (frame: RecordedFrame): Header => {
  const eol = frame.data.indexOf('\r\n');
  const length = Number(frame.data.subarray(0, eol).toString().split(' ')[2]);
  return JSON.parse(frame.data.subarray(eol + 2, eol + 2 + length).toString('utf8')) as Header;
};

/** Which recorded frame each fixture file holds: the first frame of the run that matches. */
const FIXTURE_SELECTORS: Record<string, (h: Header, direction: RecordedFrame['direction']) => boolean> = {
  'c2s-init': (h, d) => d === 'c2s' && h.method === 'init',
  's2c-init-reply': (h, d) => d === 's2c' && h.method === 'reply' && 'continuation_token' in h,
  's2c-client-update': (h, d) => d === 's2c' && h.method === 'client_update',
  'c2s-ack': (h, d) => d === 'c2s' && h.method === 'reply',
  'c2s-telemetry': (h, d) => d === 'c2s' && h.method === 'telemetry.v1',
  'c2s-message-get': (h, d) => d === 'c2s' && h.method === 'message' && (h.http_request as Header).method === 'GET',
  's2c-upstream-404': (h, d) => d === 's2c' && (h.http_status as Header | undefined)?.code === 404,
  's2c-notification': (h, d) => d === 's2c' && h.method === 'notification',
  's2c-close-410': (h, d) => d === 's2c' && h.method === 'close' && (h.status as Header).code === 410,
  'c2s-message-post': (h, d) =>
    d === 'c2s' &&
    h.method === 'message' &&
    (h.http_request as Header).method === 'POST' &&
    (h.http_request as Header).path === '/e2e/Echo',
  's2c-upstream-201': (h, d) => d === 's2c' && (h.http_status as Header | undefined)?.code === 201,
  'c2s-update': (h, d) => d === 'c2s' && h.method === 'update',
  'c2s-close': (h, d) => d === 'c2s' && h.method === 'close',
  's2c-init-refused': (h, d) => d === 's2c' && h.method === 'reply' && (h.status as Header).code === 401,
};

/** The structure of a header: its field names, nested, with the type of each value (ids, tokens and times vary per run). */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shape(value[0])] : [];
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Header).map(([k, v]) => [k, shape(v)]));
  }
  return value === null ? 'null' : typeof value;
}

/** The JWT replaced by as many x: the frame keeps its exact lengths, the fixture holds no credential. */
const redact = (data: Buffer, tokens: string[]) => {
  let text = data.toString('latin1');
  for (const token of tokens) text = text.split(token).join('x'.repeat(token.length));
  return Buffer.from(text, 'latin1');
};

/**
 * The official SDK (`@twilio/conversations` Client and the `twilsock` client), unmodified, through a
 * recording proxy: the frames it sends and the router's answers are the codec's fixtures
 * (RECORD_TWILSOCK_FIXTURES=1 rewrites test/fixtures/twilsock). Without recording, the frames of this
 * run must have the structure of the committed ones: an SDK upgrade that changes the wire fails here.
 */
describe('Twilsock frames of the real SDK (e2e)', () => {
  let router: RunningRouter;
  let recorder: TwilsockRecorder;
  let tenant: ChatTenant;
  const tokens: string[] = [];

  beforeAll(async () => {
    router = await startRouter();
    recorder = await startTwilsockRecorder(wsUrl(router));
    tenant = await newChatTenant(router);
    router.app.get(UpstreamRouter).register('/e2e/Echo', {
      handle: async (_session, request) => ({ status: 201, body: { echoed: request.body } }),
    });
  });

  afterAll(async () => {
    await recorder?.close();
    await router?.close();
  });

  it('records a Conversations Client session: init, about-to-expire, telemetry, upstream calls, a notification, expiry', async () => {
    // A conversation of hers, for the typing indicator below (the SDK looks the conversation up).
    const conversation = await tenant.account.client.conversations.v1.conversations.create({ friendlyName: 'frames' });
    await tenant.account.client.conversations.v1.conversations(conversation.sid).participants.create({ identity: 'frames-alice' });
    await tenant.account.client.conversations.v1.conversations(conversation.sid).participants.create({ identity: 'bob' });
    const token = tenant.token({ identity: 'frames-alice', ttl: 4 });
    tokens.push(token);
    // `twilsock` (lower case) is what README.md shows; the SDK reads it, its TypeScript types only know `Twilsock`.
    const client = new Client(token, { twilsock: { uri: recorder.url }, logLevel: 'silent' } as ClientOptions);
    const log = new EventLog(client, ['connectionStateChanged', 'stateChanged', 'tokenAboutToExpire', 'tokenExpired']);
    await log.next('stateChanged', 6_000); // Configuration (AIM) and the user's Sync objects read: initialized
    const sessions = router.app.get(RealtimeSessions);
    const [session] = sessions.forIdentity(tenant.account.sid, tenant.serviceSid, 'frames-alice');
    const typing = { channel_sid: conversation.sid, identity: 'bob', typing_timeout: 5 };
    await expect(sessions.notify(session.id, 'twilio.ipmsg.typing_indicator', typing)).resolves.toBe('acked');
    await log.next('tokenExpired', 6_000);
    await log.next('tokenAboutToExpire', 0);
    // The SDK waits 3 s for the socket to close after a Twilsock close, then stops for good.
    await until(() => log.args('connectionStateChanged').some(([state]) => state === 'disconnected'), 5_000);
  });

  it('records a twilsock client: an upstream POST with a UTF-8 body, an upstream 404, a token update, a close', async () => {
    const first = tenant.token({ identity: 'frames-bob' });
    const second = tenant.token({ identity: 'frames-bob', ttl: 900 });
    tokens.push(first, second);
    const recorded = new TwilsockClient(first, 'ip_messaging', { twilsock: { uri: recorder.url }, logLevel: 'silent' });
    const log = new EventLog(recorded, ['connected']);
    recorded.connect();
    await log.next('connected');
    const reply = await recorded.post(
      'https://aim.us1.twilio.com/e2e/Echo',
      { 'Content-Type': 'application/json; charset=utf-8' },
      {
        body: 'Grüße, 世界 ☃',
      },
    );
    expect(reply.status.code).toBe(201);
    expect(reply.body).toEqual({ echoed: { body: 'Grüße, 世界 ☃' } });
    await expect(recorded.get('https://aim.us1.twilio.com/e2e/Nobody', {})).rejects.toMatchObject({ status: 404 });
    await recorded.updateToken(second);
    await recorded.disconnect();
  });

  it('records an init refused for an expired token', async () => {
    const expired = tenant.token({ identity: 'frames-carol', ttl: -10 });
    tokens.push(expired);
    const client = new Client(expired, { twilsock: { uri: recorder.url }, logLevel: 'silent' } as ClientOptions);
    const log = new EventLog(client, ['connectionStateChanged', 'tokenExpired']);
    await log.next('tokenExpired');
  });

  it('has every fixture frame, with the structure of the committed fixtures', () => {
    const frames = recorder.frames.map((frame) => ({ frame, header: headerOf(frame) }));
    for (const [name, selects] of Object.entries(FIXTURE_SELECTORS)) {
      const found = frames.find(({ frame, header }) => selects(header, frame.direction));
      expect({ name, found: Boolean(found) }).toEqual({ name, found: true });
      const file = path.join(FIXTURES, `${name}.txt`);
      if (RECORD) {
        fs.mkdirSync(FIXTURES, { recursive: true });
        fs.writeFileSync(file, redact(found!.frame.data, tokens));
      }
      const committed = headerOf({ direction: found!.frame.direction, data: fs.readFileSync(file) });
      expect({ name, shape: shape(found!.header) }).toEqual({ name, shape: shape(committed) });
    }
  });
});
