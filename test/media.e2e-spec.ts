import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import {
  carrierSid,
  expectRestError,
  newAccount,
  postInbound,
  startFakeCarrier,
  startRouter,
  type FakeCarrier,
  type RunningRouter,
  type TestAccount,
} from './support';

const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(3000, 7)]);

describe('Media (e2e)', () => {
  let router: RunningRouter;
  let carrier: FakeCarrier;
  let account: TestAccount;
  let serviceSid: string;
  let files: http.Server;

  beforeAll(async () => {
    carrier = await startFakeCarrier();
    router = await startRouter({ env: { CHANNEL_PROVIDER: 'twilio', TWILIO_API_URL: carrier.url } });
    account = await newAccount(router, 'media');
    serviceSid = (await account.client.conversations.v1.configuration().fetch()).defaultChatServiceSid;
    // A carrier's media host for inbound MMS, answering only with the carrier's Basic credentials.
    files = http.createServer((req, res) => {
      const expected = `Basic ${Buffer.from(`${process.env.TWILIO_ACCOUNT_SID}:${process.env.TWILIO_AUTH_TOKEN}`).toString('base64')}`;
      if (req.headers.authorization !== expected) return void res.writeHead(401).end();
      res.writeHead(200, { 'content-type': 'image/png' }).end(png);
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await router?.close();
    await carrier?.close();
    await new Promise((r) => files?.close(r));
  });

  const upload = (body: Buffer, contentType: string, auth: Record<string, string>, service = serviceSid, filename = 'cat.png') =>
    fetch(`${router.baseUrl}/v1/Services/${service}/Media?Filename=${filename}`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...auth },
      body: new Uint8Array(body),
    });
  const basic = () => ({ authorization: `Basic ${Buffer.from(`${account.sid}:${account.authToken}`).toString('base64')}` });

  async function chatToken(identity: string, service = serviceSid): Promise<string> {
    const key = await account.client.newKeys.create({ friendlyName: 'chat' });
    const token = new twilio.jwt.AccessToken(account.sid, key.sid, key.secret, { identity, ttl: 600 });
    token.addGrant(new twilio.jwt.AccessToken.ChatGrant({ serviceSid: service }));
    return token.toJwt();
  }

  it('uploads with Basic auth or a chat user access token, as Twilio media service does', async () => {
    const byAccount = await upload(png, 'image/png', basic());
    expect(byAccount.status).toBe(201);
    const media = (await byAccount.json()) as {
      sid: string;
      size: number;
      content_type: string;
      filename: string;
      author: string;
      service_sid: string;
    };
    expect(media).toMatchObject({
      size: png.length,
      content_type: 'image/png',
      filename: 'cat.png',
      author: 'system',
      service_sid: serviceSid,
    });
    expect(media.sid).toMatch(/^ME[0-9a-f]{32}$/);

    const byUser = await upload(png, 'image/png', { 'x-twilio-token': await chatToken('alice') });
    expect(byUser.status).toBe(201);
    expect(((await byUser.json()) as { author: string }).author).toBe('alice');

    const content = await fetch(`${router.baseUrl}/v1/Services/${serviceSid}/Media/${media.sid}/Content`, { headers: basic() });
    expect(content.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await content.arrayBuffer()).equals(png)).toBe(true);
    expect((await fetch(`${router.baseUrl}/v1/Services/${serviceSid}/Media/${media.sid}/Content`)).status).toBe(401);
  });

  it('refuses bad uploads with Twilio codes and keeps nothing', async () => {
    const tooBig = await upload(Buffer.alloc(1024 * 1024 + 1), 'image/png', basic());
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { code: number }).code).toBe(50512);
    const form = await upload(Buffer.from('Body=x'), 'application/x-www-form-urlencoded', basic());
    expect(((await form.json()) as { code: number }).code).toBe(50511);
    const malformed = await upload(png, 'nonsense', basic());
    expect(malformed.status).toBeGreaterThanOrEqual(400);
    expect(malformed.status).toBeLessThan(500);
    const otherService = await account.client.conversations.v1.services.create({ friendlyName: 'other' });
    const wrongGrant = await upload(png, 'image/png', { 'x-twilio-token': await chatToken('alice', otherService.sid) });
    expect(wrongGrant.status).toBe(403);
    const forged = await upload(png, 'image/png', { 'x-twilio-token': `${await chatToken('alice')}x` });
    expect([401, 403]).toContain(forged.status);
    const stranger = await newAccount(router, 'media stranger');
    const strangers = await upload(png, 'image/png', {
      authorization: `Basic ${Buffer.from(`${stranger.sid}:${stranger.authToken}`).toString('base64')}`,
    });
    expect(strangers.status).toBe(404);
  });

  it('messages carry media; one upload goes with one message; the carrier gets a signed, expiring URL', async () => {
    const conversations = account.client.conversations.v1.conversations;
    const c = await conversations.create({});
    await conversations(c.sid).participants.create({
      'messagingBinding.address': '+15557000001',
      'messagingBinding.proxyAddress': '+15557000002',
    });
    const media = (await (await upload(png, 'image/png', basic())).json()) as { sid: string };
    const message = await conversations(c.sid).messages.create({ mediaSid: media.sid, body: 'look' });
    expect(message.media).toEqual([{ sid: media.sid, size: png.length, content_type: 'image/png', filename: 'cat.png' }]);
    await expectRestError(conversations(c.sid).messages.create({ mediaSid: media.sid }), 409, 50508);
    await expectRestError(conversations(c.sid).messages.create({ mediaSid: `ME${'0'.repeat(32)}` }), 404, 50507);
    await expectRestError(conversations(c.sid).messages.create({ mediaSid: 'MEnotamedia' }), 400, 50510);

    const [sent] = await carrier.waitForAccepted((s) => s.to === '+15557000001');
    expect(sent.body).toBe('look');
    expect(sent.mediaUrls).toHaveLength(1);
    const url = new URL(sent.mediaUrls[0]);
    expect(url.origin).toBe(router.baseUrl);
    expect(url.searchParams.get('Expires')).toMatch(/^\d+$/);
    const fetched = await fetch(url);
    expect(fetched.status).toBe(200);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(png)).toBe(true);
    url.searchParams.set('Signature', `${url.searchParams.get('Signature')}x`);
    expect((await fetch(url)).status).toBe(403);
    url.searchParams.set('Expires', '1000');
    expect((await fetch(url)).status).toBe(403);
  });

  it('inbound MMS media are fetched with the carrier credentials and stored', async () => {
    await account.client.conversations.v1.addressConfigurations.create({
      type: 'sms',
      address: '+15557000100',
      'autoCreation.enabled': true,
      'autoCreation.type': 'default',
    });
    const mediaUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}/media/1`;
    const answer = await postInbound(router, {
      From: '+15557000200',
      To: '+15557000100',
      Body: '',
      MessageSid: carrierSid('MM'),
      NumMedia: '1',
      MediaUrl0: mediaUrl,
      MediaContentType0: 'image/png',
    });
    expect(answer.status).toBe(200);
    const [pc] = await account.client.conversations.v1.participantConversations.list({ address: '+15557000200' });
    const [message] = await account.client.conversations.v1.conversations(pc.conversationSid).messages.list();
    const media = message.media as { sid: string; size: number; content_type: string }[];
    expect(media).toHaveLength(1);
    expect(media[0]).toMatchObject({ size: png.length, content_type: 'image/png' });
    const content = await fetch(`${router.baseUrl}/v1/Services/${serviceSid}/Media/${media[0].sid}/Content`, { headers: basic() });
    expect(Buffer.from(await content.arrayBuffer()).equals(png)).toBe(true);
  });
});
