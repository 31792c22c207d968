import type { Client as ChatClient, Message } from 'twilio-chat';
import { startRouter, type RunningRouter } from './support';
import { chatSdkClient } from './support/chat-sdk';
import { newChatTenant, until, type ChatTenant } from './support/realtime';

/**
 * The Programmable Chat SDK (`twilio-chat` 6.0.0), unmodified, against the router's /v3/wsconnect:
 * what its apps do (channels, members, messages), each checked through the SDK itself and the
 * official `twilio` REST client over the same store.
 */
describe('The Programmable Chat SDK twilio-chat 6 (e2e)', () => {
  let router: RunningRouter;
  let tenant: ChatTenant;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    router = await startRouter({ role: 'all' });
    tenant = await newChatTenant(router);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.shutdown().catch(() => undefined)));
    await router?.close();
  });

  const rest = () => tenant.account.client.conversations.v1.services(tenant.serviceSid);

  async function connect(identity: string) {
    const connected = await chatSdkClient(router, tenant, identity);
    clients.push(connected.client);
    return connected;
  }

  it('initialises with a ChatGrant token; lists the channels it is a member of and gets a REST message live; its sendMessage is stored', async () => {
    const channel = await rest().conversations.create({ friendlyName: 'support', uniqueName: `support-${Date.now()}` });
    await rest().conversations(channel.sid).participants.create({ identity: 'ann' });
    const other = await rest().conversations.create({ friendlyName: 'not mine' });

    const { client, log } = await connect('ann');
    expect(client.user.identity).toBe('ann');
    const subscribed = await client.getSubscribedChannels();
    expect(subscribed.items.map((c) => c.sid)).toEqual([channel.sid]);
    expect(subscribed.items[0]).toMatchObject({ status: 'joined', friendlyName: 'support', uniqueName: channel.uniqueName });

    const mine = await client.getChannelBySid(channel.sid);
    expect(mine.sid).toBe(channel.sid);
    await expect(client.getChannelBySid(other.sid)).rejects.toThrow();

    await rest().conversations(channel.sid).messages.create({ author: 'agent', body: 'hello from REST' });
    await until(() => log.args('messageAdded').some(([m]) => (m as Message).body === 'hello from REST'));
    const [added] = log.args('messageAdded').find(([m]) => (m as Message).body === 'hello from REST')! as [Message];
    expect(added).toMatchObject({ author: 'agent', index: 0, type: 'text' });
    expect(added.channel.sid).toBe(channel.sid);

    const index = await mine.sendMessage('hi from the chat SDK', { from: 'sdk' });
    expect(index).toBe(1);
    const stored = await rest().conversations(channel.sid).messages.list();
    expect(stored.map((m) => [m.author, m.body, m.index])).toEqual([
      ['agent', 'hello from REST', 0],
      ['ann', 'hi from the chat SDK', 1],
    ]);
    expect(JSON.parse(stored[1].attributes)).toEqual({ from: 'sdk' });
  });

  it('creates public and private channels; others see only the public one among the descriptors, get it by SID or unique name, join and leave it', async () => {
    const { client: owner } = await connect('olga');
    const { client: guest, log: guestLog } = await connect('gus');
    const uniqueName = `lobby-${Date.now()}`;
    const lobby = await owner.createChannel({ friendlyName: 'Lobby', uniqueName, isPrivate: false });
    const secret = await owner.createChannel({ friendlyName: 'Secret', isPrivate: true });
    expect(lobby).toMatchObject({ type: 'public', isPrivate: false, friendlyName: 'Lobby', uniqueName, createdBy: 'olga' });
    expect(secret).toMatchObject({ type: 'private', isPrivate: true, friendlyName: 'Secret' });
    expect((await rest().conversations(lobby.sid).fetch()).friendlyName).toBe('Lobby');
    await owner.getChannelBySid(lobby.sid).then((c) => c.join());
    await owner.getChannelBySid(secret.sid).then((c) => c.join());

    const publicSids: string[] = [];
    for (let page = await guest.getPublicChannelDescriptors(); ; page = await page.nextPage()) {
      publicSids.push(...page.items.map((d) => d.sid));
      if (!page.hasNextPage) break;
    }
    expect(publicSids).toContain(lobby.sid);
    expect(publicSids).not.toContain(secret.sid);
    const descriptor = (await guest.getPublicChannelDescriptors()).items.find((d) => d.sid === lobby.sid)!;
    expect(descriptor).toMatchObject({
      friendlyName: 'Lobby',
      uniqueName,
      createdBy: 'olga',
      type: 'public',
      isPrivate: false,
      membersCount: 1,
    });

    await expect(guest.getChannelBySid(secret.sid)).rejects.toThrow();
    const byName = await guest.getChannelByUniqueName(uniqueName);
    expect(byName.sid).toBe(lobby.sid);
    expect(byName.status).toBe('notParticipating');
    const bySid = await guest.getChannelBySid(lobby.sid);
    await bySid.join();
    await guestLog.next('channelJoined');
    await until(() => bySid.status === 'joined');
    expect((await rest().conversations(lobby.sid).participants.list()).map((p) => p.identity).sort()).toEqual(['gus', 'olga']);
    expect((await guest.getSubscribedChannels()).items.map((c) => c.sid)).toContain(lobby.sid);

    await bySid.leave();
    await guestLog.next('channelLeft');
    expect((await rest().conversations(lobby.sid).participants.list()).map((p) => p.identity)).toEqual(['olga']);
  });
});
