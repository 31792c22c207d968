import {
  expectRestError,
  newAccount,
  startRouter,
  startWebhookReceiver,
  twilioClient,
  type RunningRouter,
  type TestAccount,
  type WebhookReceiver,
} from './support';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until the conversation reaches a state (timers run through real delayed jobs). */
async function waitForState(account: TestAccount, sid: string, state: string, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const c = await account.client.conversations.v1.conversations(sid).fetch();
    if (c.state === state) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${sid} stayed ${c.state}, expected ${state}`);
    await sleep(100);
  }
}

describe('States and timers (e2e; minimums lowered to PT1S / PT2S by test/env.js)', () => {
  let router: RunningRouter;
  let receiver: WebhookReceiver;
  let account: TestAccount;

  beforeAll(async () => {
    router = await startRouter();
    receiver = await startWebhookReceiver();
    account = await newAccount(router, 'timers');
    await account.client.conversations.v1.configuration
      .webhooks()
      .update({ postWebhookUrl: receiver.url('/timers'), filters: ['onConversationStateUpdated'], method: 'POST' });
  });

  afterAll(async () => {
    await router?.close();
    await receiver?.close();
  });

  it('active -> inactive -> closed through delayed jobs, each change fires onConversationStateUpdated with Reason TIMER, closing frees the binding', async () => {
    const conversations = account.client.conversations.v1.conversations;
    const c = await conversations.create({ 'timers.inactive': 'PT1S', 'timers.closed': 'PT3S' });
    const timers = c.timers as { date_inactive: string; date_closed: string };
    expect(Date.parse(timers.date_inactive) - Date.parse(c.dateCreated.toISOString())).toBeGreaterThanOrEqual(0);
    expect(Date.parse(timers.date_closed)).toBeGreaterThan(Date.parse(timers.date_inactive));
    await conversations(c.sid).participants.create({
      'messagingBinding.address': '+15550001111',
      'messagingBinding.proxyAddress': '+15550002222',
    });

    await waitForState(account, c.sid, 'inactive');
    await waitForState(account, c.sid, 'closed');
    const events = await receiver.waitFor('/timers', (w) => w.params.ConversationSid === c.sid, 2);
    expect(events.map((w) => `${w.params.StateFrom}->${w.params.StateTo} ${w.params.Reason}`)).toEqual([
      'active->inactive TIMER',
      'inactive->closed TIMER',
    ]);
    expect(receiver.signedBy(events[0], account.authToken)).toBe(true);
    expect((await conversations(c.sid).fetch()).timers).toEqual({});

    const next = await conversations.create({});
    const p = await conversations(next.sid).participants.create({
      'messagingBinding.address': '+15550001111',
      'messagingBinding.proxyAddress': '+15550002222',
    });
    expect(p.sid).toMatch(/^MB/);
    await expectRestError(conversations(c.sid).update({ state: 'active' }), 400, 50377);
  });

  it('a new message re-activates an inactive conversation and moves its timers', async () => {
    const conversations = account.client.conversations.v1.conversations;
    const c = await conversations.create({ 'timers.inactive': 'PT1S', 'timers.closed': 'PT6S' });
    await waitForState(account, c.sid, 'inactive');
    const before = (await conversations(c.sid).fetch()).timers as { date_closed: string };
    await sleep(1100);
    await conversations(c.sid).messages.create({ body: 'wake up', xTwilioWebhookEnabled: 'true' });
    const woken = await conversations(c.sid).fetch();
    expect(woken.state).toBe('active');
    const after = woken.timers as { date_inactive: string; date_closed: string };
    expect(Date.parse(after.date_closed)).toBeGreaterThan(Date.parse(before.date_closed));
    const [event] = await receiver.waitFor('/timers', (w) => w.params.ConversationSid === c.sid && w.params.Reason === 'EVENT');
    expect(event.params).toMatchObject({ StateFrom: 'inactive', StateTo: 'active' });
    await waitForState(account, c.sid, 'inactive', 5_000);
  });

  it('timers survive a restart of every process: delayed jobs live in Redis', async () => {
    const conversations = account.client.conversations.v1.conversations;
    const c = await conversations.create({ 'timers.inactive': 'PT2S' });
    await router.close();
    router = await startRouter();
    account = { ...account, client: twilioClient(account.sid, account.authToken, { baseUrl: router.baseUrl }) };
    expect(await waitForState(account, c.sid, 'inactive')).toBeLessThan(10_000);
  });

  it('state changes through the API fire Reason API; closed is final', async () => {
    const conversations = account.client.conversations.v1.conversations;
    const c = await conversations.create({});
    await conversations(c.sid).update({ state: 'inactive', xTwilioWebhookEnabled: 'true' });
    await conversations(c.sid).update({ state: 'closed', xTwilioWebhookEnabled: 'true' });
    const events = await receiver.waitFor('/timers', (w) => w.params.ConversationSid === c.sid, 2);
    expect(events.map((w) => `${w.params.StateFrom}->${w.params.StateTo} ${w.params.Reason}`)).toEqual([
      'active->inactive API',
      'inactive->closed API',
    ]);
    await expectRestError(conversations(c.sid).messages.create({ body: 'too late' }), 400, 50377);
  });

  it('Twilio minimums and formats are enforced, for conversations and account defaults', async () => {
    const conversations = account.client.conversations.v1.conversations;
    await expectRestError(conversations.create({ 'timers.inactive': 'PT0.5S' }), 400, 50375);
    await expectRestError(conversations.create({ 'timers.closed': 'PT1S' }), 400, 50376);
    await expectRestError(conversations.create({ 'timers.inactive': 'ten minutes' }), 400, 50379);
    await expectRestError(conversations.create({ 'timers.closed': '10m' }), 400, 50380);
    await expectRestError(account.client.conversations.v1.configuration().update({ defaultInactiveTimer: 'soon' }), 400, 50379);
    await account.client.conversations.v1.configuration().update({ defaultInactiveTimer: 'PT1S', defaultClosedTimer: 'PT2S' });
    const c = await conversations.create({});
    expect(Object.keys(c.timers as object).sort()).toEqual(['date_closed', 'date_inactive']);
    await waitForState(account, c.sid, 'closed');
  });
});
