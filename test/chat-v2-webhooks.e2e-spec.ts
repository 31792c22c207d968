import { TwilioError } from '../src/common/twilio-error';
import { MessagesService } from '../src/messages/messages.service';
import type { ServiceScope } from '../src/services/services.types';
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

/** Chat v2 service webhooks: Chat's event names and fields, filters, pre-event modification and rejection, retries. */
describe('Chat v2 webhooks (e2e)', () => {
  let router: RunningRouter;
  let receiver: WebhookReceiver;
  let a: TestAccount;

  beforeAll(async () => {
    router = await startRouter();
    receiver = await startWebhookReceiver();
    a = await newAccount(router, 'chat v2 webhooks');
  });

  afterAll(async () => {
    await router?.close();
    await receiver?.close();
  });

  const serviceWithHooks = async (path: string, options: { filters: string[]; pre?: boolean; postRetries?: number }) => {
    const service = await a.client.chat.v2.services.create({ friendlyName: path });
    await a.client.chat.v2.services(service.sid).update({
      postWebhookUrl: receiver.url(`${path}/post`),
      ...(options.pre ? { preWebhookUrl: receiver.url(`${path}/pre`) } : {}),
      webhookFilters: options.filters,
      ...(options.postRetries !== undefined ? { postWebhookRetryCount: options.postRetries } : {}),
    });
    return service;
  };

  it('post-event webhooks in Chat form for REST actions with X-Twilio-Webhook-Enabled, by the service filters', async () => {
    const service = await serviceWithHooks('/c1', { filters: ['onChannelAdded', 'onMemberAdded', 'onMessageSent'] });
    const svc = a.client.chat.v2.services(service.sid);
    // Without the header nothing is sent.
    const quiet = await svc.channels.create({ friendlyName: 'quiet' });
    const channel = await svc.channels.create({ friendlyName: 'loud', type: 'public', xTwilioWebhookEnabled: 'true' });
    const member = await svc.channels(channel.sid).members.create({ identity: 'alice', xTwilioWebhookEnabled: 'true' });
    await svc.channels(channel.sid).members(member.sid).update({ attributes: '{"x":1}', xTwilioWebhookEnabled: 'true' });
    const message = await svc.channels(channel.sid).messages.create({ from: 'alice', body: 'hello', xTwilioWebhookEnabled: 'true' });

    const [added] = await receiver.waitFor('/c1/post', (w) => w.params.EventType === 'onChannelAdded');
    expect(added.params).toMatchObject({
      EventType: 'onChannelAdded',
      AccountSid: a.sid,
      InstanceSid: service.sid,
      ChannelSid: channel.sid,
      FriendlyName: 'loud',
      Source: 'API',
      WebhookType: 'webhook',
      RetryCount: '0',
    });
    expect(added.params.ChatServiceSid).toBeUndefined();
    expect(receiver.signedBy(added, a.authToken)).toBe(true);
    const [joined] = await receiver.waitFor('/c1/post', (w) => w.params.EventType === 'onMemberAdded');
    expect(joined.params).toMatchObject({ ChannelSid: channel.sid, MemberSid: member.sid, Identity: 'alice', InstanceSid: service.sid });
    const [sent] = await receiver.waitFor('/c1/post', (w) => w.params.EventType === 'onMessageSent');
    expect(sent.params).toMatchObject({
      ChannelSid: channel.sid,
      MessageSid: message.sid,
      From: 'alice',
      Body: 'hello',
      Index: '0',
      InstanceSid: service.sid,
    });
    // Not asked for (onMemberUpdated), or without the header (the quiet channel): not sent.
    const all = receiver.received.filter((w) => w.path === '/c1/post');
    expect(all.map((w) => w.params.EventType).sort()).toEqual(['onChannelAdded', 'onMemberAdded', 'onMessageSent']);
    expect(all.some((w) => w.params.ChannelSid === quiet.sid)).toBe(false);
  });

  it('REST actions never call the pre-event webhook; chat users’ actions do, which may modify or refuse them', async () => {
    const service = await serviceWithHooks('/c2', { filters: ['onMessageSend', 'onMessageSent'], pre: true });
    const svc = a.client.chat.v2.services(service.sid);
    const channel = await svc.channels.create({ type: 'public' });
    await svc.channels(channel.sid).members.create({ identity: 'bob' });
    receiver.answer('/c2/pre', { contentType: 'application/json', body: JSON.stringify({ body: 'rewritten by the hook' }) });
    const viaRest = await svc.channels(channel.sid).messages.create({ from: 'bob', body: 'rest', xTwilioWebhookEnabled: 'true' });
    expect(viaRest.body).toBe('rest');
    await receiver.waitFor('/c2/post', (w) => w.params.MessageSid === viaRest.sid);
    expect(receiver.received.filter((w) => w.path === '/c2/pre')).toEqual([]);

    // A chat user's message (what the chat SDK layer does): the pre-event hook in Chat form, then its change.
    const messages = router.app.get(MessagesService);
    const scope: ServiceScope = { accountSid: a.sid, serviceSid: service.sid, scoped: true };
    const sdk = { source: 'SDK' as const, webhooks: true, clientIdentity: 'bob' };
    const modified = await messages.create(scope, channel.sid, { author: 'bob', body: 'original' }, sdk, 'SDK');
    expect(modified.body).toBe('rewritten by the hook');
    const [pre] = await receiver.waitFor('/c2/pre', (w) => w.params.EventType === 'onMessageSend');
    expect(pre.params).toMatchObject({
      EventType: 'onMessageSend',
      InstanceSid: service.sid,
      ChannelSid: channel.sid,
      From: 'bob',
      Body: 'original',
      ClientIdentity: 'bob',
      RetryCount: '0',
    });
    expect((await svc.channels(channel.sid).messages(modified.sid).fetch()).body).toBe('rewritten by the hook');

    receiver.answer('/c2/pre', { status: 403 });
    const refused = await messages.create(scope, channel.sid, { author: 'bob', body: 'no' }, sdk, 'SDK').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(TwilioError);
    expect((refused as TwilioError).code).toBe(50056);
    expect((await svc.channels(channel.sid).messages.list()).map((m) => m.body)).toEqual(['rest', 'rewritten by the hook']);
  });

  it('a pre-event webhook that does not answer in 5 s is tried again as PreWebhookRetryCount says', async () => {
    const service = await serviceWithHooks('/c6', { filters: ['onMessageSend'], pre: true });
    await a.client.chat.v2.services(service.sid).update({ preWebhookRetryCount: 1 });
    const channel = await a.client.chat.v2.services(service.sid).channels.create({});
    receiver.answer(
      '/c6/pre',
      { delayMs: 6_000 },
      { contentType: 'application/json', body: JSON.stringify({ body: 'second try', from: 'hook' }) },
    );
    const scope: ServiceScope = { accountSid: a.sid, serviceSid: service.sid, scoped: true };
    const sdk = { source: 'SDK' as const, webhooks: true, clientIdentity: 'amy' };
    const message = await router.app.get(MessagesService).create(scope, channel.sid, { author: 'amy', body: 'first' }, sdk, 'SDK');
    expect(message).toMatchObject({ body: 'second try', author: 'hook' });
    const calls = receiver.received.filter((w) => w.path === '/c6/pre');
    expect(calls.map((w) => w.params.RetryCount)).toEqual(['0', '1']);
  }, 20_000);

  it('channel-scoped webhooks made through Chat v2 send Chat form with their WebhookSid, retried as their RetryCount says', async () => {
    const service = await a.client.chat.v2.services.create({ friendlyName: 'channel hooks' });
    const svc = a.client.chat.v2.services(service.sid);
    const channel = await svc.channels.create({});
    const hook = await svc.channels(channel.sid).webhooks.create({
      type: 'webhook',
      'configuration.url': receiver.url('/c5/channel'),
      'configuration.filters': ['onMessageSent'],
      'configuration.retryCount': 1,
    });
    expect(hook.configuration).toMatchObject({ retry_count: 1, filters: ['onMessageSent'] });
    receiver.answer('/c5/channel', { status: 503 }, { status: 200 });
    const message = await svc.channels(channel.sid).messages.create({ from: 'zed', body: 'to the hook', xTwilioWebhookEnabled: 'true' });
    const calls = await receiver.waitFor('/c5/channel', () => true, 2);
    expect(calls.map((w) => w.params.RetryCount)).toEqual(['0', '1']);
    for (const call of calls) {
      expect(call.params).toMatchObject({
        EventType: 'onMessageSent',
        WebhookSid: hook.sid,
        WebhookType: 'webhook',
        ChannelSid: channel.sid,
        MessageSid: message.sid,
        From: 'zed',
        InstanceSid: service.sid,
      });
    }
  });

  it("channel webhooks answer Chat's codes and words (50320-50332) where Conversations answers 50360-50372; nothing is written", async () => {
    const service = await a.client.chat.v2.services.create({ friendlyName: 'channel hook errors' });
    const channel = await a.client.chat.v2.services(service.sid).channels.create({});
    const hooks = a.client.chat.v2.services(service.sid).channels(channel.sid).webhooks;
    const v1Hooks = a.client.conversations.v1.services(service.sid).conversations(channel.sid).webhooks;
    const url = receiver.url('/errors');

    const noUrl = await expectRestError(hooks.create({ type: 'webhook', 'configuration.filters': ['onMessageSent'] }), 400, 50329);
    expect(noUrl.message).toBe('Configuration.Url is required for type webhook');
    await expectRestError(hooks.create({ type: 'trigger', 'configuration.triggers': ['help'] }), 400, 50329);
    await expectRestError(hooks.create({ type: 'webhook', 'configuration.url': url }), 400, 50330);
    await expectRestError(hooks.create({ type: 'webhook', 'configuration.url': url, 'configuration.filters': ['onNope'] }), 400, 50325);
    // A Conversations event name is not a Chat one.
    await expectRestError(
      hooks.create({ type: 'webhook', 'configuration.url': url, 'configuration.filters': ['onMessageAdded'] }),
      400,
      50325,
    );
    await expectRestError(hooks.create({ type: 'trigger', 'configuration.url': url }), 400, 50331);
    await expectRestError(
      hooks.create({ type: 'trigger', 'configuration.url': url, 'configuration.triggers': ['a', 'b', 'c', 'd', 'e', 'f'] }),
      400,
      50322,
    );
    await expectRestError(
      hooks.create({ type: 'trigger', 'configuration.url': url, 'configuration.triggers': ['x'.repeat(249)] }),
      400,
      50326,
    );
    await expectRestError(hooks.create({ type: 'trigger', 'configuration.url': url, 'configuration.triggers': [' '] }), 400, 50326);
    const noFlow = await expectRestError(hooks.create({ type: 'studio' }), 400, 50327);
    expect(noFlow.message).toBe('Configuration.FlowSid (FW...) is required for type studio');
    await expectRestError(hooks.create({ type: 'studio', 'configuration.flowSid': 'FWnot-a-sid' }), 400, 50327);
    await expectRestError(hooks.create({ type: 'email' as 'webhook', 'configuration.url': url }), 400, 50324);
    await expectRestError(
      hooks.create({
        type: 'webhook',
        'configuration.url': `https://example.com/${'a'.repeat(520)}`,
        'configuration.filters': ['onMessageSent'],
      }),
      400,
      50332,
    );
    const noType = await raw(router, {
      path: `/v2/Services/${service.sid}/Channels/${channel.sid}/Webhooks`,
      auth: [a.sid, a.authToken],
      form: [['Configuration.Url', url]],
    });
    expect(noType.status).toBe(400);
    expect(noType.json).toMatchObject({ code: 50328, status: 400, message: expect.stringContaining('Type is required') });
    expect(await hooks.list()).toEqual([]);

    const badSid = await expectRestError(hooks('WHnotasid').fetch(), 400, 50323);
    expect(badSid.message).toBe('Invalid channel webhook SID WHnotasid: it starts with WH');
    await expectRestError(hooks('WHnotasid').remove(), 400, 50323);
    const hook = await hooks.create({ type: 'studio', 'configuration.flowSid': `FW${'0'.repeat(32)}` });
    await expectRestError(hooks(hook.sid).update({ 'configuration.flowSid': 'FW0' }), 400, 50327);
    for (let i = 1; i < 5; i++) await hooks.create({ type: 'studio', 'configuration.flowSid': `FW${'0'.repeat(31)}${i}` });
    const tooMany = await expectRestError(hooks.create({ type: 'studio', 'configuration.flowSid': `FW${'1'.repeat(32)}` }), 400, 50321);
    expect(tooMany.message).toBe('Too many channel webhooks: a channel has at most 5');
    expect(await hooks.list()).toHaveLength(5);
    await hooks(hook.sid).remove();
    const gone = await expectRestError(hooks(hook.sid).fetch(), 404, 50320);
    expect(gone.message).toBe(`Channel webhook ${hook.sid} not found`);
    await expectRestError(hooks(hook.sid).update({ 'configuration.flowSid': `FW${'2'.repeat(32)}` }), 404, 50320);
    await expectRestError(hooks(hook.sid).remove(), 404, 50320);

    // The same channel through Conversations keeps Conversations' codes and words.
    const v1Gone = await expectRestError(v1Hooks(hook.sid).fetch(), 404, 50360);
    expect(v1Gone.message).toBe(`Conversation webhook ${hook.sid} not found`);
    await expectRestError(v1Hooks('WHnotasid').fetch(), 400, 50363);
    await expectRestError(v1Hooks.create({ target: 'webhook', 'configuration.url': url }), 400, 50370);
    await v1Hooks.create({ target: 'studio', 'configuration.flowSid': `FW${'3'.repeat(32)}` });
    await expectRestError(v1Hooks.create({ target: 'studio', 'configuration.flowSid': `FW${'4'.repeat(32)}` }), 400, 50361);
  });

  it('post-event webhooks are retried as PostWebhookRetryCount says', async () => {
    const once = await serviceWithHooks('/c3', { filters: ['onChannelAdded'], postRetries: 0 });
    const twice = await serviceWithHooks('/c4', { filters: ['onChannelAdded'], postRetries: 2 });
    receiver.answer('/c3/post', { status: 500 });
    receiver.answer('/c4/post', { status: 500 }, { status: 500 }, { status: 200 });
    await a.client.chat.v2.services(once.sid).channels.create({ xTwilioWebhookEnabled: 'true' });
    await a.client.chat.v2.services(twice.sid).channels.create({ xTwilioWebhookEnabled: 'true' });
    const retried = await receiver.waitFor('/c4/post', () => true, 3);
    expect(retried.map((w) => w.params.RetryCount)).toEqual(['0', '1', '2']);
    expect(new Set(retried.map((w) => w.headers['i-twilio-idempotency-token'])).size).toBe(1);
    // The service that asked for no retries got its one attempt only (its event was sent before the other's retries).
    expect(receiver.received.filter((w) => w.path === '/c3/post')).toHaveLength(1);
  });
});
