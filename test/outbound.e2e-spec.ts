import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import {
  carrierSid,
  expectRestError,
  newAccount,
  postInbound,
  startRouter,
  startWebhookReceiver,
  uniqueNumber,
  type RunningRouter,
  type TestAccount,
  type WebhookReceiver,
} from './support';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Webhooks and carrier media fetches reach only public addresses unless OUTBOUND_ALLOW_HOSTS opens
 * more: internal addresses are refused when a URL is set and again when a request connects (after
 * DNS resolution, and on every redirect). The receivers here listen on loopback, as an internal
 * service would.
 */
describe('Outbound requests on behalf of accounts (e2e)', () => {
  /** OUTBOUND_ALLOW_HOSTS empty: public addresses only, as by default. Its worker dispatches every webhook here. */
  let strict: RunningRouter;
  /** 127.0.0.1 allowed (as the test receivers need), but no other loopback address; API only, so it sends no post-event webhooks. */
  let loopback: RunningRouter;
  let receiver: WebhookReceiver;
  let db: pg.Client;

  beforeAll(async () => {
    strict = await startRouter({ env: { OUTBOUND_ALLOW_HOSTS: '' } });
    loopback = await startRouter({ role: 'api', env: { OUTBOUND_ALLOW_HOSTS: '127.0.0.1' } });
    receiver = await startWebhookReceiver();
    db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await strict?.close();
    await loopback?.close();
    await receiver?.close();
    await db?.end();
  });

  const port = () => new URL(receiver.url('/')).port;
  const internal = () => [
    `http://127.0.0.1:${port()}/hook`,
    `http://2130706433:${port()}/hook`,
    `http://0x7f.0.0.1:${port()}/hook`,
    `http://[::ffff:127.0.0.1]:${port()}/hook`,
    `http://localhost:${port()}/hook`,
    'http://0.0.0.0:6379/',
    'http://10.0.0.1/hook',
    'http://172.16.5.4/hook',
    'http://192.168.1.1/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]:5432/',
    'http://redis:6379/',
  ];

  it('refuses an internal URL wherever one is set (account, service and conversation webhooks, pre-event hooks, Address Configuration), storing nothing', async () => {
    const account = await newAccount(strict, 'outbound set');
    const v1 = account.client.conversations.v1;
    const service = await v1.services.create({ friendlyName: 'outbound' });
    const conversation = await v1.conversations.create({});
    const number = uniqueNumber();
    await v1.addressConfigurations.create({ type: 'sms', address: number });
    for (const url of internal()) {
      await expectRestError(v1.configuration.webhooks().update({ postWebhookUrl: url }), 400, 50078);
      await expectRestError(v1.configuration.webhooks().update({ preWebhookUrl: url }), 400, 50077);
      await expectRestError(v1.services(service.sid).configuration.webhooks().update({ postWebhookUrl: url }), 400, 50078);
      await expectRestError(v1.services(service.sid).configuration.webhooks().update({ preWebhookUrl: url }), 400, 50077);
      const err = await expectRestError(
        v1
          .conversations(conversation.sid)
          .webhooks.create({ target: 'webhook', 'configuration.url': url, 'configuration.filters': ['onMessageAdded'] }),
        400,
        50372,
      );
      expect(err.message).toMatch(/^Configuration.Url must be a public URL: /);
      await expectRestError(
        v1
          .addressConfigurations(number)
          .update({ 'autoCreation.enabled': true, 'autoCreation.type': 'webhook', 'autoCreation.webhookUrl': url }),
        400,
        50369,
      );
    }
    expect(await v1.configuration.webhooks().fetch()).toMatchObject({ preWebhookUrl: null, postWebhookUrl: null });
    expect(await v1.services(service.sid).configuration.webhooks().fetch()).toMatchObject({ preWebhookUrl: null, postWebhookUrl: null });
    expect(await v1.conversations(conversation.sid).webhooks.list()).toEqual([]);
    expect((await v1.addressConfigurations(number).fetch()).autoCreation).toMatchObject({ enabled: false });
    // A public address is still taken.
    expect((await v1.configuration.webhooks().update({ postWebhookUrl: 'https://8.8.8.8/hook' })).postWebhookUrl).toBe(
      'https://8.8.8.8/hook',
    );
    expect(receiver.received).toEqual([]);
  });

  it('checks again when it sends: a stored URL whose host now resolves inside the network is not called', async () => {
    const account = await newAccount(strict, 'outbound rebinding');
    const v1 = account.client.conversations.v1;
    await v1.configuration.webhooks().update({ filters: ['onConversationAdded', 'onMessageAdd'], method: 'POST' });
    // Set behind the API's back: a name that resolves to loopback (as DNS rebinding would make a public name do).
    await db.query('UPDATE account_configurations SET post_webhook_url = $1, pre_webhook_url = $2 WHERE account_sid = $3', [
      `http://localhost:${port()}/rebound/post`,
      `http://localhost:${port()}/rebound/pre`,
      account.sid,
    ]);
    receiver.answer('/rebound/pre', { contentType: 'application/json', body: JSON.stringify({ body: 'what an internal service said' }) });
    const conversation = await v1.conversations.create({ friendlyName: 'rebound', xTwilioWebhookEnabled: 'true' });
    // The pre-event hook is not reached: the message goes on unchanged.
    const message = await v1.conversations(conversation.sid).messages.create({ body: 'as written', xTwilioWebhookEnabled: 'true' });
    expect(message.body).toBe('as written');
    await sleep(1_500);
    expect(receiver.received.filter((w) => w.path.startsWith('/rebound'))).toEqual([]);
  });

  it("a pre-event hook's refusal tells only that it refused, not what the receiver answered", async () => {
    const account = await newAccount(loopback, 'outbound refusal');
    const v1 = account.client.conversations.v1;
    await v1.configuration.webhooks().update({ preWebhookUrl: receiver.url('/refuses/pre'), filters: ['onMessageAdd'] });
    receiver.answer('/refuses/pre', { status: 418, contentType: 'application/json', body: '{"internal":"secret"}' });
    const conversation = await v1.conversations.create({});
    const err = await expectRestError(
      v1.conversations(conversation.sid).messages.create({ body: 'x', xTwilioWebhookEnabled: 'true' }),
      403,
      50056,
    );
    expect(err.message).toBe('Webhook disabled processing of command: the onMessageAdd webhook refused it');
    expect(await receiver.waitFor('/refuses/pre', () => true)).toHaveLength(1);
  });

  describe('carrier media', () => {
    let media: http.Server;
    let inside: http.Server;
    const fetched: string[] = [];

    beforeAll(async () => {
      inside = http.createServer((req, res) => {
        fetched.push(`inside ${req.url}`);
        res.writeHead(200, { 'content-type': 'image/png' }).end('internal');
      });
      await new Promise<void>((resolve) => inside.listen(0, '127.0.0.2', resolve));
      media = http.createServer((req, res) => {
        fetched.push(`media ${req.url}`);
        if (req.url === '/redirect')
          res.writeHead(302, { location: `http://127.0.0.2:${(inside.address() as AddressInfo).port}/secret` }).end();
        else res.writeHead(200, { 'content-type': 'image/png' }).end('png');
      });
      await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
    });

    afterAll(async () => {
      await new Promise((r) => media.close(r));
      await new Promise((r) => inside.close(r));
    });

    async function inbound(router: RunningRouter, account: TestAccount, ...mediaUrls: string[]) {
      const [from, to] = [uniqueNumber(), uniqueNumber()];
      await account.client.conversations.v1.addressConfigurations.create({ type: 'sms', address: to, 'autoCreation.enabled': true });
      const answer = await postInbound(router, {
        From: from,
        To: to,
        Body: 'picture',
        NumMedia: String(mediaUrls.length),
        ...Object.fromEntries(mediaUrls.map((url, i) => [`MediaUrl${i}`, url])),
        MessageSid: carrierSid(),
      });
      return { answer, stored: await account.client.conversations.v1.participantConversations.list({ address: from }) };
    }

    it('a media URL on an internal address is refused (400, not retried) and nothing is stored', async () => {
      const account = await newAccount(strict, 'outbound media');
      const port = (media.address() as AddressInfo).port;
      for (const url of [`http://127.0.0.1:${port}/pic.png`, `http://localhost:${port}/pic.png`]) {
        const { answer, stored } = await inbound(strict, account, url);
        expect(answer.status).toBe(400);
        expect(JSON.parse(answer.body)).toMatchObject({ code: 20001, message: expect.stringContaining('not an allowed destination') });
        expect(stored).toEqual([]);
      }
      expect(fetched).toEqual([]);
    });

    it('an allowed media host that redirects inside the network is refused at the redirect, and no file is kept', async () => {
      const account = await newAccount(loopback, 'outbound media redirect');
      const port = (media.address() as AddressInfo).port;
      const { answer, stored } = await inbound(
        loopback,
        account,
        `http://127.0.0.1:${port}/first.png`,
        `http://127.0.0.1:${port}/redirect`,
      );
      expect(answer.status).toBe(400);
      expect(stored).toEqual([]);
      expect(fetched).toEqual(['media /first.png', 'media /redirect']);
      // The first file, fetched before the refusal, is not kept either.
      expect((await db.query('SELECT count(*)::int AS n FROM media WHERE account_sid = $1', [account.sid])).rows[0].n).toBe(0);
      // The allowed host itself is fetched and stored.
      const ok = await inbound(loopback, account, `http://127.0.0.1:${port}/pic.png`);
      expect(ok.answer.status).toBe(200);
      const [message] = await account.client.conversations.v1.conversations(ok.stored[0].conversationSid).messages.list();
      expect(message.media).toEqual([expect.objectContaining({ content_type: 'image/png', size: 3 })]);
    });
  });
});
