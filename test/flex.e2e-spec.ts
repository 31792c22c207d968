import type { Client as ConversationsClient, Message } from '@twilio/conversations';
import type { Client as ChatClient, Message as ChatMessage } from 'twilio-chat';
import {
  eventually,
  expectRestError,
  newAccount,
  raw,
  startRouter,
  startWebhookReceiver,
  type ReceivedWebhook,
  type RunningRouter,
  type TestAccount,
  type WebhookReceiver,
} from './support';
import { chatSdkClient } from './support/chat-sdk';
import { newChatTenant, sdkClient, until } from './support/realtime';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const sent = (w: ReceivedWebhook) => w.params.EventType === 'onMessageSent';

describe('Flex chat channels (e2e, seed 003)', () => {
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

  /** A fresh account with a chat service and an external-integration flow posting to `path`. */
  async function contactCentre(path: string, flow: { longLived?: boolean; retryCount?: number } = {}) {
    const account = await newAccount(router, `flex ${path}`);
    const service = await account.client.conversations.v1.services.create({ friendlyName: `flex ${path}` });
    const flexFlow = await account.client.flexApi.v1.flexFlow.create({
      friendlyName: 'Custom chat',
      chatServiceSid: service.sid,
      channelType: 'custom',
      integrationType: 'external',
      'integration.url': receiver.url(path),
      ...(flow.retryCount !== undefined ? { 'integration.retryCount': flow.retryCount } : {}),
      ...(flow.longLived !== undefined ? { longLived: flow.longLived } : {}),
    });
    return { account, service, flow: flexFlow };
  }

  const channelFor = (account: TestAccount, flexFlowSid: string, identity: string, extra: Record<string, unknown> = {}) =>
    account.client.flexApi.v1.channel.create({
      flexFlowSid,
      identity,
      chatUserFriendlyName: 'Jane',
      chatFriendlyName: `Chat with ${identity}`,
      target: identity,
      ...extra,
    });

  it('FlexFlows: create, fetch, list, update and delete through the official client', async () => {
    const { account, service, flow } = await contactCentre('/flows');
    expect(flow).toMatchObject({
      accountSid: account.sid,
      friendlyName: 'Custom chat',
      chatServiceSid: service.sid,
      channelType: 'custom',
      contactIdentity: null,
      enabled: true,
      integrationType: 'external',
      integration: { url: receiver.url('/flows'), retry_count: 3 },
      longLived: false,
      janitorEnabled: false,
      url: `${router.baseUrl}/v1/FlexFlows/${flow.sid}`,
    });
    expect(flow.sid).toMatch(/^FO[0-9a-f]{32}$/);
    const studio = await account.client.flexApi.v1.flexFlow.create({
      friendlyName: 'SMS bot',
      chatServiceSid: service.sid,
      channelType: 'sms',
      contactIdentity: '+15005550006',
      'integration.flowSid': 'FW' + 'a'.repeat(32),
      'integration.retryCount': 1,
    });
    expect(studio).toMatchObject({ integrationType: 'studio', integration: { flow_sid: 'FW' + 'a'.repeat(32), retry_count: 1 } });
    expect(studio.contactIdentity).toBe('+15005550006');

    expect((await account.client.flexApi.v1.flexFlow(flow.sid).fetch()).toJSON()).toEqual(flow.toJSON());
    const all = await account.client.flexApi.v1.flexFlow.list({ pageSize: 1 });
    expect(all.map((f) => f.sid)).toEqual([flow.sid, studio.sid]);
    expect((await account.client.flexApi.v1.flexFlow.list({ friendlyName: 'SMS bot' })).map((f) => f.sid)).toEqual([studio.sid]);
    const page = await raw(router, { path: '/v1/FlexFlows?PageSize=1', auth: [account.sid, account.authToken] });
    expect(page.json).toMatchObject({ meta: { key: 'flex_flows', page_size: 1, next_page_url: expect.stringContaining('PageToken=') } });

    const updated = await account.client.flexApi.v1
      .flexFlow(flow.sid)
      .update({ friendlyName: 'Web chat', longLived: true, enabled: false, 'integration.retryCount': 0 });
    expect(updated).toMatchObject({
      friendlyName: 'Web chat',
      longLived: true,
      enabled: false,
      integration: { url: receiver.url('/flows'), retry_count: 0 },
    });
    expect(updated.dateUpdated.getTime()).toBeGreaterThanOrEqual(flow.dateUpdated.getTime());
    await expectRestError(account.client.flexApi.v1.flexFlow(flow.sid).update({ integrationType: 'studio' }), 400, 20001);
    await expectRestError(account.client.flexApi.v1.flexFlow(flow.sid).update({}), 400, 20161);
    expect((await account.client.flexApi.v1.flexFlow(flow.sid).fetch()).integrationType).toBe('external');

    expect(await account.client.flexApi.v1.flexFlow(studio.sid).remove()).toBe(true);
    await expectRestError(account.client.flexApi.v1.flexFlow(studio.sid).fetch(), 404, 20404);
    await expectRestError(account.client.flexApi.v1.flexFlow(studio.sid).remove(), 404, 20404);
  });

  it("channel.create makes the chat user, a private channel and the member in one request, answering the seed's shape", async () => {
    const { account, service, flow } = await contactCentre('/seed');
    const channel = await channelFor(account, flow.sid, 'abc123', {
      chatFriendlyName: 'Chat with abc123',
      preEngagementData: '{"q":"hi"}',
    });

    const body = (await raw(router, { path: `/v1/Channels/${channel.sid}`, auth: [account.sid, account.authToken] })).json as Record<
      string,
      unknown
    >;
    expect(Object.keys(body).sort()).toEqual(
      ['flex_flow_sid', 'account_sid', 'sid', 'task_sid', 'user_sid', 'date_created', 'date_updated', 'url'].sort(),
    );
    expect(body).toMatchObject({
      flex_flow_sid: flow.sid,
      account_sid: account.sid,
      sid: channel.sid,
      task_sid: null,
      user_sid: channel.userSid,
      date_created: expect.stringMatching(ISO),
      date_updated: expect.stringMatching(ISO),
      url: `${router.baseUrl}/v1/Channels/${channel.sid}`,
    });
    expect(channel.sid).toMatch(/^CH[0-9a-f]{32}$/);
    expect(channel.userSid).toMatch(/^US[0-9a-f]{32}$/);

    // The same channel, user and member through the Conversations API.
    const scoped = account.client.conversations.v1.services(service.sid);
    const conversation = await scoped.conversations(channel.sid).fetch();
    expect(conversation.friendlyName).toBe('Chat with abc123');
    expect(JSON.parse(conversation.attributes)).toEqual({
      status: 'ACTIVE',
      long_lived: false,
      from: 'Jane',
      channel_type: 'custom',
      pre_engagement_data: { q: 'hi' },
    });
    const user = await scoped.users('abc123').fetch();
    expect({ sid: user.sid, friendlyName: user.friendlyName }).toEqual({ sid: channel.userSid, friendlyName: 'Jane' });
    const members = await scoped.conversations(channel.sid).participants.list();
    expect(members.map((m) => m.identity)).toEqual(['abc123']);
    // Through Programmable Chat v2 it is a private channel of the flow's chat service.
    const chatChannel = await account.client.chat.v2.services(service.sid).channels(channel.sid).fetch();
    expect(chatChannel).toMatchObject({ type: 'private', friendlyName: 'Chat with abc123', membersCount: 1 });

    expect((await account.client.flexApi.v1.channel(channel.sid).fetch()).toJSON()).toEqual(channel.toJSON());
    expect((await account.client.flexApi.v1.channel.list()).map((c) => c.sid)).toEqual([channel.sid]);
    // The Conversations API's own routes are untouched by the Flex paths on the same /v1 prefix.
    expect((await scoped.conversations.list()).map((c) => c.sid)).toEqual([channel.sid]);

    // A returning customer (not long-lived): a new channel, the same user, whose friendly name stays.
    const again = await channelFor(account, flow.sid, 'abc123', { chatUserFriendlyName: 'Janet' });
    expect(again.sid).not.toBe(channel.sid);
    expect(again.userSid).toBe(channel.userSid);
    expect((await scoped.users('abc123').fetch()).friendlyName).toBe('Jane');
  });

  it("posts each customer message to the flow's URL, signed, as Flex's external integration does", async () => {
    const { account, service, flow } = await contactCentre('/ext');
    const channel = await channelFor(account, flow.sid, 'cust-1');
    const messages = account.client.conversations.v1.services(service.sid).conversations(channel.sid).messages;

    const first = await messages.create({ author: 'cust-1', body: 'I need help', xTwilioWebhookEnabled: 'true' });
    const [hook] = await receiver.waitFor('/ext', (w) => sent(w) && w.params.MessageSid === first.sid);
    expect(hook.method).toBe('POST');
    expect(receiver.signedBy(hook, account.authToken)).toBe(true);
    expect(receiver.signedBy(hook, 'f'.repeat(32))).toBe(false);
    expect(hook.headers['i-twilio-idempotency-token']).toMatch(/^EV[0-9a-f]{32}$/);
    expect(hook.params).toEqual({
      EventType: 'onMessageSent',
      AccountSid: account.sid,
      InstanceSid: service.sid,
      ChannelSid: channel.sid,
      MessageSid: first.sid,
      Index: '0',
      From: 'cust-1',
      Body: 'I need help',
      Attributes: '{}',
      DateCreated: expect.stringMatching(ISO),
      Source: 'API',
      RetryCount: '0',
      WebhookType: 'webhook',
      WebhookSid: expect.stringMatching(/^WH[0-9a-f]{32}$/),
    });

    // The contact centre answers with REST (no X-Twilio-Webhook-Enabled: no post back to itself).
    const reply = await messages.create({ author: 'agent-7', body: 'How can I help?' });
    const second = await messages.create({ author: 'cust-1', body: 'My order', xTwilioWebhookEnabled: 'true' });
    const hooks = await receiver.waitFor('/ext', (w) => sent(w) && w.params.ChannelSid === channel.sid, 2);
    expect(hooks.map((w) => [w.params.Index, w.params.Body])).toEqual([
      ['0', 'I need help'],
      ['2', 'My order'],
    ]);
    expect(hooks[1].params.WebhookSid).toBe(hook.params.WebhookSid);
    await sleep(300);
    expect(receiver.received.filter((w) => w.params.MessageSid === reply.sid)).toHaveLength(0);
    expect(second.index).toBe(2);

    // A customer message through Programmable Chat v2 REST is posted the same way.
    const viaChat = await account.client.chat.v2
      .services(service.sid)
      .channels(channel.sid)
      .messages.create({ from: 'cust-1', body: 'Sent through Chat v2', xTwilioWebhookEnabled: 'true' });
    const [chatHook] = await receiver.waitFor('/ext', (w) => sent(w) && w.params.MessageSid === viaChat.sid);
    expect(receiver.signedBy(chatHook, account.authToken)).toBe(true);
    expect(chatHook.params).toMatchObject({ From: 'cust-1', Body: 'Sent through Chat v2', Index: '3', ChannelSid: channel.sid });

    // A disabled flow posts nothing; enabled again, it does.
    await account.client.flexApi.v1.flexFlow(flow.sid).update({ enabled: false });
    const muted = await messages.create({ author: 'cust-1', body: 'hello?', xTwilioWebhookEnabled: 'true' });
    await account.client.flexApi.v1.flexFlow(flow.sid).update({ enabled: true });
    const heard = await messages.create({ author: 'cust-1', body: 'anyone?', xTwilioWebhookEnabled: 'true' });
    await receiver.waitFor('/ext', (w) => w.params.MessageSid === heard.sid);
    expect(receiver.received.filter((w) => w.params.MessageSid === muted.sid)).toHaveLength(0);
  });

  it("seed 003 end to end: the customer's twilio-chat SDK gets messageAdded and its sendMessage() reaches the flow's URL", async () => {
    const tenant = await newChatTenant(router);
    const flow = await tenant.account.client.flexApi.v1.flexFlow.create({
      friendlyName: 'Custom chat client',
      chatServiceSid: tenant.serviceSid,
      channelType: 'custom',
      integrationType: 'external',
      'integration.url': receiver.url('/seed003'),
    });
    const channel = await tenant.account.client.flexApi.v1.channel.create({
      flexFlowSid: flow.sid,
      identity: 'abc123',
      chatUserFriendlyName: 'Jane',
      chatFriendlyName: 'Chat with abc123',
      target: 'abc123',
    });
    let client: ChatClient | undefined;
    try {
      const connected = await chatSdkClient(router, tenant, 'abc123');
      client = connected.client;
      expect(client.user.friendlyName).toBe('Jane');
      const subscribed = await client.getSubscribedChannels();
      expect(subscribed.items.map((c) => [c.sid, c.friendlyName, c.status])).toEqual([[channel.sid, 'Chat with abc123', 'joined']]);
      const chat = await client.getChannelBySid(channel.sid);

      // The contact centre's answer through REST reaches the customer as messageAdded.
      await tenant.account.client.conversations.v1.conversations(channel.sid).messages.create({ author: 'agent-1', body: 'Hi Jane' });
      await until(() => connected.log.args('messageAdded').some(([m]) => (m as ChatMessage).body === 'Hi Jane'));

      // The customer's sendMessage() is posted to the flow's URL, signed, as Chat's onMessageSent.
      const index = await chat.sendMessage('Where is my order?');
      const [hook] = await receiver.waitFor('/seed003', (w) => sent(w) && w.params.ChannelSid === channel.sid);
      expect(receiver.signedBy(hook, tenant.account.authToken)).toBe(true);
      expect(hook.params).toMatchObject({
        EventType: 'onMessageSent',
        InstanceSid: tenant.serviceSid,
        From: 'abc123',
        Body: 'Where is my order?',
        Index: String(index),
        Source: 'SDK',
        ClientIdentity: 'abc123',
      });
    } finally {
      await client?.shutdown().catch(() => undefined);
    }
  });

  it("with @twilio/conversations too: the customer gets the REST answer and its own messages reach the flow's URL", async () => {
    const tenant = await newChatTenant(router);
    const flow = await tenant.account.client.flexApi.v1.flexFlow.create({
      friendlyName: 'SDK chat',
      chatServiceSid: tenant.serviceSid,
      channelType: 'custom',
      integrationType: 'external',
      'integration.url': receiver.url('/sdk'),
    });
    const channel = await channelFor(tenant.account, flow.sid, 'sdk-customer');
    let client: ConversationsClient | undefined;
    try {
      ({ client } = await sdkClient(router, tenant, 'sdk-customer'));
      const conversation = await client.getConversationBySid(channel.sid);
      const added: Message[] = [];
      conversation.on('messageAdded', (m: Message) => added.push(m));
      await tenant.account.client.conversations.v1
        .conversations(channel.sid)
        .messages.create({ author: 'agent-1', body: 'Hello Jane, how can I help?' });
      await eventually(
        async () => added.map((m) => `${m.author}: ${m.body}`),
        (bodies) => bodies.includes('agent-1: Hello Jane, how can I help?'),
      );
      await conversation.sendMessage('My parcel is late');
      const [hook] = await receiver.waitFor('/sdk', (w) => sent(w) && w.params.ChannelSid === channel.sid);
      expect(receiver.signedBy(hook, tenant.account.authToken)).toBe(true);
      expect(hook.params).toMatchObject({
        From: 'sdk-customer',
        Body: 'My parcel is late',
        Source: 'SDK',
        ClientIdentity: 'sdk-customer',
        Index: '1',
      });
    } finally {
      await client?.shutdown().catch(() => undefined);
    }
  });

  it('retries a failing receiver Integration.RetryCount times, counting in RetryCount', async () => {
    const { account, service, flow } = await contactCentre('/retry', { retryCount: 1 });
    receiver.answer('/retry', { status: 500 }, { status: 503 }, { status: 200 });
    const channel = await channelFor(account, flow.sid, 'cust-r');
    const m = await account.client.conversations.v1
      .services(service.sid)
      .conversations(channel.sid)
      .messages.create({ author: 'cust-r', body: 'ping', xTwilioWebhookEnabled: 'true' });
    const attempts = await receiver.waitFor('/retry', (w) => w.params.MessageSid === m.sid, 2);
    expect(attempts.map((w) => w.params.RetryCount)).toEqual(['0', '1']);
    expect(attempts.every((w) => receiver.signedBy(w, account.authToken))).toBe(true);
    await sleep(800);
    // One retry only: the third answer (200) is never asked for.
    expect(receiver.received.filter((w) => w.params.MessageSid === m.sid)).toHaveLength(2);
  });

  it("long-lived flows reuse the identity's open channel; otherwise, or once it is closed, a new one", async () => {
    const { account, service, flow } = await contactCentre('/ll', { longLived: true });
    const first = await channelFor(account, flow.sid, 'loyal');
    const second = await channelFor(account, flow.sid, 'loyal');
    expect(second.sid).toBe(first.sid);
    expect(
      JSON.parse((await account.client.conversations.v1.services(service.sid).conversations(first.sid).fetch()).attributes),
    ).toMatchObject({
      long_lived: true,
    });
    const other = await channelFor(account, flow.sid, 'someone-else');
    expect(other.sid).not.toBe(first.sid);
    // LongLived=false on the request makes a one-off channel even in a long-lived flow.
    const oneOff = await channelFor(account, flow.sid, 'loyal', { longLived: false });
    expect(oneOff.sid).not.toBe(first.sid);
    expect((await channelFor(account, flow.sid, 'loyal')).sid).toBe(first.sid);

    // Two requests at once for a new identity: one channel.
    const [a, b] = await Promise.all([channelFor(account, flow.sid, 'racer'), channelFor(account, flow.sid, 'racer')]);
    expect(a.sid).toBe(b.sid);

    await account.client.conversations.v1.services(service.sid).conversations(first.sid).update({ state: 'closed' });
    const reopened = await channelFor(account, flow.sid, 'loyal');
    expect(reopened.sid).not.toBe(first.sid);
  });

  it('one enabled flow serves a contact identity on a channel type: others are 45210 on create and update, disabled ones pass', async () => {
    const { account, service } = await contactCentre('/contact');
    const flows = account.client.flexApi.v1.flexFlow;
    const smsFlow = (friendlyName: string, extra: Record<string, unknown> = {}) =>
      flows.create({
        friendlyName,
        chatServiceSid: service.sid,
        channelType: 'sms',
        contactIdentity: '+15005550006',
        'integration.flowSid': 'FW' + '1'.repeat(32),
        ...extra,
      });
    const inbound = await smsFlow('Inbound SMS');
    const taken = await expectRestError(smsFlow('Second inbound'), 400, 45210);
    expect(taken.message).toContain(inbound.sid);
    expect(taken.message).toMatch(/Flex Flow creation failed/);
    // Twilio's outbound flow for the same number is a disabled one.
    const outbound = await smsFlow('Outbound SMS', { enabled: false });
    expect(outbound.enabled).toBe(false);
    // Another channel type, another identity, and flows without an identity are free.
    await smsFlow('WhatsApp', { channelType: 'whatsapp' });
    const other = await smsFlow('Other number', { contactIdentity: '+15005550007' });
    await flows.create({
      friendlyName: 'Web 2',
      chatServiceSid: service.sid,
      channelType: 'custom',
      'integration.flowSid': 'FW' + '2'.repeat(32),
    });

    const enabling = await expectRestError(flows(outbound.sid).update({ enabled: true }), 400, 45210);
    expect(enabling.message).toMatch(
      /Flex Flow update failed: the enabled Flex Flow FO[0-9a-f]{32} already serves ContactIdentity \+15005550006/,
    );
    await expectRestError(flows(other.sid).update({ contactIdentity: '+15005550006' }), 400, 45210);
    expect(await flows(outbound.sid).fetch()).toMatchObject({ enabled: false, friendlyName: 'Outbound SMS' });
    expect((await flows(other.sid).fetch()).contactIdentity).toBe('+15005550007');
    // An update that keeps the flow's own identity is no conflict with itself.
    expect((await flows(inbound.sid).update({ friendlyName: 'Inbound SMS (renamed)', enabled: true })).friendlyName).toBe(
      'Inbound SMS (renamed)',
    );
    expect((await flows.list()).filter((f) => f.contactIdentity === '+15005550006' && f.channelType === 'sms' && f.enabled)).toHaveLength(
      1,
    );

    // Disabling (or deleting) the inbound flow frees the identity.
    await flows(inbound.sid).update({ enabled: false });
    expect((await flows(outbound.sid).update({ enabled: true })).enabled).toBe(true);
    await flows(outbound.sid).remove();
    expect((await smsFlow('Inbound again')).enabled).toBe(true);

    // Another account's flows are its own business.
    const stranger = await contactCentre('/contact-other');
    const theirs = await stranger.account.client.flexApi.v1.flexFlow.create({
      friendlyName: 'Same number elsewhere',
      chatServiceSid: stranger.service.sid,
      channelType: 'sms',
      contactIdentity: '+15005550006',
      'integration.flowSid': 'FW' + '1'.repeat(32),
    });
    expect(theirs.enabled).toBe(true);
  });

  it('concurrent writes for one contact identity: exactly one enabled flow wins, the others get 45210', async () => {
    const { account, service } = await contactCentre('/contact-race');
    const flows = account.client.flexApi.v1.flexFlow;
    const create = (i: number, enabled: boolean) =>
      flows.create({
        friendlyName: `racer ${i}`,
        chatServiceSid: service.sid,
        channelType: 'whatsapp',
        contactIdentity: 'whatsapp:+15005550006',
        enabled,
        'integration.flowSid': 'FW' + '3'.repeat(32),
      });
    const creates = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => create(i, true)));
    expect(creates.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of creates.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 400, code: 45210 });

    const winner = (creates.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ sid: string }>).value;
    await flows(winner.sid).update({ enabled: false });
    const disabled = await Promise.all(Array.from({ length: 4 }, (_, i) => create(10 + i, false)));
    const enables = await Promise.allSettled(disabled.map((f) => flows(f.sid).update({ enabled: true })));
    expect(enables.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of enables.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 400, code: 45210 });
    expect((await flows.list()).filter((f) => f.enabled && f.contactIdentity === 'whatsapp:+15005550006')).toHaveLength(1);
  });

  it('refuses task flows with the reason, and bad input with Twilio codes, writing nothing', async () => {
    const { account, service, flow } = await contactCentre('/bad');
    const task = await expectRestError(
      account.client.flexApi.v1.flexFlow.create({
        friendlyName: 'Tasks',
        chatServiceSid: service.sid,
        channelType: 'web',
        integrationType: 'task',
        'integration.workspaceSid': 'WS' + '0'.repeat(32),
        'integration.workflowSid': 'WW' + '0'.repeat(32),
      }),
      400,
      20001,
    );
    expect(task.message).toMatch(/TaskRouter/);
    const flowCreate = (extra: Record<string, unknown>) =>
      account.client.flexApi.v1.flexFlow.create({ friendlyName: 'x', chatServiceSid: service.sid, channelType: 'web', ...extra });
    expect((await expectRestError(flowCreate({ integrationType: 'external' }), 400, 20001)).message).toMatch(/Integration.Url is required/);
    await expectRestError(flowCreate({ channelType: 'pigeon', 'integration.flowSid': 'FW' + '0'.repeat(32) }), 400, 20001);
    await expectRestError(flowCreate({ integrationType: 'external', 'integration.url': 'not a url' }), 400, 20001);
    await expectRestError(flowCreate({ 'integration.flowSid': 'FW' + '0'.repeat(32), 'integration.retryCount': 4 }), 400, 20001);
    const missing = await raw(router, {
      path: '/v1/FlexFlows',
      auth: [account.sid, account.authToken],
      form: [
        ['FriendlyName', 'x'],
        ['ChannelType', 'web'],
      ],
    });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ code: 20001, message: expect.stringContaining('ChatServiceSid is required'), status: 400 });
    await expectRestError(
      account.client.flexApi.v1.flexFlow.create({
        friendlyName: 'x',
        chatServiceSid: 'IS' + '0'.repeat(32),
        channelType: 'web',
        'integration.flowSid': 'FW' + '0'.repeat(32),
      }),
      400,
      20001,
    );
    expect((await account.client.flexApi.v1.flexFlow.list()).map((f) => f.sid)).toEqual([flow.sid]);

    await expectRestError(channelFor(account, 'FO' + '0'.repeat(32), 'nobody'), 404, 20404);
    const withTask = await expectRestError(channelFor(account, flow.sid, 'nobody', { taskSid: 'WT' + '0'.repeat(32) }), 400, 20001);
    expect(withTask.message).toMatch(/TaskRouter/);
    await expectRestError(channelFor(account, flow.sid, 'US' + '0'.repeat(32)), 400, 50206);
    const noIdentity = await raw(router, {
      path: '/v1/Channels',
      auth: [account.sid, account.authToken],
      form: [
        ['FlexFlowSid', flow.sid],
        ['ChatUserFriendlyName', 'J'],
        ['ChatFriendlyName', 'c'],
      ],
    });
    expect(noIdentity.json).toMatchObject({ code: 20001, status: 400, message: expect.stringContaining('Identity is required') });
    // A taken unique name fails the whole request: no user, channel or member is left behind.
    await channelFor(account, flow.sid, 'u1', { chatUniqueName: 'taken' });
    await expectRestError(channelFor(account, flow.sid, 'u2', { chatUniqueName: 'taken' }), 409, 50353);
    await expectRestError(account.client.conversations.v1.services(service.sid).users('u2').fetch(), 404, 20404);
    expect(await account.client.flexApi.v1.channel.list()).toHaveLength(1);
  });

  it('each account sees and uses only its own flows and channels', async () => {
    const a = await contactCentre('/iso-a');
    const b = await contactCentre('/iso-b');
    const channel = await channelFor(a.account, a.flow.sid, 'mine');
    const other = b.account.client.flexApi.v1;
    await expectRestError(other.flexFlow(a.flow.sid).fetch(), 404, 20404);
    await expectRestError(other.flexFlow(a.flow.sid).update({ friendlyName: 'stolen' }), 404, 20404);
    await expectRestError(other.flexFlow(a.flow.sid).remove(), 404, 20404);
    await expectRestError(other.channel(channel.sid).fetch(), 404, 20404);
    await expectRestError(other.channel(channel.sid).remove(), 404, 20404);
    await expectRestError(channelFor(b.account, a.flow.sid, 'intruder'), 404, 20404);
    // Another account's chat service cannot back a flow.
    await expectRestError(
      other.flexFlow.create({
        friendlyName: 'x',
        chatServiceSid: a.service.sid,
        channelType: 'web',
        integrationType: 'external',
        'integration.url': receiver.url('/iso-b'),
      }),
      400,
      20001,
    );
    expect((await other.flexFlow.list()).map((f) => f.sid)).toEqual([b.flow.sid]);
    expect(await other.channel.list()).toHaveLength(0);
    expect((await a.account.client.flexApi.v1.flexFlow(a.flow.sid).fetch()).friendlyName).toBe('Custom chat');
  });

  it('deleting a Flex channel deletes its chat channel; deleting a flow leaves its chat channels as plain channels', async () => {
    const { account, service, flow } = await contactCentre('/del');
    const scoped = account.client.conversations.v1.services(service.sid);
    const gone = await channelFor(account, flow.sid, 'bye');
    expect(await account.client.flexApi.v1.channel(gone.sid).remove()).toBe(true);
    await expectRestError(account.client.flexApi.v1.channel(gone.sid).fetch(), 404, 20404);
    await expectRestError(scoped.conversations(gone.sid).fetch(), 404, 20404);
    expect((await scoped.users('bye').fetch()).sid).toBe(gone.userSid);

    const kept = await channelFor(account, flow.sid, 'stay');
    await account.client.flexApi.v1.flexFlow(flow.sid).remove();
    await expectRestError(account.client.flexApi.v1.channel(kept.sid).fetch(), 404, 20404);
    expect((await scoped.conversations(kept.sid).fetch()).sid).toBe(kept.sid);
    // Its messages no longer go to the deleted flow's URL.
    const m = await scoped.conversations(kept.sid).messages.create({ author: 'stay', body: 'still here', xTwilioWebhookEnabled: 'true' });
    await sleep(300);
    expect(receiver.received.filter((w) => w.params.MessageSid === m.sid)).toHaveLength(0);

    // A chat channel deleted through the Conversations API takes its Flex record along.
    const flow2 = await account.client.flexApi.v1.flexFlow.create({
      friendlyName: 'again',
      chatServiceSid: service.sid,
      channelType: 'web',
      integrationType: 'external',
      'integration.url': receiver.url('/del'),
    });
    const viaConversations = await channelFor(account, flow2.sid, 'stay');
    await scoped.conversations(viaConversations.sid).remove();
    await eventually(
      () => account.client.flexApi.v1.channel.list(),
      (list) => list.length === 0,
    );
  });
});
