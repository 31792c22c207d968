import type { Channel, Client as ChatClient, Member, Message } from 'twilio-chat';
import { eventually } from './support';
import { chatSdkClient } from './support/chat-sdk';
import { EventLog, sdkSuite, TWILSOCK_EVENTS, twilsockClient, until } from './support/realtime';

/**
 * The Programmable Chat SDK (`twilio-chat` 6.0.0), unmodified, against the router's /v3/wsconnect:
 * what its apps do (channels, members, messages), each checked through the SDK itself and the
 * official `twilio` REST client over the same store.
 */
describe('The Programmable Chat SDK twilio-chat 6 (e2e)', () => {
  const suite = sdkSuite();

  const rest = () => suite.tenant.account.client.conversations.v1.services(suite.tenant.serviceSid);

  async function connect(identity: string) {
    const connected = await chatSdkClient(suite.router, suite.tenant, identity);
    suite.track(connected.client);
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

  /** A private channel made through REST with these identities as members, and each member's Channel once joined in its SDK. */
  async function sharedChannel(members: { client: ChatClient; log: EventLog; identity: string }[]): Promise<Channel[]> {
    const made = await rest().conversations.create({ friendlyName: `room ${Date.now()}` });
    for (const m of members) await rest().conversations(made.sid).participants.create({ identity: m.identity });
    return Promise.all(
      members.map(async (m) => {
        await until(() => m.log.args('channelJoined').some(([c]) => (c as Channel).sid === made.sid));
        return m.client.getChannelBySid(made.sid);
      }),
    );
  }

  it('messages from another SDK client arrive as messageAdded; typing reaches the other member; getMessages pages backwards and forwards', async () => {
    const amy = { ...(await connect('amy')), identity: 'amy' };
    const ben = { ...(await connect('ben')), identity: 'ben' };
    const [amys, bens] = await sharedChannel([amy, ben]);
    const bensMessages = new EventLog(bens, ['messageAdded', 'typingStarted', 'typingEnded']);

    // The SDK shows typing only for members it has loaded (its roster), as on Twilio.
    await eventually(
      async () => [(await bens.getMembers()).length, (await amys.getMembers()).length],
      (counts) => counts.every((n) => n === 2),
    );
    await amys.typing();
    const [typist] = (await bensMessages.next('typingStarted')) as [Member];
    expect(typist.identity).toBe('amy');
    await bensMessages.next('typingEnded', 15_000);

    for (let i = 0; i < 7; i += 1) await amys.sendMessage(`m${i}`);
    await until(() => bensMessages.args('messageAdded').length === 7);
    expect(bensMessages.args('messageAdded').map(([m]) => [(m as Message).author, (m as Message).body, (m as Message).index])).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((i) => ['amy', `m${i}`, i]),
    );

    const last = await bens.getMessages(3);
    expect(last.items.map((m) => m.body)).toEqual(['m4', 'm5', 'm6']);
    expect(last.hasPrevPage).toBe(true);
    const before = await last.prevPage();
    expect(before.items.map((m) => m.body)).toEqual(['m1', 'm2', 'm3']);
    const fromStart = await bens.getMessages(3, 0, 'forward');
    expect(fromStart.items.map((m) => m.index)).toEqual([0, 1, 2]);
    expect(fromStart.hasNextPage).toBe(true);
    expect((await fromStart.nextPage()).items.map((m) => m.index)).toEqual([3, 4, 5]);
    expect(await bens.getMessagesCount()).toBe(7);
    expect(await bens.getMembersCount()).toBe(2);
  });

  it('updateLastConsumedMessageIndex moves the read horizon: unread counts, the member seen by others, REST', async () => {
    const cat = { ...(await connect('cat')), identity: 'cat' };
    const dan = { ...(await connect('dan')), identity: 'dan' };
    const [cats, dans] = await sharedChannel([cat, dan]);
    for (const body of ['one', 'two', 'three']) await rest().conversations(cats.sid).messages.create({ author: 'system', body });
    await until(() => dan.log.args('messageAdded').filter(([m]) => (m as Message).channel.sid === dans.sid).length === 3);

    expect(await dans.getUnconsumedMessagesCount()).toBeNull();
    expect(await dans.updateLastConsumedMessageIndex(0)).toBe(2);
    expect(await dans.getUnconsumedMessagesCount()).toBe(2);
    expect(await dans.advanceLastConsumedMessageIndex(2)).toBe(0);
    await until(() => dans.lastConsumedMessageIndex === 2);
    const dansMember = (await cats.getMembers()).find((m) => m.identity === 'dan')!;
    await until(() => dansMember.lastConsumedMessageIndex === 2);
    const stored = (await rest().conversations(cats.sid).participants.list()).find((p) => p.identity === 'dan')!;
    expect(stored.lastReadMessageIndex).toBe(2);
    expect(await dans.setNoMessagesConsumed()).toBeNull();
    expect(await dans.getUnconsumedMessagesCount()).toBeNull();
  });

  it('sends media through MCS; the other member gets a media message whose content URL serves the bytes', async () => {
    const eve = { ...(await connect('eve')), identity: 'eve' };
    const fay = { ...(await connect('fay')), identity: 'fay' };
    const [eves, fays] = await sharedChannel([eve, fay]);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    const faysMessages = new EventLog(fays, ['messageAdded']);
    await eves.sendMessage({ contentType: 'image/png', media: png } as never);
    const [message] = (await faysMessages.next('messageAdded')) as [Message];
    expect(message.type).toBe('media');
    expect(message.media).toMatchObject({ contentType: 'image/png', size: png.length });
    const url = await message.media.getContentTemporaryUrl();
    const fetched = await fetch(url);
    expect(Buffer.from(await fetched.arrayBuffer())).toEqual(png);
    const [stored] = await rest().conversations(eves.sid).messages.list();
    expect(stored.media).toEqual([expect.objectContaining({ content_type: 'image/png', size: png.length })]);
  });

  it('invite: the invitee gets channelInvited live, joins (the invite goes) or declines (the channel leaves its list)', async () => {
    const { client: host } = await connect('hal');
    const ivy = await connect('ivy');
    const max = await connect('max');
    const party = await host.createChannel({ friendlyName: 'Party', isPrivate: true });
    await party.join();
    await until(() => party.status === 'joined');

    await party.invite('ivy');
    const [invitedTo] = (await ivy.log.next('channelInvited')) as [Channel];
    expect(invitedTo).toMatchObject({ sid: party.sid, status: 'invited', friendlyName: 'Party', isPrivate: true });
    const chatInvites = () => suite.tenant.account.client.chat.v2.services(suite.tenant.serviceSid).channels(party.sid).invites.list();
    expect((await chatInvites()).map((i) => [i.identity, i.createdBy])).toEqual([['ivy', 'hal']]);
    await expect(party.invite('ivy')).rejects.toMatchObject({ status: 409 });

    await invitedTo.join();
    await until(() => invitedTo.status === 'joined');
    expect(ivy.log.args('channelJoined').some(([c]) => (c as Channel).sid === party.sid)).toBe(true);
    expect(await chatInvites()).toEqual([]);
    expect((await rest().conversations(party.sid).participants.list()).map((p) => p.identity).sort()).toEqual(['hal', 'ivy']);

    await party.invite('max');
    const [maxInvite] = (await max.log.next('channelInvited')) as [Channel];
    await maxInvite.decline();
    await until(() => max.log.args('channelRemoved').some(([c]) => (c as Channel).sid === party.sid));
    expect(maxInvite.status).toBe('notParticipating');
    expect(await chatInvites()).toEqual([]);
    // An invite made while the invitee is away is in its channel list when it connects.
    await party.invite('nia');
    const nia = await connect('nia');
    await until(() => nia.log.args('channelInvited').some(([c]) => (c as Channel).sid === party.sid));
    const niaDescriptors = await nia.client.getUserChannelDescriptors();
    expect(niaDescriptors.items.map((d) => [d.sid, d.status])).toEqual([[party.sid, 'invited']]);

    // Only those whose roles grant inviteMember (or addParticipant) invite: Chat's rule (src/channel-access).
    const stranger = await connect('stu');
    const lobby = await stranger.client.createChannel({ friendlyName: 'Open lobby' });
    await expect(lobby.invite('ivy')).rejects.toMatchObject({ status: 403, body: { code: 50107 } });

    // The channel deleted: the invitee's list loses it.
    await host.getChannelBySid(party.sid).then((c) => c.delete());
    await until(() => nia.log.args('channelRemoved').some(([c]) => (c as Channel).sid === party.sid));

    // Having declined, max no longer sees the private channel.
    const outsider = await max.client.getChannelBySid(party.sid).catch((e: unknown) => e);
    expect(outsider).toBeInstanceOf(Error);
  });

  it('the channel owner adds and removes members, renames the channel and edits messages; the other member and REST see it', async () => {
    const { client: owner, log: ownerLog } = await connect('pia');
    const quinn = await connect('quinn');
    const room = await owner.createChannel({ friendlyName: 'Team', isPrivate: true });
    await room.join();
    await until(() => room.status === 'joined');

    await room.add('quinn');
    const [added] = (await quinn.log.next('channelJoined')) as [Channel];
    expect(added.sid).toBe(room.sid);
    await until(() => ownerLog.args('memberJoined').some(([m]) => (m as Member).identity === 'quinn'));

    await room.updateFriendlyName('Team A');
    await until(() => added.friendlyName === 'Team A');
    expect((await rest().conversations(room.sid).fetch()).friendlyName).toBe('Team A');

    const quinnsMessages = new EventLog(added, ['messageAdded', 'messageUpdated', 'messageRemoved']);
    await room.sendMessage('typo');
    const [sent] = (await quinnsMessages.next('messageAdded')) as [Message];
    const [mine] = (await room.getMessages(1)).items;
    await mine.updateBody('fixed');
    await until(() => sent.body === 'fixed');
    await mine.remove();
    await quinnsMessages.next('messageRemoved');
    expect(await rest().conversations(room.sid).messages.list()).toEqual([]);

    await owner.user.updateFriendlyName('Pia P.');
    expect((await rest().users('pia').fetch()).friendlyName).toBe('Pia P.');

    await room.removeMember('quinn');
    await until(() => quinn.log.args('channelLeft').some(([c]) => (c as Channel).sid === room.sid));
    expect((await rest().conversations(room.sid).participants.list()).map((p) => p.identity)).toEqual(['pia']);
    await room.delete();
    await expect(rest().conversations(room.sid).fetch()).rejects.toMatchObject({ status: 404 });
  });

  it('bad input to the Chat calls gets Twilio errors, never a 500 (the official twilsock client, as the SDK sends them)', async () => {
    const socket = twilsockClient(suite.router, suite.tenant.token({ identity: 'rex' }));
    const events = new EventLog(socket, TWILSOCK_EVENTS);
    socket.connect();
    await events.next('initialized');
    try {
      const call = async (method: 'get' | 'post' | 'delete', url: string, body: Record<string, unknown> = {}) => {
        const headers = { 'Content-Type': 'application/json; charset=utf-8' };
        try {
          const reply =
            method === 'get'
              ? await socket.get(url, headers)
              : method === 'post'
                ? await socket.post(url, headers, body)
                : await socket.delete(url, headers, {});
          return { status: reply.status.code, body: reply.body as Record<string, unknown> };
        } catch (err) {
          const upstream = err as { status: number; body: Record<string, unknown> };
          return { status: upstream.status, body: upstream.body };
        }
      };
      const configuration = await call('get', 'https://aim.us1.twilio.com/Client/v1/Configuration');
      expect(configuration.status).toBe(200);
      const links = configuration.body.links as { conversations: string };
      expect(links.conversations).toBe(`https://aim.us1.twilio.com/Client/v2/Services/${suite.tenant.serviceSid}/Conversations`);

      expect(await call('post', links.conversations, { type: 'secret', friendly_name: 'x' })).toMatchObject({
        status: 400,
        body: { code: 20001 },
      });
      const made = await call('post', links.conversations, { type: 'private', friendly_name: 'mine' });
      const channelUrl = `${links.conversations}/${String(made.body.sid)}`;
      expect(made).toMatchObject({
        status: 201,
        body: { type: 'private', links: { invites: `${channelUrl}/Invites` } },
      });
      await call('post', `${channelUrl}/Participants`, { identity: 'rex' });
      expect(await call('post', `${channelUrl}/Invites`, {})).toMatchObject({
        status: 400,
        body: { code: 50204 },
      });
      expect(await call('post', `${channelUrl}/Invites`, { identity: 'rex' })).toMatchObject({
        status: 409,
        body: { code: 50404 },
      });
      // rex created the channel: its channel admin role may revoke anyone's invite, and there is none.
      expect(await call('delete', `${channelUrl}/Invites/nobody`)).toMatchObject({
        status: 404,
        body: { code: 20404 },
      });
      expect(await call('delete', `${channelUrl}/Invites/rex`)).toMatchObject({
        status: 404,
        body: { code: 20404 },
      });
      expect(await call('post', `${links.conversations}/CH${'0'.repeat(32)}/Invites`, { identity: 'x' })).toMatchObject({
        status: 404,
        body: { code: 50300 },
      });
      expect(await call('get', 'https://aim.us1.twilio.com/Client/v1/Other')).toMatchObject({ status: 404, body: { code: 20404 } });
      expect(await call('get', `${links.conversations}?PageToken=garbage`)).toMatchObject({ status: 400 });
    } finally {
      await socket.disconnect();
    }
  });
});
