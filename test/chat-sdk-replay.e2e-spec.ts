import { Client as ChatClient, type Channel, type Message } from 'twilio-chat';
import { freePort, spawnRouterProcess, startRouter, type RouterProcess, type RunningRouter } from './support';
import { CHAT_EVENTS } from './support/chat-sdk';
import { EventLog, newChatTenant, until, type ChatTenant } from './support/realtime';

/**
 * twilio-chat 6 on a built API process (dist/) that is killed: the Client reconnects by itself to a
 * new process on the same address and gets what it missed from the change feed's replay, once and in
 * order: messages written meanwhile, and a channel it was invited to meanwhile (channelInvited).
 */
describe('twilio-chat 6: replay after its API process is killed (e2e)', () => {
  let rest: RunningRouter;
  let api: RouterProcess | undefined;
  let port: number;
  let tenant: ChatTenant;
  let client: ChatClient | undefined;

  const env = () => ({ PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}` });

  beforeAll(async () => {
    rest = await startRouter({ role: 'all' });
    tenant = await newChatTenant(rest);
    port = await freePort();
    api = await spawnRouterProcess('api', env());
  });

  afterAll(async () => {
    await client?.shutdown().catch(() => undefined);
    await api?.stop();
    await rest?.close();
  });

  it('gets the messages and the invite it missed while its process was dead, once, in order', async () => {
    const v1 = tenant.account.client.conversations.v1.services(tenant.serviceSid);
    const room = await v1.conversations.create({ friendlyName: 'room' });
    await v1.conversations(room.sid).participants.create({ identity: 'ann' });
    await v1.conversations(room.sid).messages.create({ author: 'bob', body: 'm0' });

    client = new ChatClient(tenant.token({ identity: 'ann', ttl: 3600 }), {
      twilsock: { uri: `ws://127.0.0.1:${port}/v3/wsconnect` },
      logLevel: 'silent',
    } as never);
    const log = new EventLog(client, [...CHAT_EVENTS, 'stateChanged', 'connectionStateChanged']);
    expect((await log.next('stateChanged', 15_000))[0]).toBe('initialized');
    const channel = await client.getChannelBySid(room.sid);
    expect((await channel.getMessages()).items.map((m) => m.body)).toEqual(['m0']);
    const bodies = () => log.args('messageAdded').map(([m]) => (m as Message).body);

    await v1.conversations(room.sid).messages.create({ author: 'bob', body: 'live' });
    await until(() => bodies().includes('live'));

    await api!.kill();
    await until(() => client!.connectionState !== 'connected');
    await v1.conversations(room.sid).messages.create({ author: 'bob', body: 'away 1' });
    await v1.conversations(room.sid).messages.create({ author: 'bob', body: 'away 2' });
    const party = await tenant.account.client.chat.v2
      .services(tenant.serviceSid)
      .channels.create({ friendlyName: 'party', type: 'private' });
    await tenant.account.client.chat.v2.services(tenant.serviceSid).channels(party.sid).invites.create({ identity: 'ann' });

    api = await spawnRouterProcess('api', env());
    await until(() => bodies().includes('away 2') && log.args('channelInvited').length > 0, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(bodies()).toEqual(['live', 'away 1', 'away 2']);
    const [invited] = log.args('channelInvited')[0] as [Channel];
    expect(invited).toMatchObject({ sid: party.sid, status: 'invited', friendlyName: 'party' });

    // And live again, through the new process.
    await channel.sendMessage('back');
    await until(() => bodies().includes('back'));
    expect(bodies()).toEqual(['live', 'away 1', 'away 2', 'back']);
  }, 90_000);
});
