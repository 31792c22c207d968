import {
  expectRestError,
  newAccount,
  raw,
  startRouter,
  startWebhookReceiver,
  type RunningRouter,
  type TestAccount,
  type WebhookReceiver,
} from './support';

const isEvent = (type: string) => (w: { params: Record<string, string> }) => w.params.EventType === type;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Event webhooks (e2e)', () => {
  let router: RunningRouter;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    router = await startRouter();
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    await router?.close();
    await receiver?.close();
  });

  /** A fresh account whose account-level webhooks point at a path of the receiver. */
  async function accountWithHooks(path: string, filters: string[], pre = false): Promise<TestAccount> {
    const account = await newAccount(router, `webhooks ${path}`);
    await account.client.conversations.v1.configuration.webhooks().update({
      postWebhookUrl: receiver.url(`${path}/post`),
      ...(pre ? { preWebhookUrl: receiver.url(`${path}/pre`) } : {}),
      filters,
      method: 'POST',
    });
    return account;
  }

  describe('account-level post events', () => {
    it('onConversationAdded is signed with the account token, with an idempotency token, only with X-Twilio-Webhook-Enabled', async () => {
      const account = await accountWithHooks('/a1', ['onConversationAdded']);
      const quiet = await account.client.conversations.v1.conversations.create({ friendlyName: 'no header' });
      const loud = await account.client.conversations.v1.conversations.create({
        friendlyName: 'with header',
        xTwilioWebhookEnabled: 'true',
      });

      const [hook] = await receiver.waitFor('/a1/post', isEvent('onConversationAdded'));
      expect(hook.method).toBe('POST');
      expect(hook.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
      expect(receiver.signedBy(hook, account.authToken)).toBe(true);
      expect(receiver.signedBy(hook, 'another-token-0123456789abcdef')).toBe(false);
      expect(hook.headers['i-twilio-idempotency-token']).toMatch(/^EV[0-9a-f]{32}$/);
      expect(hook.params).toMatchObject({
        EventType: 'onConversationAdded',
        AccountSid: account.sid,
        ConversationSid: loud.sid,
        FriendlyName: 'with header',
        ChatServiceSid: loud.chatServiceSid,
        State: 'active',
        Attributes: '{}',
        Source: 'API',
      });
      expect(hook.params.DateCreated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      await sleep(500);
      expect(receiver.received.filter((w) => w.params.ConversationSid === quiet.sid)).toHaveLength(0);
    });

    it('filters decide which events are sent', async () => {
      const account = await accountWithHooks('/a2', ['onParticipantAdded']);
      const c = await account.client.conversations.v1.conversations.create({ xTwilioWebhookEnabled: 'true' });
      const p = await account.client.conversations.v1
        .conversations(c.sid)
        .participants.create({ identity: 'alice', xTwilioWebhookEnabled: 'true' });
      const [hook] = await receiver.waitFor('/a2/post', isEvent('onParticipantAdded'));
      expect(hook.params).toMatchObject({
        ConversationSid: c.sid,
        ParticipantSid: p.sid,
        Identity: 'alice',
        'MessagingBinding.Type': 'CHAT',
        RoleSid: p.roleSid,
      });
      expect(receiver.received.filter((w) => w.path === '/a2/post' && w.params.EventType === 'onConversationAdded')).toHaveLength(0);
    });

    it('GET webhooks carry the fields in the query string, signed over the whole URL', async () => {
      const account = await newAccount(router, 'webhooks GET');
      await account.client.conversations.v1.configuration
        .webhooks()
        .update({ postWebhookUrl: receiver.url('/get/post?tenant=acme'), filters: ['onConversationAdded'], method: 'GET' });
      const c = await account.client.conversations.v1.conversations.create({ friendlyName: 'via GET', xTwilioWebhookEnabled: 'true' });
      const [hook] = await receiver.waitFor('/get/post', isEvent('onConversationAdded'));
      expect(hook.method).toBe('GET');
      expect(hook.params).toMatchObject({ tenant: 'acme', ConversationSid: c.sid, FriendlyName: 'via GET' });
      expect(receiver.signedBy(hook, account.authToken)).toBe(true);
    });
  });

  it('message, participant and conversation events carry Twilio fields, service-level settings included', async () => {
    const account = await newAccount(router, 'webhooks all events');
    const serviceSid = (await account.client.conversations.v1.configuration().fetch()).defaultChatServiceSid;
    await account.client.conversations.v1
      .services(serviceSid)
      .configuration.webhooks()
      .update({
        postWebhookUrl: receiver.url('/svc/post'),
        filters: [
          'onMessageAdded',
          'onMessageUpdated',
          'onMessageRemoved',
          'onParticipantUpdated',
          'onParticipantRemoved',
          'onConversationUpdated',
          'onConversationStateUpdated',
          'onConversationRemoved',
        ],
        method: 'POST',
      });
    const conversations = account.client.conversations.v1.conversations;
    const c = await conversations.create({ friendlyName: 'events' });
    const p = await conversations(c.sid).participants.create({ identity: 'bob' });
    const m = await conversations(c.sid).messages.create({
      author: 'bob',
      body: 'héllo ✓',
      attributes: '{"k":1}',
      xTwilioWebhookEnabled: 'true',
    });
    await conversations(c.sid).messages(m.sid).update({ body: 'edited', xTwilioWebhookEnabled: 'true' });
    await conversations(c.sid)
      .participants(p.sid)
      .update({ attributes: '{"vip":true}', lastReadMessageIndex: 0, xTwilioWebhookEnabled: 'true' });
    await conversations(c.sid).update({ friendlyName: 'renamed', state: 'inactive', xTwilioWebhookEnabled: 'true' });
    await conversations(c.sid).messages(m.sid).remove({ xTwilioWebhookEnabled: 'true' });
    await conversations(c.sid).participants(p.sid).remove({ xTwilioWebhookEnabled: 'true' });
    await conversations(c.sid).remove({ xTwilioWebhookEnabled: 'true' });

    const one = async (type: string) =>
      (await receiver.waitFor('/svc/post', (w) => w.params.EventType === type && w.params.ConversationSid === c.sid))[0];
    expect((await one('onMessageAdded')).params).toMatchObject({
      MessageSid: m.sid,
      Index: '0',
      Author: 'bob',
      Body: 'héllo ✓',
      Attributes: '{"k":1}',
      ParticipantSid: p.sid,
      ChatServiceSid: serviceSid,
      Source: 'API',
    });
    expect((await one('onMessageUpdated')).params).toMatchObject({ MessageSid: m.sid, Body: 'edited' });
    expect((await one('onParticipantUpdated')).params).toMatchObject({
      ParticipantSid: p.sid,
      Attributes: '{"vip":true}',
      LastReadMessageIndex: '0',
    });
    expect((await one('onConversationUpdated')).params).toMatchObject({ FriendlyName: 'renamed', State: 'inactive' });
    expect((await one('onConversationStateUpdated')).params).toMatchObject({ StateFrom: 'active', StateTo: 'inactive', Reason: 'API' });
    expect((await one('onMessageRemoved')).params.DateRemoved).toMatch(/Z$/);
    expect((await one('onParticipantRemoved')).params).toMatchObject({ ParticipantSid: p.sid, Identity: 'bob' });
    expect((await one('onConversationRemoved')).params).toMatchObject({ ConversationSid: c.sid, FriendlyName: 'renamed' });
    for (const w of receiver.received.filter((x) => x.path === '/svc/post' && x.params.ConversationSid === c.sid)) {
      expect(receiver.signedBy(w, account.authToken)).toBe(true);
    }
  });

  it('users fire onUserAdded and onUserUpdated; onUserUpdate may refuse the change', async () => {
    const account = await accountWithHooks('/users', ['onUserAdded', 'onUserUpdated', 'onUserUpdate'], true);
    const users = account.client.conversations.v1.users;
    const user = await users.create({ identity: 'carol', friendlyName: 'Carol', xTwilioWebhookEnabled: 'true' });
    await users(user.sid).update({ friendlyName: 'Caroline', xTwilioWebhookEnabled: 'true' });
    const [added] = await receiver.waitFor('/users/post', isEvent('onUserAdded'));
    expect(added.params).toMatchObject({ UserSid: user.sid, Identity: 'carol', FriendlyName: 'Carol', RoleSid: user.roleSid });
    const [updated] = await receiver.waitFor('/users/post', isEvent('onUserUpdated'));
    expect(updated.params).toMatchObject({ UserSid: user.sid, FriendlyName: 'Caroline' });
    const [pre] = await receiver.waitFor('/users/pre', isEvent('onUserUpdate'));
    expect(pre.params).toMatchObject({ UserSid: user.sid, FriendlyName: 'Caroline' });
    receiver.answer('/users/pre', { status: 400 });
    await expectRestError(users(user.sid).update({ friendlyName: 'Nope', xTwilioWebhookEnabled: 'true' }), 403, 50056);
    expect((await users(user.sid).fetch()).friendlyName).toBe('Caroline');
  });

  describe('pre-event hooks', () => {
    it('200 with no body accepts; 200 with JSON modifies the message', async () => {
      const account = await accountWithHooks('/pre1', ['onMessageAdd', 'onMessageAdded'], true);
      const c = await account.client.conversations.v1.conversations.create({});
      receiver.answer(
        '/pre1/pre',
        {},
        {
          contentType: 'application/json',
          body: JSON.stringify({ body: 'changed by the hook', author: 'hook-bot', attributes: '{"moderated":true}' }),
        },
      );
      const first = await account.client.conversations.v1
        .conversations(c.sid)
        .messages.create({ author: 'alice', body: 'as is', xTwilioWebhookEnabled: 'true' });
      const second = await account.client.conversations.v1
        .conversations(c.sid)
        .messages.create({ author: 'alice', body: 'please change', xTwilioWebhookEnabled: 'true' });
      expect(first).toMatchObject({ body: 'as is', author: 'alice' });
      expect(second).toMatchObject({ body: 'changed by the hook', author: 'hook-bot', attributes: '{"moderated":true}' });
      const pre = await receiver.waitFor('/pre1/pre', isEvent('onMessageAdd'), 2);
      expect(pre.map((w) => w.params.Body)).toEqual(['as is', 'please change']);
      expect(receiver.signedBy(pre[0], account.authToken)).toBe(true);
      const added = await receiver.waitFor('/pre1/post', isEvent('onMessageAdded'), 2);
      expect(added.map((w) => w.params.Body).sort()).toEqual(['as is', 'changed by the hook']);
    });

    it('any other status rejects the action with 50056 and nothing is stored', async () => {
      const account = await accountWithHooks('/pre2', ['onMessageAdd', 'onConversationAdd'], true);
      const c = await account.client.conversations.v1.conversations.create({});
      receiver.answer('/pre2/pre', { status: 403 });
      await expectRestError(
        account.client.conversations.v1.conversations(c.sid).messages.create({ body: 'blocked', xTwilioWebhookEnabled: 'true' }),
        403,
        50056,
      );
      await expectRestError(
        account.client.conversations.v1.conversations.create({ friendlyName: 'blocked', xTwilioWebhookEnabled: 'true' }),
        403,
        50056,
      );
      expect(await account.client.conversations.v1.conversations(c.sid).messages.list()).toHaveLength(0);
      expect((await account.client.conversations.v1.conversations.list()).map((x) => x.friendlyName)).not.toContain('blocked');
    });

    it('a hook that does not answer within 5 s lets the action go on unchanged', async () => {
      const account = await accountWithHooks('/pre3', ['onConversationAdd'], true);
      receiver.answer('/pre3/pre', {
        delayMs: 6_500,
        contentType: 'application/json',
        body: JSON.stringify({ friendly_name: 'too late' }),
      });
      const started = Date.now();
      const c = await account.client.conversations.v1.conversations.create({ friendlyName: 'patient', xTwilioWebhookEnabled: 'true' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_900);
      expect(c.friendlyName).toBe('patient');
    }, 20_000);

    it('onConversationAdd may rename the conversation', async () => {
      const account = await accountWithHooks('/pre4', ['onConversationAdd'], true);
      receiver.answer('/pre4/pre', { contentType: 'application/json', body: JSON.stringify({ friendly_name: 'Renamed by hook' }) });
      const c = await account.client.conversations.v1.conversations.create({ friendlyName: 'original', xTwilioWebhookEnabled: 'true' });
      expect(c.friendlyName).toBe('Renamed by hook');
    });

    it('a modification that breaks the API limits is refused like the API would', async () => {
      const account = await accountWithHooks('/pre5', ['onMessageAdd'], true);
      const c = await account.client.conversations.v1.conversations.create({});
      receiver.answer('/pre5/pre', { contentType: 'application/json', body: JSON.stringify({ body: 'x'.repeat(1601) }) });
      await expectRestError(
        account.client.conversations.v1.conversations(c.sid).messages.create({ body: 'short', xTwilioWebhookEnabled: 'true' }),
        400,
        50504,
      );
      expect(await account.client.conversations.v1.conversations(c.sid).messages.list()).toHaveLength(0);
    });
  });

  describe('retries', () => {
    it('5xx and timeouts are retried with the same idempotency token until the receiver takes it', async () => {
      const account = await accountWithHooks('/retry', ['onConversationAdded']);
      receiver.answer('/retry/post', { status: 503 }, { status: 500 }, { status: 200 });
      const c = await account.client.conversations.v1.conversations.create({ xTwilioWebhookEnabled: 'true' });
      const attempts = await receiver.waitFor('/retry/post', (w) => w.params.ConversationSid === c.sid, 3, 20_000);
      expect(attempts).toHaveLength(3);
      expect(new Set(attempts.map((w) => w.headers['i-twilio-idempotency-token'])).size).toBe(1);
      const base = Number(process.env.WEBHOOK_RETRY_BASE_MS);
      expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(base * 0.8);
      expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(base * 2 * 0.8);
      await sleep(2500);
      expect(receiver.received.filter((w) => w.path === '/retry/post' && w.params.ConversationSid === c.sid)).toHaveLength(3);
    }, 30_000);

    it('a receiver that keeps failing gets 6 attempts in all, then no more', async () => {
      const account = await accountWithHooks('/down', ['onConversationAdded']);
      receiver.answer('/down/post', { status: 503 });
      const c = await account.client.conversations.v1.conversations.create({ xTwilioWebhookEnabled: 'true' });
      const attempts = await receiver.waitFor('/down/post', (w) => w.params.ConversationSid === c.sid, 6, 20_000);
      expect(new Set(attempts.map((w) => w.headers['i-twilio-idempotency-token'])).size).toBe(1);
      const base = Number(process.env.WEBHOOK_RETRY_BASE_MS);
      const gaps = attempts.slice(1).map((w, i) => w.at - attempts[i].at);
      gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(base * 2 ** i * 0.8)); // base, 2x, 4x, 8x, 16x
      // A seventh attempt would come 32 base delays after the sixth.
      await sleep(base * 40);
      expect(receiver.received.filter((w) => w.path === '/down/post' && w.params.ConversationSid === c.sid)).toHaveLength(6);
    }, 30_000);

    it('only the target that failed is retried: the one that took the event hears it once', async () => {
      const account = await accountWithHooks('/split', ['onMessageAdded']);
      const serviceSid = (await account.client.conversations.v1.configuration().fetch()).defaultChatServiceSid;
      await account.client.conversations.v1
        .services(serviceSid)
        .configuration.webhooks()
        .update({ postWebhookUrl: receiver.url('/split-svc/post'), filters: ['onMessageAdded'], method: 'POST' });
      receiver.answer('/split/post', { status: 503 }, { status: 200 });
      const c = await account.client.conversations.v1.conversations.create({});
      const m = await account.client.conversations.v1.conversations(c.sid).messages.create({ body: 'once', xTwilioWebhookEnabled: 'true' });
      const forAccount = await receiver.waitFor('/split/post', (w) => w.params.MessageSid === m.sid, 2);
      expect(forAccount).toHaveLength(2);
      await sleep(Number(process.env.WEBHOOK_RETRY_BASE_MS) * 10);
      const forService = receiver.received.filter((w) => w.path === '/split-svc/post' && w.params.MessageSid === m.sid);
      expect(forService).toHaveLength(1);
      expect(forService[0].headers['i-twilio-idempotency-token']).toBe(forAccount[0].headers['i-twilio-idempotency-token']);
    });

    it('other 4xx answers are not retried', async () => {
      const account = await accountWithHooks('/gone', ['onConversationAdded']);
      receiver.answer('/gone/post', { status: 410 });
      const c = await account.client.conversations.v1.conversations.create({ xTwilioWebhookEnabled: 'true' });
      await receiver.waitFor('/gone/post', (w) => w.params.ConversationSid === c.sid);
      await sleep(3000);
      expect(receiver.received.filter((w) => w.path === '/gone/post' && w.params.ConversationSid === c.sid)).toHaveLength(1);
    });
  });

  describe('conversation-scoped webhooks', () => {
    let account: TestAccount;
    beforeAll(async () => {
      account = await newAccount(router, 'scoped webhooks');
    });
    const hooksOf = (sid: string) => account.client.conversations.v1.conversations(sid).webhooks;

    it('CRUD with Twilio shapes, at most 5 per conversation', async () => {
      const c = await account.client.conversations.v1.conversations.create({});
      const hook = await hooksOf(c.sid).create({
        target: 'webhook',
        'configuration.url': receiver.url('/scoped'),
        'configuration.filters': ['onMessageAdded'],
        'configuration.method': 'post',
      });
      expect(hook.sid).toMatch(/^WH[0-9a-f]{32}$/);
      expect(hook).toMatchObject({
        target: 'webhook',
        conversationSid: c.sid,
        configuration: { url: receiver.url('/scoped'), method: 'post', filters: ['onMessageAdded'] },
      });
      const updated = await hooksOf(c.sid)(hook.sid).update({ 'configuration.filters': ['onMessageAdded', 'onParticipantAdded'] });
      expect(updated.configuration).toMatchObject({ filters: ['onMessageAdded', 'onParticipantAdded'] });
      expect((await hooksOf(c.sid)(hook.sid).fetch()).sid).toBe(hook.sid);
      for (let i = 0; i < 4; i++) await hooksOf(c.sid).create({ target: 'studio', 'configuration.flowSid': `FW${'0'.repeat(31)}${i}` });
      await expectRestError(hooksOf(c.sid).create({ target: 'studio', 'configuration.flowSid': `FW${'1'.repeat(32)}` }), 400, 50361);
      expect(await hooksOf(c.sid).list()).toHaveLength(5);
      await hooksOf(c.sid)(hook.sid).remove();
      await expectRestError(hooksOf(c.sid)(hook.sid).fetch(), 404, 50360);
    });

    it('bad configurations get their codes and write nothing', async () => {
      const c = await account.client.conversations.v1.conversations.create({});
      await expectRestError(hooksOf(c.sid).create({ target: 'webhook', 'configuration.filters': ['onMessageAdded'] }), 400, 50369);
      await expectRestError(hooksOf(c.sid).create({ target: 'webhook', 'configuration.url': receiver.url('/x') }), 400, 50370);
      await expectRestError(
        hooksOf(c.sid).create({ target: 'webhook', 'configuration.url': receiver.url('/x'), 'configuration.filters': ['onSomething'] }),
        400,
        50365,
      );
      await expectRestError(hooksOf(c.sid).create({ target: 'trigger', 'configuration.url': receiver.url('/x') }), 400, 50371);
      await expectRestError(
        hooksOf(c.sid).create({
          target: 'trigger',
          'configuration.url': receiver.url('/x'),
          'configuration.triggers': ['a', 'b', 'c', 'd', 'e', 'f'],
        }),
        400,
        50362,
      );
      await expectRestError(hooksOf(c.sid).create({ target: 'studio' }), 400, 50367);
      await expectRestError(hooksOf(c.sid).create({ target: 'email' as 'webhook', 'configuration.url': receiver.url('/x') }), 400, 50364);
      await expectRestError(
        hooksOf(c.sid).create({
          target: 'webhook',
          'configuration.url': `https://example.com/${'a'.repeat(520)}`,
          'configuration.filters': ['onMessageAdded'],
        }),
        400,
        50372,
      );
      const missingTarget = await raw(router, {
        path: `/v1/Conversations/${c.sid}/Webhooks`,
        auth: [account.sid, account.authToken],
        form: [['Configuration.Url', receiver.url('/x')]],
      });
      expect(missingTarget.status).toBe(400);
      expect((missingTarget.json as { code: number }).code).toBe(50368);
      await expectRestError(hooksOf(c.sid)('WHnotasid').fetch(), 400, 50363);
      expect(await hooksOf(c.sid).list()).toHaveLength(0);
    });

    it('a webhook target hears its conversation only; a trigger fires on its keywords; REST needs the header', async () => {
      const c = await account.client.conversations.v1.conversations.create({});
      const other = await account.client.conversations.v1.conversations.create({});
      await hooksOf(c.sid).create({
        target: 'webhook',
        'configuration.url': receiver.url('/scoped-c'),
        'configuration.filters': ['onMessageAdded'],
      });
      await hooksOf(c.sid).create({
        target: 'trigger',
        'configuration.url': receiver.url('/trigger-c'),
        'configuration.triggers': ['help', 'urgent'],
      });
      const messages = account.client.conversations.v1.conversations(c.sid).messages;
      await messages.create({ body: 'not sent: no header' });
      await messages.create({ body: 'hello there', xTwilioWebhookEnabled: 'true' });
      await messages.create({ body: 'I need HELP please', xTwilioWebhookEnabled: 'true' });
      await account.client.conversations.v1
        .conversations(other.sid)
        .messages.create({ body: 'help elsewhere', xTwilioWebhookEnabled: 'true' });
      const heard = await receiver.waitFor('/scoped-c', isEvent('onMessageAdded'), 2);
      expect(heard.map((w) => w.params.Body).sort()).toEqual(['I need HELP please', 'hello there']);
      const triggered = await receiver.waitFor('/trigger-c', isEvent('onMessageAdded'));
      await sleep(800);
      expect(receiver.received.filter((w) => w.path === '/trigger-c').map((w) => w.params.Body)).toEqual(['I need HELP please']);
      expect(receiver.signedBy(triggered[0], account.authToken)).toBe(true);
      expect(receiver.received.filter((w) => w.path === '/scoped-c').map((w) => w.params.Body)).not.toContain('not sent: no header');
    });

    it('ReplayAfter replays earlier messages to the new webhook only', async () => {
      const c = await account.client.conversations.v1.conversations.create({});
      const messages = account.client.conversations.v1.conversations(c.sid).messages;
      for (const body of ['zero', 'one', 'two', 'three']) await messages.create({ body });
      await hooksOf(c.sid).create({
        target: 'webhook',
        'configuration.url': receiver.url('/replay'),
        'configuration.filters': ['onMessageAdded'],
        'configuration.replayAfter': 2,
      });
      const replayed = await receiver.waitFor('/replay', (w) => w.params.ConversationSid === c.sid, 2);
      expect(replayed.map((w) => w.params.Body).sort()).toEqual(['three', 'two']);
    });

    it('another account cannot see them', async () => {
      const c = await account.client.conversations.v1.conversations.create({});
      const hook = await hooksOf(c.sid).create({ target: 'studio', 'configuration.flowSid': `FW${'2'.repeat(32)}` });
      const stranger = await newAccount(router, 'scoped webhooks stranger');
      await expectRestError(stranger.client.conversations.v1.conversations(c.sid).webhooks(hook.sid).fetch(), 404, 50360);
      await expectRestError(stranger.client.conversations.v1.conversations(c.sid).webhooks.list(), 404, 20404);
    });
  });

  describe('settings', () => {
    it('account and service settings are stored and validated', async () => {
      const account = await newAccount(router, 'webhook settings');
      const hooks = await account.client.conversations.v1.configuration.webhooks().update({
        preWebhookUrl: 'https://example.com/pre',
        postWebhookUrl: 'https://example.com/post',
        filters: ['onMessageAdd', 'onConversationUpdated'],
        method: 'GET',
        target: 'webhook',
      });
      expect(hooks).toMatchObject({
        preWebhookUrl: 'https://example.com/pre',
        postWebhookUrl: 'https://example.com/post',
        filters: ['onMessageAdd', 'onConversationUpdated'],
        method: 'GET',
        target: 'webhook',
      });
      expect(await account.client.conversations.v1.configuration.webhooks().fetch()).toMatchObject({ method: 'GET' });
      await expectRestError(account.client.conversations.v1.configuration.webhooks().update({ filters: ['onNothing'] }), 400, 50365);
      await expectRestError(account.client.conversations.v1.configuration.webhooks().update({ postWebhookUrl: 'not a url' }), 400, 50078);
      await expectRestError(account.client.conversations.v1.configuration.webhooks().update({ preWebhookUrl: 'ftp://x' }), 400, 50077);
      const serviceSid = (await account.client.conversations.v1.configuration().fetch()).defaultChatServiceSid;
      const service = await account.client.conversations.v1
        .services(serviceSid)
        .configuration.webhooks()
        .update({ postWebhookUrl: 'https://example.com/svc', filters: ['onMessageAdded'], method: 'POST' });
      expect(service).toMatchObject({
        chatServiceSid: serviceSid,
        postWebhookUrl: 'https://example.com/svc',
        filters: ['onMessageAdded'],
        method: 'POST',
      });
    });
  });
});
