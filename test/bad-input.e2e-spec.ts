import { readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import {
  carrierSid,
  errorOf,
  expectRestError,
  newAccount,
  postInbound,
  raw,
  rawSocket,
  startRouter,
  uniqueNumber,
  type RawRequest,
  type RunningRouter,
  type TestAccount,
} from './support';

/**
 * Bad input never yields a 500: every request here gets a 4xx with Twilio's error body and code,
 * and nothing is half-written (counts are checked through the API afterwards).
 */
describe('Bad input (e2e)', () => {
  let router: RunningRouter;
  let account: TestAccount;
  let auth: [string, string];

  beforeAll(async () => {
    router = await startRouter();
    account = await newAccount(router, 'bad input');
    auth = [account.sid, account.authToken];
  });

  afterAll(async () => {
    await router?.close();
  });

  const countConversations = async () => (await account.client.conversations.v1.conversations.list()).length;
  const countServices = async () => (await account.client.conversations.v1.services.list()).length;

  async function expectRejected(req: Omit<RawRequest, 'auth'>, status: number, code: number): Promise<string> {
    const res = await raw(router, { auth, ...req });
    expect({ path: req.path, status: res.status }).toEqual({ path: req.path, status });
    const body = errorOf(res);
    expect(body.code).toBe(code);
    return body.message;
  }

  describe('malformed bodies', () => {
    it('broken UTF-8, percent-encoded or raw, is 400 / 20001', async () => {
      const before = await countConversations();
      const message = await expectRejected({ path: '/v1/Conversations', form: 'FriendlyName=%FF%FE' }, 400, 20001);
      expect(message).toContain('UTF-8');
      const truncated = Buffer.concat([Buffer.from('FriendlyName='), Buffer.from([0xc3])]);
      await expectRejected({ path: '/v1/Conversations', body: truncated, contentType: 'application/x-www-form-urlencoded' }, 400, 20001);
      await expectRejected({ path: '/v1/Services', form: 'FriendlyName=ok&Bogus=%C3%28' }, 400, 20001);
      expect(await countConversations()).toBe(before);
    });

    it('a body that is not a form is 415 / 20001', async () => {
      const before = await countConversations();
      await expectRejected(
        { path: '/v1/Conversations', body: JSON.stringify({ FriendlyName: 'json' }), contentType: 'application/json' },
        415,
        20001,
      );
      await expectRejected({ path: '/v1/Conversations', body: 'FriendlyName=text', contentType: 'text/plain' }, 415, 20001);
      await expectRejected({ path: '/v1/Conversations', body: '--x\r\n', contentType: 'multipart/form-data; boundary=x' }, 415, 20001);
      expect(await countConversations()).toBe(before);
    });

    it('a body over 1 MiB is 413 / 20001', async () => {
      const before = await countConversations();
      await expectRejected({ path: '/v1/Conversations', form: `FriendlyName=${'x'.repeat(1024 * 1024 + 10)}` }, 413, 20001);
      expect(await countConversations()).toBe(before);
    });

    it('odd but well-formed forms are parsed, and their unknown names rejected', async () => {
      const before = await countConversations();
      await expectRejected({ path: '/v1/Conversations', form: '=x' }, 400, 20001);
      await expectRejected({ path: '/v1/Conversations', form: '&&&FriendlyName=a&&&Bogus' }, 400, 20001);
      await expectRejected({ path: '/v1/Conversations', form: 'FriendlyName=100%&Attributes=%ZZ' }, 400, 50304);
      expect(await countConversations()).toBe(before);
    });
  });

  describe('parameters', () => {
    it('an unknown parameter is 400 / 20001 naming it; names are case-insensitive', async () => {
      const before = await countConversations();
      const message = await expectRejected(
        {
          path: '/v1/Conversations',
          form: [
            ['FriendlyName', 'x'],
            ['Colour', 'blue'],
          ],
        },
        400,
        20001,
      );
      expect(message).toContain("'Colour'");
      await expectRejected({ path: '/v1/Conversations?Colour=blue', method: 'GET' }, 400, 20001);
      await expectRejected(
        {
          path: '/v1/Services',
          form: [
            ['FriendlyName', 'x'],
            ['UniqueName', 'y'],
          ],
        },
        400,
        20001,
      );
      expect(await countConversations()).toBe(before);
      const lower = await raw(router, { auth, path: '/v1/Conversations', form: [['friendlyname', 'lower case']] });
      expect(lower.status).toBe(201);
      expect(lower.json).toMatchObject({ friendly_name: 'lower case' });
    });

    it('a scalar given twice is 400 / 20001', async () => {
      const before = await countConversations();
      await expectRejected(
        {
          path: '/v1/Conversations',
          form: [
            ['FriendlyName', 'a'],
            ['FriendlyName', 'b'],
          ],
        },
        400,
        20001,
      );
      expect(await countConversations()).toBe(before);
    });

    it('a SID parameter of the wrong prefix gets the parameter’s code', async () => {
      const before = await countConversations();
      await expectRejected({ path: '/v1/Conversations', form: [['MessagingServiceSid', `IS${'a'.repeat(32)}`]] }, 400, 50341);
      await expectRejected({ path: '/v1/Conversations', form: [['MessagingServiceSid', 'MG-not-hex']] }, 400, 50341);
      expect(await countConversations()).toBe(before);
    });

    it('oversize FriendlyName (50003), UniqueName (50004) and Attributes (50303); invalid JSON (50304)', async () => {
      const conversations = account.client.conversations.v1.conversations;
      const before = await countConversations();
      await expectRestError(conversations.create({ friendlyName: 'x'.repeat(257) }), 400, 50003);
      await expectRestError(conversations.create({ uniqueName: 'u'.repeat(257) }), 400, 50004);
      await expectRestError(conversations.create({ attributes: JSON.stringify({ k: 'x'.repeat(16 * 1024) }) }), 400, 50303);
      await expectRestError(conversations.create({ attributes: '{"unterminated": ' }), 400, 50304);
      await expectRestError(conversations.create({ attributes: "{'single': 'quotes'}" }), 400, 50304);
      expect(await countConversations()).toBe(before);

      // The limits themselves are accepted (16 KiB of UTF-8, 256 characters).
      const attributes = JSON.stringify({ k: 'x'.repeat(16 * 1024 - 8) });
      expect(Buffer.byteLength(attributes)).toBe(16 * 1024);
      const edge = await conversations.create({ friendlyName: 'é'.repeat(256), uniqueName: 'u'.repeat(256), attributes });
      expect(edge).toMatchObject({ friendlyName: 'é'.repeat(256), uniqueName: 'u'.repeat(256), attributes });
    });

    it('failed updates leave the conversation as it was', async () => {
      const conversation = await account.client.conversations.v1.conversations.create({ friendlyName: 'stable', attributes: '{"v":1}' });
      const context = account.client.conversations.v1.conversations(conversation.sid);
      await expectRestError(context.update({ friendlyName: 'changed', attributes: 'not json' }), 400, 50304);
      await expectRestError(context.update({ friendlyName: 'changed', 'timers.inactive': 'soon' }), 400, 50379);
      await expectRestError(context.update({ friendlyName: 'changed', 'timers.closed': 'PT0S' }), 400, 50376);
      await expectRestError(context.update({ friendlyName: 'y'.repeat(300) }), 400, 50003);
      await expectRestError(context.update({ friendlyName: 'changed', state: 'initializing' }), 400, 50378);
      const res = await raw(router, {
        auth,
        path: `/v1/Conversations/${conversation.sid}`,
        form: [
          ['FriendlyName', 'changed'],
          ['DateCreated', 'yesterday'],
        ],
      });
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe(50308);
      expect((await context.fetch()).toJSON()).toEqual(conversation.toJSON());
    });

    it('a NUL character in a body, a path alias or a filter is 400 / 20001, and writes nothing', async () => {
      const conversations = await countConversations();
      const services = await countServices();
      const keys = (await account.client.keys.list()).length;
      await expectRejected({ path: '/v1/Conversations', form: 'FriendlyName=a%00b' }, 400, 20001);
      await expectRejected({ path: '/v1/Conversations', form: [['UniqueName', 'a\u0000b']] }, 400, 20001);
      await expectRejected({ path: '/v1/Services', form: 'FriendlyName=%00' }, 400, 20001);
      await expectRejected({ path: `/2010-04-01/Accounts/${account.sid}/Keys.json`, form: 'FriendlyName=%00' }, 400, 20001);
      await expectRejected({ path: '/v1/Conversations/a%00b', method: 'GET' }, 400, 20001);
      await expectRejected({ path: '/2010-04-01/Accounts.json?FriendlyName=%00', method: 'GET' }, 400, 20001);
      const conversation = await account.client.conversations.v1.conversations.create({ friendlyName: 'clean' });
      await expectRejected({ path: `/v1/Conversations/${conversation.sid}`, form: 'FriendlyName=dirty%00' }, 400, 20001);
      expect((await account.client.conversations.v1.conversations(conversation.sid).fetch()).friendlyName).toBe('clean');
      expect(await countConversations()).toBe(conversations + 1);
      expect(await countServices()).toBe(services);
      expect(await account.client.keys.list()).toHaveLength(keys);
    });

    it('absurdly long timers are 50379 / 50380, also as account defaults', async () => {
      const owner = await newAccount(router);
      const list = owner.client.conversations.v1.conversations;
      await expectRestError(list.create({ 'timers.inactive': 'P99999999999Y' }), 400, 50379);
      await expectRestError(list.create({ 'timers.closed': 'PT99999999999999999999S' }), 400, 50380);
      const configuration = owner.client.conversations.v1.configuration();
      await expectRestError(configuration.update({ defaultInactiveTimer: 'P99999999999Y' }), 400, 50379);
      await expectRestError(configuration.update({ defaultClosedTimer: 'P1000Y' }), 400, 50380);
      expect(await configuration.fetch()).toMatchObject({ defaultInactiveTimer: null, defaultClosedTimer: null });
      expect(await list.list()).toEqual([]);
      const longest = await list.create({ 'timers.closed': 'P100Y' });
      expect(new Date((longest.timers as { date_closed: string }).date_closed).getUTCFullYear()).toBeGreaterThan(
        new Date().getUTCFullYear() + 99,
      );
    });

    it('bad dates and numbers in queries are 400, not 500', async () => {
      const queries = [
        'StartDate=2021-02-30',
        'EndDate=tomorrow',
        'StartDate=2021-01-01&StartDate=2021-01-02',
        'PageSize=1e3',
        'Page=1.5',
        'State=',
      ];
      for (const query of queries) {
        const res = await raw(router, { auth, path: `/v1/Conversations?${query}` });
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        errorOf(res);
      }
      // An empty PageToken is no token: the first page.
      const empty = await raw(router, { auth, path: '/v1/Conversations?PageToken=&PageSize=1' });
      expect(empty.status).toBe(200);
      expect(empty.json).toMatchObject({ meta: { page: 0, previous_page_url: null } });
    });
  });

  describe('text parameters: a NUL character is refused wherever it is given (the one check all parameters pass)', () => {
    it('in a message Body or Subject, a conversation Bindings.Email.Address, a notification template: 400 / 20001, nothing written', async () => {
      const conversation = await account.client.conversations.v1.conversations.create({ friendlyName: 'nul' });
      const messages = `/v1/Conversations/${conversation.sid}/Messages`;
      await expectRejected({ path: messages, form: [['Body', 'hello\u0000world']] }, 400, 20001);
      await expectRejected({ path: messages, form: 'Body=ok&Subject=sub%00ject' }, 400, 20001);
      expect(await account.client.conversations.v1.conversations(conversation.sid).messages.list()).toEqual([]);
      const before = await countConversations();
      const message = await expectRejected(
        { path: '/v1/Conversations', form: [['Bindings.Email.Address', 'a\u0000@example.com']] },
        400,
        20001,
      );
      expect(message).toContain('Bindings.Email.Address');
      expect(await countConversations()).toBe(before);
      const service = (await account.client.conversations.v1.configuration().fetch()).defaultChatServiceSid;
      const notifications = `/v1/Services/${service}/Configuration/Notifications`;
      await expectRejected({ path: notifications, form: 'NewMessage.Enabled=true&NewMessage.Template=%00' }, 400, 20001);
      expect((await raw(router, { auth, path: notifications })).json).toMatchObject({ new_message: { enabled: false } });
    });

    it('POST /router/v1/ProxyAddresses with SendRate and no Address is 400 / 50408', async () => {
      const res = await raw(router, { auth, path: '/router/v1/ProxyAddresses', form: [['SendRate', '5']] });
      expect(res.status).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 50408, message: 'Address is required' });
    });
  });

  describe('carrier fields: bounded where the webhooks are read', () => {
    const status = (fields: Record<string, string>) => postInbound(router, fields, { path: '/webhooks/twilio/status' });

    it('a status callback with a MessageSid over 64 characters is 400; an ErrorCode past 32 bits counts as none', async () => {
      const long = await status({ MessageSid: 'SM' + 'a'.repeat(70), MessageStatus: 'delivered' });
      expect(long.status).toBe(400);
      expect(JSON.parse(long.body)).toMatchObject({ code: 20001, status: 400, more_info: 'https://www.twilio.com/docs/errors/20001' });
      const huge = await status({ MessageSid: carrierSid(), MessageStatus: 'failed', ErrorCode: '99999999999' });
      expect(huge.status).toBe(200);
    });

    it('an inbound message with a NUL in its Body or a MediaUrl that is no http(s) URL is 400 and stores nothing', async () => {
      const [from, to] = [uniqueNumber(), uniqueNumber()];
      await account.client.conversations.v1.addressConfigurations.create({ type: 'sms', address: to, 'autoCreation.enabled': true });
      const nul = await postInbound(router, { From: from, To: to, Body: 'a\u0000b', MessageSid: carrierSid() });
      expect(nul.status).toBe(400);
      const media = await postInbound(router, {
        From: from,
        To: to,
        Body: 'pic',
        NumMedia: '1',
        MediaUrl0: 'file:///etc/passwd',
        MessageSid: carrierSid(),
      });
      expect(media.status).toBe(400);
      const sid = await postInbound(router, { From: from, To: to, Body: 'x', MessageSid: 'SM' + 'b'.repeat(80) });
      expect(sid.status).toBe(400);
      expect(await account.client.conversations.v1.participantConversations.list({ address: from })).toEqual([]);
    });
  });

  describe("before routing: what Node and Fastify refuse gets Twilio's body too", () => {
    it('an over-long URL is 431, raw bytes in the URL, a bad Content-Length or a control character in a header 400', async () => {
      const cases: [string, string | Buffer, number][] = [
        ['long URL', `GET /v1/Conversations?x=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431],
        ['long header', `GET /v1/Conversations HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`, 431],
        [
          'raw bytes in the URL',
          Buffer.concat([Buffer.from('GET /v1/Conv'), Buffer.from([0x80, 0xff]), Buffer.from('ersations HTTP/1.1\r\nHost: x\r\n\r\n')]),
          400,
        ],
        ['bad Content-Length', 'POST /v1/Conversations HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', 400],
        ['control character in a header', 'GET /v1/Conversations HTTP/1.1\r\nHost: x\r\nX-A\u0001: b\r\n\r\n', 400],
      ];
      for (const [what, bytes, expected] of cases) {
        const res = await rawSocket(router, bytes);
        expect({ what, status: res.status }).toEqual({ what, status: expected });
        expect(errorOf(res).code).toBe(20001);
        expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      }
    });

    it('an upload dropped mid-body stores nothing, and the next one is served', async () => {
      const service = (await account.client.conversations.v1.configuration().fetch()).defaultChatServiceSid;
      const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await db.connect();
      const stored = async () => Number((await db.query('SELECT count(*) AS n FROM media WHERE service_sid = $1', [service])).rows[0].n);
      try {
        const { hostname, port } = new URL(router.baseUrl);
        const authorization = `Basic ${Buffer.from(auth.join(':')).toString('base64')}`;
        await new Promise<void>((resolve) => {
          const socket = net.connect(Number(port), hostname, () => {
            socket.write(
              `POST /v1/Services/${service}/Media HTTP/1.1\r\nHost: x\r\nAuthorization: ${authorization}\r\n` +
                'Content-Type: image/png\r\nContent-Length: 100000\r\n\r\n',
            );
            socket.write(Buffer.alloc(10_000, 1), () => setTimeout(() => socket.destroy(), 200));
          });
          socket.on('close', () => resolve());
        });
        await new Promise((r) => setTimeout(r, 300));
        expect(await stored()).toBe(0);
        const partial = (dir: string): string[] =>
          readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
            e.isDirectory() ? partial(path.join(dir, e.name)) : e.name.endsWith('.partial') ? [e.name] : [],
          );
        expect(partial(process.env.MEDIA_DIR!)).toEqual([]);
        const next = await fetch(`${router.baseUrl}/v1/Services/${service}/Media`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'image/png' },
          body: new Uint8Array(Buffer.alloc(100, 1)),
        });
        expect(next.status).toBe(201);
        expect(await stored()).toBe(1);
      } finally {
        await db.end();
      }
    });
  });

  describe('page tokens', () => {
    it('a forged PageToken is 400 / 20001 on every list', async () => {
      const token = (key: unknown[]) => 'PT' + Buffer.from(JSON.stringify(key)).toString('base64url');
      const forged = [
        token(['n', 123, 'x']),
        token(['n', 'not-a-date', 'x']),
        token(['p', '2021-13-99T00:00:00Z', 'x']),
        token(['n', '2021-01-01T00:00:00Z', 5]),
      ];
      const service = (await account.client.conversations.v1.configuration().fetch()).defaultChatServiceSid;
      const lists = [
        '/v1/Conversations',
        `/v1/Services/${service}/Conversations`,
        '/v1/Services',
        '/2010-04-01/Accounts.json',
        `/2010-04-01/Accounts/${account.sid}/Keys.json`,
      ];
      for (const list of lists) {
        for (const pageToken of forged) {
          const res = await raw(router, { auth, path: `${list}?PageSize=2&Page=1&PageToken=${pageToken}` });
          expect({ list, pageToken, status: res.status }).toEqual({ list, pageToken, status: 400 });
          expect(errorOf(res)).toMatchObject({ code: 20001, message: expect.stringContaining('PageToken') });
        }
      }
    });
  });

  describe('paths', () => {
    it('unknown SIDs, wrong prefixes and unknown routes are 404 / 20404', async () => {
      const paths = [
        `/v1/Conversations/CH${'0'.repeat(32)}`,
        `/v1/Conversations/IS${'0'.repeat(32)}`,
        `/v1/Services/CH${'0'.repeat(32)}`,
        `/v1/Services/IS${'0'.repeat(32)}`,
        `/v1/Services/IS${'0'.repeat(32)}/Configuration`,
        `/v1/Services/IS${'0'.repeat(32)}/Conversations/CH${'0'.repeat(32)}`,
        `/v1/Services/not-a-sid/Conversations`,
        `/2010-04-01/Accounts/AC${'0'.repeat(32)}.json`,
        `/2010-04-01/Accounts/${account.sid}/Keys/CH${'0'.repeat(32)}.json`,
        `/2010-04-01/Accounts/${account.sid}/Keys/SK${'0'.repeat(32)}.json`,
        '/v1/NoSuchResource',
        '/v2/NoSuchResource',
        '/',
      ];
      for (const path of paths) {
        const res = await raw(router, { auth, path });
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
        expect(errorOf(res)).toMatchObject({ code: 20404, message: `The requested resource ${path} was not found` });
      }
    });

    it('a path parameter over the length limit, or a broken escape in the path, is a 4xx with a Twilio body', async () => {
      const long = await raw(router, { auth, path: `/v1/Conversations/${'n'.repeat(5000)}` });
      expect(long.status).toBe(414);
      expect(errorOf(long).code).toBe(20001);
      const broken = await raw(router, { auth, path: '/v1/Conversations/%E0%A4%A' });
      expect(broken.status).toBe(400);
      expect(errorOf(broken).code).toBe(20001);
    });

    it('an unsupported method is a 4xx with a Twilio body, and writes nothing', async () => {
      const before = await countServices();
      for (const method of ['PUT', 'PATCH'] as const) {
        const res = await raw(router, { auth, method, path: '/v1/Services', form: [['FriendlyName', 'x']] });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        errorOf(res);
      }
      const del = await raw(router, { auth, method: 'DELETE', path: '/v1/Conversations' });
      expect(del.status).toBeGreaterThanOrEqual(400);
      expect(del.status).toBeLessThan(500);
      expect(await countServices()).toBe(before);
    });
  });
});
