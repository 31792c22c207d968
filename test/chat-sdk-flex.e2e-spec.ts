import type { Channel, Client as ChatClient, Message } from 'twilio-chat';
import { startRouter, startWebhookReceiver, type RunningRouter, type WebhookReceiver } from './support';
import { chatSdkClient } from './support/chat-sdk';
import { newChatTenant, until, type ChatTenant } from './support/realtime';

/**
 * Seed 003, "Integrate a Custom Chat Client with Flex", end to end: the backend creates a Flex chat
 * channel with `flexApi.v1.channel.create`; the customer's unmodified `twilio-chat` Client sees it,
 * gets the contact centre's REST reply as messageAdded, and its sendMessage reaches the flow's
 * external integration as a signed onMessageSent webhook.
 */
describe('twilio-chat 6 in a Flex custom chat (e2e, seed 003)', () => {
  let router: RunningRouter;
  let receiver: WebhookReceiver;
  let tenant: ChatTenant;
  let client: ChatClient | undefined;

  beforeAll(async () => {
    router = await startRouter({ role: 'all' });
    receiver = await startWebhookReceiver();
    tenant = await newChatTenant(router);
  });

  afterAll(async () => {
    await client?.shutdown().catch(() => undefined);
    await router?.close();
    await receiver?.close();
  });

  it('channel.create, then the agent replies by REST and the customer answers from the SDK to the flow webhook', async () => {
    const api = tenant.account.client;
    const flow = await api.flexApi.v1.flexFlow.create({
      friendlyName: 'Custom web chat',
      chatServiceSid: tenant.serviceSid,
      channelType: 'custom',
      integrationType: 'external',
      'integration.url': receiver.url('/flex'),
    });
    const connected = await chatSdkClient(router, tenant, 'abc123');
    client = connected.client;

    const created = await api.flexApi.v1.channel.create({
      chatFriendlyName: 'Chat with abc123',
      chatUserFriendlyName: 'Jane',
      flexFlowSid: flow.sid,
      identity: 'abc123',
      target: 'abc123',
    });
    await until(() => connected.log.args('channelJoined').some(([c]) => (c as Channel).sid === created.sid));
    const channel = await client.getChannelBySid(created.sid);
    expect(channel).toMatchObject({ friendlyName: 'Chat with abc123', isPrivate: true, status: 'joined' });
    expect((await client.getSubscribedChannels()).items.map((c) => c.sid)).toEqual([created.sid]);

    // The contact centre's agent answers through REST.
    await api.conversations.v1
      .services(tenant.serviceSid)
      .conversations(created.sid)
      .messages.create({ author: 'agent-7', body: 'Hi Jane, how can I help?' });
    await until(() => connected.log.args('messageAdded').some(([m]) => (m as Message).body === 'Hi Jane, how can I help?'));
    const [reply] = connected.log.args('messageAdded').find(([m]) => (m as Message).body === 'Hi Jane, how can I help?')! as [Message];
    expect(reply).toMatchObject({ author: 'agent-7', index: 0 });

    // The customer's answer reaches the flow's external integration, signed with the account's token.
    const index = await channel.sendMessage('My order has not arrived');
    const [hook] = await receiver.waitFor('/flex', (w) => w.params.EventType === 'onMessageSent' && w.params.Index === String(index));
    expect(receiver.signedBy(hook, tenant.account.authToken)).toBe(true);
    expect(hook.params).toMatchObject({
      ChannelSid: created.sid,
      InstanceSid: tenant.serviceSid,
      From: 'abc123',
      Body: 'My order has not arrived',
      Source: 'SDK',
    });
    // The contact centre's own REST reply was not posted back to it.
    expect(receiver.received.filter((w) => w.path === '/flex' && w.params.EventType === 'onMessageSent').map((w) => w.params.Body)).toEqual(
      ['My order has not arrived'],
    );
  });
});
