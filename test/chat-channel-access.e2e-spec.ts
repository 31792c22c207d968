import type { Conversation } from '@twilio/conversations';
import type { Channel } from 'twilio-chat';
import { chatSdkClient } from './support/chat-sdk';
import { sdkClient, sdkSuite, until } from './support/realtime';

/**
 * Chat's channel rules over the socket, one decision for both official SDKs (`twilio-chat` 6 and
 * `@twilio/conversations` 3, unmodified; src/channel-access): a Chat private channel (Chat v2 REST,
 * the Chat SDK's createChannel, Flex) is neither seen nor joined without an invite, as Twilio hides
 * it (50300); a conversation made through the Conversations API keeps Conversations' rules: a user
 * whose service role grants joinConversation peeks at it and joins it by SID.
 */
describe("Chat's channel rules over the socket, both SDKs (e2e)", () => {
  const suite = sdkSuite();

  const chat = () => suite.tenant.account.client.chat.v2.services(suite.tenant.serviceSid);
  const rest = () => suite.tenant.account.client.conversations.v1.services(suite.tenant.serviceSid);
  const memberIdentities = async (sid: string) => (await chat().channels(sid).members.list()).map((m) => m.identity).sort();
  const hidden = { status: 404, body: { code: 50300 } };

  async function chatUser(identity: string) {
    const connected = await chatSdkClient(suite.router, suite.tenant, identity);
    suite.track(connected.client);
    return connected;
  }

  async function conversationsUser(identity: string) {
    const connected = await sdkClient(suite.router, suite.tenant, identity, ['conversationJoined']);
    suite.track(connected.client);
    return connected;
  }

  it('twilio-chat: a Chat v2 REST private channel is hidden without an invite, joined with one (the invite goes); members with addMember add', async () => {
    const uniqueName = `backroom-${Date.now()}`;
    const channel = await chat().channels.create({ type: 'private', friendlyName: 'Backroom', uniqueName });
    const service = await chat().fetch();
    await chat().channels(channel.sid).members.create({ identity: 'owner', roleSid: service.defaultChannelCreatorRoleSid });
    await chat().channels(channel.sid).members.create({ identity: 'plain' });

    // sam's service role grants joinChannel, which opens public channels only.
    const sam = await chatUser('sam');
    await expect(sam.client.getChannelBySid(channel.sid)).rejects.toMatchObject(hidden);
    await expect(sam.client.getChannelByUniqueName(uniqueName)).rejects.toMatchObject(hidden);

    // Invited through Chat v2 REST: channelInvited; revoked before joining, its join is refused as Twilio hides it.
    const guest = await chat().roles.create({ friendlyName: 'guest', type: 'channel', permission: ['sendMessage', 'leaveChannel'] });
    const invite = await chat().channels(channel.sid).invites.create({ identity: 'sam', roleSid: guest.sid });
    const [invited] = (await sam.log.next('channelInvited')) as [Channel];
    expect(invited).toMatchObject({ sid: channel.sid, status: 'invited', isPrivate: true, friendlyName: 'Backroom' });
    await chat().channels(channel.sid).invites(invite.sid).remove();
    await until(() => sam.log.args('channelRemoved').some(([c]) => (c as Channel).sid === channel.sid));
    await expect(invited.join()).rejects.toMatchObject(hidden);
    expect(await memberIdentities(channel.sid)).toEqual(['owner', 'plain']);

    // Invited again: the join works, takes the invite's role, and the invite is gone.
    await chat().channels(channel.sid).invites.create({ identity: 'sam', roleSid: guest.sid });
    await until(() => sam.log.args('channelInvited').length === 2);
    const [again] = sam.log.args('channelInvited')[1] as [Channel];
    await again.join();
    await until(() => again.status === 'joined');
    expect(await chat().channels(channel.sid).invites.list()).toEqual([]);
    expect((await chat().channels(channel.sid).members('sam').fetch()).roleSid).toBe(guest.sid);
    await expect(again.join()).rejects.toMatchObject({ status: 409, body: { code: 50404 } });

    // Adding someone: the channel admin may (addMember), a plain member may not, a non-member does not see the channel.
    const owner = await chatUser('owner');
    const ownersChannel = await owner.client.getChannelBySid(channel.sid);
    await ownersChannel.add('newbie');
    expect(await memberIdentities(channel.sid)).toEqual(['newbie', 'owner', 'plain', 'sam']);
    const plain = await chatUser('plain');
    const plainsChannel = await plain.client.getChannelBySid(channel.sid);
    await expect(plainsChannel.add('other')).rejects.toMatchObject({ status: 403, body: { code: 50107 } });
    expect(await memberIdentities(channel.sid)).toEqual(['newbie', 'owner', 'plain', 'sam']);
  });

  it('twilio-chat: a private channel of createChannel is seen and joined by its creator only; a public one by everyone', async () => {
    const { client: maker } = await chatUser('maker');
    const { client: other } = await chatUser('other');
    const secret = await maker.createChannel({ friendlyName: 'Secret', isPrivate: true });
    const open = await maker.createChannel({ friendlyName: 'Open', isPrivate: false });
    await secret.join();
    await until(() => secret.status === 'joined');
    expect((await chat().channels(secret.sid).fetch()).type).toBe('private');

    await expect(other.getChannelBySid(secret.sid)).rejects.toMatchObject(hidden);
    const opened = await other.getChannelBySid(open.sid);
    await opened.join();
    await until(() => opened.status === 'joined');
    expect(await memberIdentities(secret.sid)).toEqual(['maker']);
    expect(await memberIdentities(open.sid)).toEqual(['other']);
  });

  it('@twilio/conversations: a Chat v2 REST private channel is neither peeked at nor joined without an invite; with one it is', async () => {
    const channel = await chat().channels.create({ type: 'private', friendlyName: 'Vault' });
    await chat().channels(channel.sid).members.create({ identity: 'keeper' });
    const cleo = await conversationsUser('cleo');
    await expect(cleo.client.peekConversationBySid(channel.sid)).rejects.toMatchObject(hidden);

    // Invited: the peek works (metadata only), so the SDK holds the conversation to join.
    const invite = await chat().channels(channel.sid).invites.create({ identity: 'cleo' });
    const peeked = await cleo.client.peekConversationBySid(channel.sid);
    expect(peeked).toMatchObject({ sid: channel.sid, friendlyName: 'Vault' });
    // The invite revoked: hidden again, and the join refused.
    await chat().channels(channel.sid).invites(invite.sid).remove();
    await expect(cleo.client.peekConversationBySid(channel.sid)).rejects.toMatchObject(hidden);
    await expect(peeked.join()).rejects.toMatchObject(hidden);
    expect(await memberIdentities(channel.sid)).toEqual(['keeper']);

    // Invited again: the join works and consumes the invite.
    await chat().channels(channel.sid).invites.create({ identity: 'cleo' });
    await peeked.join();
    await until(() => cleo.log.args('conversationJoined').some(([c]) => (c as Conversation).sid === channel.sid));
    expect(await memberIdentities(channel.sid)).toEqual(['cleo', 'keeper']);
    expect(await chat().channels(channel.sid).invites.list()).toEqual([]);
  });

  it('@twilio/conversations: conversations made through REST v1 and createConversation are peeked at and joined with joinConversation; Chat v2 shows them as private', async () => {
    const olive = await conversationsUser('olive');
    const bySdk = await olive.client.createConversation({ friendlyName: 'Made by the SDK' });
    const byRest = await rest().conversations.create({ friendlyName: 'Made by REST' });
    await rest().conversations(byRest.sid).participants.create({ identity: 'host' });

    const pat = await conversationsUser('pat');
    for (const sid of [bySdk.sid, byRest.sid]) {
      const peeked = await pat.client.peekConversationBySid(sid);
      expect(peeked.status).toBe('notParticipating');
      await peeked.join();
      await until(() => pat.log.args('conversationJoined').some(([c]) => (c as Conversation).sid === sid));
    }
    expect(await memberIdentities(bySdk.sid)).toEqual(['pat']);
    expect(await memberIdentities(byRest.sid)).toEqual(['host', 'pat']);

    // Chat v2 REST: private channels, listed as such (not among the public ones).
    for (const sid of [bySdk.sid, byRest.sid]) expect((await chat().channels(sid).fetch()).type).toBe('private');
    const privateSids = (await chat().channels.list({ type: ['private'] })).map((c) => c.sid);
    expect(privateSids).toEqual(expect.arrayContaining([bySdk.sid, byRest.sid]));
    const publicSids = (await chat().channels.list({ type: ['public'] })).map((c) => c.sid);
    expect(publicSids).not.toContain(bySdk.sid);
    expect(publicSids).not.toContain(byRest.sid);
    // The Chat SDK reads the same type on a member's channel.
    const { client: host } = await chatUser('host');
    expect(await host.getChannelBySid(byRest.sid)).toMatchObject({ type: 'private', isPrivate: true });
  });

  it('a Flex channel is a Chat private channel: an agent without an invite neither peeks at nor joins it, with either SDK', async () => {
    const api = suite.tenant.account.client;
    const flow = await api.flexApi.v1.flexFlow.create({
      friendlyName: 'Web chat',
      chatServiceSid: suite.tenant.serviceSid,
      channelType: 'web',
      integrationType: 'studio',
      'integration.flowSid': `FW${'1'.repeat(32)}`,
    });
    const flexChannel = await api.flexApi.v1.channel.create({
      flexFlowSid: flow.sid,
      identity: 'customer',
      chatFriendlyName: 'Chat with customer',
      chatUserFriendlyName: 'Customer',
    });
    expect((await chat().channels(flexChannel.sid).fetch()).type).toBe('private');

    const agent = await conversationsUser('agent');
    await expect(agent.client.peekConversationBySid(flexChannel.sid)).rejects.toMatchObject(hidden);
    const { client: chatAgent } = await chatUser('agent-chat');
    await expect(chatAgent.getChannelBySid(flexChannel.sid)).rejects.toMatchObject(hidden);
    expect(await memberIdentities(flexChannel.sid)).toEqual(['customer']);

    // The contact centre adds the agent (REST): then the agent's SDK has it.
    await chat().channels(flexChannel.sid).members.create({ identity: 'agent' });
    await until(() => agent.log.args('conversationJoined').some(([c]) => (c as Conversation).sid === flexChannel.sid));
  });
});
