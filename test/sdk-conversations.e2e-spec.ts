import type { Conversation, Message, Participant } from '@twilio/conversations';
import { EventLog, until, sdkClient, sdkSuite } from './support/realtime';

const CLIENT_EVENTS = [
  'conversationAdded',
  'conversationJoined',
  'conversationLeft',
  'conversationRemoved',
  'conversationUpdated',
  'messageAdded',
  'messageUpdated',
  'messageRemoved',
  'participantJoined',
  'participantLeft',
  'participantUpdated',
  'typingStarted',
  'typingEnded',
  'userUpdated',
];

/**
 * The official `@twilio/conversations` 3.0.1 Client, unmodified, against the router: the public API a
 * chat app uses, two users live, with REST (the official twilio client) on the side.
 */
describe('The Conversations SDK against the router (e2e)', () => {
  const suite = sdkSuite();

  const rest = () => suite.tenant.account.client.conversations.v1.services(suite.tenant.serviceSid);

  async function connect(identity: string) {
    const connected = await sdkClient(suite.router, suite.tenant, identity, CLIENT_EVENTS);
    suite.track(connected.client);
    return connected;
  }

  const byEvent = (log: EventLog, name: string, pick: (arg: never) => unknown) => log.args(name).map(([arg]) => pick(arg as never));

  it('two users chat: create, join, add, send, receive, typing, read horizon, edit, remove, leave, delete', async () => {
    const alice = await connect('alice');
    const bob = await connect('bob');

    const conversation = await alice.client.createConversation({
      friendlyName: 'Room 1',
      uniqueName: 'room-1',
      attributes: { topic: 'x' },
    });
    expect(conversation.friendlyName).toBe('Room 1');
    expect(conversation.createdBy).toBe('alice');
    await conversation.join();
    await alice.log.next('conversationJoined');
    await conversation.add('bob');
    await bob.log.next('conversationJoined');
    const bobs = (await bob.client.getConversationBySid(conversation.sid)) as Conversation;
    expect(bobs.friendlyName).toBe('Room 1');
    expect(bobs.attributes).toEqual({ topic: 'x' });
    expect((await bobs.getParticipants()).map((p: Participant) => p.identity).sort()).toEqual(['alice', 'bob']);

    // Messages, both ways, live.
    const index = await conversation.sendMessage('hello bob', { m: 1 });
    expect(index).toBe(0);
    await until(() => bob.log.args('messageAdded').length === 1);
    const received = bob.log.args('messageAdded')[0][0] as Message;
    expect([received.author, received.body, received.index, received.attributes]).toEqual(['alice', 'hello bob', 0, { m: 1 }]);
    await until(() => alice.log.args('messageAdded').length === 1);

    // Typing reaches the other user, not the typist.
    await bobs.typing();
    await alice.log.next('typingStarted');
    expect(byEvent(alice.log, 'typingStarted', (p: Participant) => p.identity)).toEqual(['bob']);
    await bobs.sendMessage('hi alice');
    await alice.log.next('typingEnded');
    expect(bob.log.names()).not.toContain('typingStarted');
    await until(() => alice.log.args('messageAdded').length === 2);

    // Read horizon: unread counts, pushed to the other participant.
    expect(await bobs.getUnreadMessagesCount()).toBeNull();
    expect(await bobs.setAllMessagesRead()).toBe(0);
    await until(() =>
      alice.log.args('participantUpdated').some(([e]) => (e as { participant: Participant }).participant.identity === 'bob'),
    );
    const bobAsSeenByAlice = (await conversation.getParticipantByIdentity('bob'))!;
    expect(bobAsSeenByAlice.lastReadMessageIndex).toBe(1);
    expect(await bobs.advanceLastReadMessageIndex(0)).toBe(0);
    await bobs.setAllMessagesUnread();
    const restUser = await rest().users('bob').userConversations(conversation.sid).fetch();
    expect(restUser.lastReadMessageIndex).toBeNull();

    // Edits and removal.
    const [first] = (await conversation.getMessages()).items;
    await first.updateBody('hello bob (edited)');
    await until(() => bob.log.args('messageUpdated').length === 1);
    expect((bob.log.args('messageUpdated')[0][0] as { message: Message }).message.body).toBe('hello bob (edited)');
    await first.remove();
    await until(() => bob.log.args('messageRemoved').length === 1);

    await conversation.updateFriendlyName('Room 1 renamed');
    await until(() => bobs.friendlyName === 'Room 1 renamed');

    // A REST message arrives live to both.
    await rest().conversations(conversation.sid).messages.create({ author: 'system', body: 'from REST' });
    await until(() => bob.log.args('messageAdded').some(([m]) => (m as Message).body === 'from REST'));

    // The user, both ways with REST.
    await alice.client.user.updateFriendlyName('Alice A.');
    expect((await rest().users('alice').fetch()).friendlyName).toBe('Alice A.');
    await rest()
      .users('alice')
      .update({ attributes: JSON.stringify({ avatar: 'a.png' }) });
    await until(() => JSON.stringify(alice.client.user.attributes) === JSON.stringify({ avatar: 'a.png' }));

    // Leave and delete.
    await bobs.leave();
    await bob.log.next('conversationLeft');
    await until(() => alice.log.args('participantLeft').length === 1);
    await conversation.delete();
    await alice.log.next('conversationRemoved');
  }, 60_000);

  it('a user whose role may join peeks at a conversation it is not in, then joins it; one that may not is refused', async () => {
    const owner = await rest().conversations.create({ friendlyName: 'Open room' });
    await rest().conversations(owner.sid).participants.create({ identity: 'host' });
    const carol = await connect('carol');
    const peeked = await carol.client.peekConversationBySid(owner.sid);
    expect([peeked.friendlyName, peeked.status]).toEqual(['Open room', 'notParticipating']);
    await peeked.join();
    await carol.log.next('conversationJoined');
    await peeked.sendMessage('hello from carol');
    expect((await rest().conversations(owner.sid).messages.list()).map((m) => m.author)).toEqual(['carol']);

    // A service role without joinConversation: no peeking.
    const role = await rest().roles.create({ friendlyName: 'no joining', type: 'service', permission: ['createConversation'] });
    await rest().users.create({ identity: 'dave', roleSid: role.sid });
    const dave = await connect('dave');
    await expect(dave.client.peekConversationBySid(owner.sid)).rejects.toBeDefined();
  }, 30_000);
});
