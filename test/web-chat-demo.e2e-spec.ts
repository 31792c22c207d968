import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freePort, startRouter, uniqueNumber, type RunningRouter } from './support';
import { newChatTenant, textFromPhone, type ChatTenant } from './support/realtime';

/** A 1x1 red PNG: the picture the user sends. */
const PICTURE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

/**
 * The seed 004 web chat demo (examples/web-chat, `npm run demo`) in real Chromium (Debian's, driven
 * by playwright-core): two browser users on the unmodified browser SDK chat through the router, see
 * each other typing, unread counts and delivery state, send a picture; the tutorial's webhook adds
 * Tackleton; and an SMS texted in through the simulator appears in both pages.
 */
describe('The web chat demo in Chromium (e2e)', () => {
  let router: RunningRouter;
  let tenant: ChatTenant;
  let demo: ChildProcess;
  let demoUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    router = await startRouter({ role: 'all' });
    tenant = await newChatTenant(router);
    const port = await freePort();
    demoUrl = `http://127.0.0.1:${port}`;
    demo = spawn(process.execPath, [path.resolve(__dirname, '../examples/web-chat/server.mjs')], {
      env: {
        ...process.env,
        ROUTER_URL: router.baseUrl,
        DEMO_PORT: String(port),
        DEMO_PUBLIC_URL: demoUrl,
        ACCOUNT_SID: tenant.account.sid,
        AUTH_TOKEN: tenant.account.authToken,
        CHAT_SERVICE_SID: tenant.serviceSid,
        API_KEY_SID: tenant.key.sid,
        API_KEY_SECRET: tenant.key.secret,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the demo did not start:\n${output}`)), 20_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Web chat demo on')) {
          clearTimeout(timer);
          resolve();
        }
      };
      demo.stdout!.on('data', onData);
      demo.stderr!.on('data', onData);
      demo.once('exit', () => reject(new Error(`the demo exited:\n${output}`)));
    });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    demo?.kill('SIGTERM');
    await router?.close();
  });

  async function signIn(identity: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(demoUrl);
    await page.fill('#identity', identity);
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#chat:not([hidden])', { timeout: 15_000 });
    return page;
  }

  const messageTexts = (page: Page) => page.$$eval('#messages li .body', (nodes) => nodes.map((n) => n.textContent));

  it('two users chat in their browsers, with typing, unread counts, delivery, a picture, Tackleton and an SMS', async () => {
    const alice = await signIn('alice');
    const bob = await signIn('bob');

    await alice.fill('#new-name', 'Demo room');
    await alice.click('#new-conversation button');
    await alice.waitForSelector('#conversation:not([hidden])');
    await alice.waitForFunction(() => document.getElementById('title')?.textContent === 'Demo room');

    // The tutorial's onConversationAdded webhook adds Tackleton.
    const [conversation] = (await tenant.account.client.conversations.v1.services(tenant.serviceSid).conversations.list()).filter(
      (c) => c.friendlyName === 'Demo room',
    );
    const participants = () =>
      tenant.account.client.conversations.v1.services(tenant.serviceSid).conversations(conversation.sid).participants;
    for (let i = 0; i < 100 && !(await participants().list()).some((p) => p.identity === 'Tackleton'); i += 1)
      await alice.waitForTimeout(100);
    expect((await participants().list()).map((p) => p.identity)).toContain('Tackleton');

    await alice.fill('#add-identity', 'bob');
    await alice.click('#add-participant button');
    await bob.waitForSelector('#conversations li');

    // A message while Bob looks elsewhere: an unread count on his list.
    await alice.fill('#text', 'hello bob');
    await alice.click('#composer button');
    await bob.waitForSelector('#conversations li .unread', { timeout: 10_000 });
    expect(await bob.textContent('#conversations li .unread')).toBe('1');
    await bob.click('#conversations li');
    await bob.waitForFunction(() => [...document.querySelectorAll('#messages li .body')].some((n) => n.textContent === 'hello bob'));
    await bob.waitForSelector('#conversations li .unread', { state: 'detached' });

    // Typing.
    await bob.type('#text', 'hi');
    await alice.waitForFunction(() => document.getElementById('typing')?.textContent === 'bob is typing…', undefined, { timeout: 10_000 });
    await bob.click('#composer button');
    await alice.waitForFunction(() => [...document.querySelectorAll('#messages li .body')].some((n) => n.textContent === 'hi'));

    // A phone joins; what it texts in appears in both pages, and Alice's next message shows as delivered.
    const [phone, proxy] = [uniqueNumber(), uniqueNumber()];
    await participants().create({ 'messagingBinding.address': phone, 'messagingBinding.proxyAddress': proxy });
    await textFromPhone(router, phone, proxy, 'hello from a phone');
    for (const page of [alice, bob]) {
      await page.waitForFunction(
        () => [...document.querySelectorAll('#messages li .body')].some((n) => n.textContent === 'hello from a phone'),
        undefined,
        {
          timeout: 10_000,
        },
      );
    }
    await alice.fill('#text', 'to everyone');
    await alice.click('#composer button');
    await alice.waitForFunction(
      () =>
        [...document.querySelectorAll('#messages li')].some(
          (li) => li.querySelector('.body')?.textContent === 'to everyone' && li.querySelector('.delivery')?.textContent === 'delivered',
        ),
      undefined,
      { timeout: 10_000 },
    );

    // A picture, shown in Bob's page from its temporary URL.
    await alice.setInputFiles('#picture', { name: 'red.png', mimeType: 'image/png', buffer: PICTURE });
    await alice.click('#composer button');
    await bob.waitForFunction(
      () => [...document.querySelectorAll('#messages li img')].some((img) => (img as HTMLImageElement).naturalWidth === 1),
      undefined,
      {
        timeout: 10_000,
      },
    );
    expect(await messageTexts(bob)).toEqual(expect.arrayContaining(['hello bob', 'hi', 'hello from a phone', 'to everyone']));
  }, 90_000);
});
