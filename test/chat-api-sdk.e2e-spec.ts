import { Client, type Conversation, type Message } from '@twilio/conversations';
import { startRouter, uniqueNumber, type RunningRouter } from './support';
import { newChatTenant, until, type ChatTenant, sdkClient } from './support/realtime';

const CLIENT_EVENTS = [
  'conversationJoined',
  'conversationLeft',
  'messageAdded',
  'participantJoined',
  'participantLeft',
  'participantUpdated',
];

/** What the SDK rejects with for an AIM error (docs/sdk-wire.md 2.3): the message is http_status.status, the code is in the body. */
interface UpstreamError {
  message: string;
  status: number;
  body: { code: number; status: number; message: string };
}

/** Polls `read` every 50 ms until it gives `expected` (10 s at most). */
async function eventually<T>(read: () => Promise<T>, expected: T): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await read()) !== expected) {
    if (Date.now() > deadline) throw new Error(`still not ${String(expected)} after 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function rejection(call: Promise<unknown>): Promise<UpstreamError> {
  try {
    await call;
  } catch (err) {
    return err as UpstreamError;
  }
  throw new Error('expected the SDK call to fail');
}

/**
 * The AIM API through the official `@twilio/conversations` 3.0.1 Client, unmodified: the calls of
 * the catalogue that the two-user chat test (sdk-conversations.e2e-spec.ts) does not make, and the
 * errors as an app sees them.
 */
describe('AIM through the Conversations SDK (e2e)', () => {
  let router: RunningRouter;
  const clients: Client[] = [];

  beforeAll(async () => {
    router = await startRouter({ role: 'all' });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.shutdown().catch(() => undefined)));
    await router?.close();
  });

  async function connect(tenant: ChatTenant, identity: string) {
    const connected = await sdkClient(router, tenant, identity, CLIENT_EVENTS);
    clients.push(connected.client);
    return connected;
  }

  const rest = (tenant: ChatTenant) => tenant.account.client.conversations.v1.services(tenant.serviceSid);
  const roleSid = async (tenant: ChatTenant, name: string) => (await rest(tenant).roles.list()).find((r) => r.friendlyName === name)!.sid;

  it('errors reach the app with Twilio message, status and code; roles changed through REST apply at once', async () => {
    const tenant = await newChatTenant(router);
    const alice = await connect(tenant, 'alice');
    const bob = await connect(tenant, 'bob');

    const conversation = await alice.client.createConversation({ uniqueName: 'unique-room' });
    const duplicate = await rejection(alice.client.createConversation({ uniqueName: 'unique-room' }));
    expect(duplicate).toMatchObject({
      message: 'Conversation with provided unique name already exists: unique-room',
      status: 409,
      body: { code: 50353, status: 409 },
    });

    await conversation.join();
    await conversation.add('bob');
    await bob.log.next('conversationJoined');
    const bobs = await bob.client.getConversationBySid(conversation.sid);
    await conversation.sendMessage('from alice');
    await until(() => bob.log.args('messageAdded').length === 1);
    const aliceMessage = bob.log.args('messageAdded')[0][0] as Message;

    const edit = await rejection(aliceMessage.updateBody('hijacked'));
    expect(edit).toMatchObject({ status: 403, body: { code: 50107 } });
    expect(edit.message).toMatch(/^User unauthorized to perform action .*editAnyMessage/);
    expect(await rejection(aliceMessage.remove())).toMatchObject({ status: 403, body: { code: 50107 } });
    expect(await rejection(bobs.updateFriendlyName('by bob'))).toMatchObject({ status: 403, body: { code: 50107 } });

    await rest(tenant)
      .roles(await roleSid(tenant, 'channel user'))
      .update({ permission: ['leaveConversation'] });
    expect(await rejection(bobs.sendMessage('muted by role'))).toMatchObject({ status: 403, body: { code: 50107 } });
    expect((await rest(tenant).conversations(conversation.sid).messages.list()).map((m) => m.body)).toEqual(['from alice']);
  }, 60_000);

  it('peeks at a conversation, finds it by unique name, counts, unread count, notification level, participant attributes, leaves', async () => {
    const tenant = await newChatTenant(router);
    const created = await rest(tenant).conversations.create({ friendlyName: 'Lobby', uniqueName: 'lobby' });
    await rest(tenant).conversations(created.sid).participants.create({ identity: 'host' });
    await rest(tenant).conversations(created.sid).participants.create({ identity: 'carol' });
    await rest(tenant).conversations(created.sid).messages.create({ author: 'host', body: 'welcome' });
    const carol = await connect(tenant, 'carol');

    const peeked = await carol.client.peekConversationBySid(created.sid);
    expect(peeked).toMatchObject({ sid: created.sid, friendlyName: 'Lobby', uniqueName: 'lobby', status: 'joined' });
    expect(await peeked.getParticipantsCount()).toBe(2);
    expect(await peeked.getMessagesCount()).toBe(1);

    const byName = await carol.client.getConversationByUniqueName('lobby');
    expect(byName.sid).toBe(created.sid);
    expect(byName.status).toBe('joined');
    await byName.setUserNotificationLevel('muted');
    expect((await rest(tenant).users('carol').userConversations(created.sid).fetch()).notificationLevel).toBe('muted');
    expect(await byName.getUnreadMessagesCount()).toBeNull();
    await byName.updateLastReadMessageIndex(0);
    expect(await byName.getUnreadMessagesCount()).toBe(0);
    await rest(tenant).conversations(created.sid).messages.create({ author: 'host', body: 'more' });
    expect(await byName.getUnreadMessagesCount()).toBe(1);

    const me = (await byName.getParticipantByIdentity('carol'))!;
    await me.updateAttributes({ seat: 4 });
    const restParticipant = (await rest(tenant).conversations(created.sid).participants.list()).find((p) => p.identity === 'carol')!;
    expect(JSON.parse(restParticipant.attributes)).toEqual({ seat: 4 });
    const host = (await byName.getParticipantByIdentity('host'))!;
    expect(await rejection(host.updateAttributes({ seat: 1 }))).toMatchObject({ status: 403, body: { code: 50107 } });
    await byName.leave();
    await carol.log.next('conversationLeft');
    expect((await rest(tenant).conversations(created.sid).participants.list()).map((p) => p.identity)).toEqual(['host']);
  }, 60_000);

  it('sends media (MCS upload, then A15 and A16 with media_sids) and the other participant gets it with its content URL', async () => {
    const tenant = await newChatTenant(router);
    const alice = await connect(tenant, 'alice');
    const bob = await connect(tenant, 'bob');
    const conversation = await alice.client.createConversation({ friendlyName: 'pictures' });
    await conversation.join();
    await conversation.add('bob');
    await bob.log.next('conversationJoined');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

    const first = await conversation.sendMessage({ contentType: 'image/png', media: png, filename: 'cat.png' } as never);
    const second = await conversation
      .prepareMessage()
      .setBody('two')
      .addMedia({ contentType: 'image/png', media: png, filename: 'dog.png' })
      .build()
      .send();
    expect([first, second]).toEqual([0, 1]);
    await until(() => bob.log.args('messageAdded').length === 2);
    const [withMedia, withBody] = bob.log.args('messageAdded').map(([m]) => m as Message);
    expect(withMedia.type).toBe('media');
    expect(withMedia.attachedMedia!.map((m) => [m.filename, m.contentType, m.size])).toEqual([['cat.png', 'image/png', png.length]]);
    expect([withBody.body, withBody.attachedMedia!.map((m) => m.filename)]).toEqual(['two', ['dog.png']]);
    const url = await withMedia.attachedMedia![0].getContentTemporaryUrl();
    expect(Buffer.from(await (await fetch(url!)).arrayBuffer())).toEqual(png);

    const [restFirst] = await rest(tenant).conversations(conversation.sid).messages.list({ limit: 1 });
    expect(restFirst).toMatchObject({ author: 'alice', media: [expect.objectContaining({ filename: 'cat.png' })] });

    await rest(tenant)
      .roles(await roleSid(tenant, 'channel user'))
      .update({ permission: ['sendMessage'] });
    const bobs = await bob.client.getConversationBySid(conversation.sid);
    expect(await rejection(bobs.sendMessage({ contentType: 'image/png', media: png, filename: 'no.png' } as never))).toMatchObject({
      status: 403,
      body: { code: 50107 },
    });
  }, 60_000);

  it('non-chat participants, detailed receipts, recipients, content templates, another user', async () => {
    const tenant = await newChatTenant(router);
    const alice = await connect(tenant, 'alice');
    await connect(tenant, 'bob');
    await rest(tenant).users('bob').update({ friendlyName: 'Bob B.' });

    const conversation: Conversation = await alice.client.createConversation({ friendlyName: 'sms room' });
    await conversation.join();
    await alice.log.next('conversationJoined');
    const proxy = uniqueNumber();
    const sms = await conversation.addNonChatParticipant(proxy, '+15557770001', { source: 'sdk' });
    expect(sms).toMatchObject({
      conversation_sid: conversation.sid,
      identity: null,
      messaging_binding: { type: 'sms', address: '+15557770001', proxy_address: proxy },
    });
    const index = await conversation.sendMessage('to the phone');
    await until(() => alice.log.args('messageAdded').length === 1);
    const message = alice.log.args('messageAdded')[0][0] as Message;
    expect(message.index).toBe(index);

    const receipts = await message.getDetailedDeliveryReceipts();
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ messageSid: message.sid, conversationSid: conversation.sid, participantSid: sms.sid });
    expect(await message.getMessageRecipients()).toEqual([]);
    expect(await alice.client.getContentTemplates()).toEqual([]);

    // The simulator carrier delivers it (and its status callbacks are over before the router closes).
    await eventually(
      async () => (await rest(tenant).conversations(conversation.sid).messages(message.sid).deliveryReceipts.list())[0].status,
      'delivered',
    );
    const delivered = await message.getDetailedDeliveryReceipts();
    expect(delivered[0]).toMatchObject({ status: 'delivered', errorCode: 0 });

    const bob = await alice.client.getUser('bob');
    expect([bob.identity, bob.friendlyName]).toEqual(['bob', 'Bob B.']);
    await conversation.removeParticipant(sms.sid as string);
    await until(() => alice.log.args('participantLeft').length === 1);
    expect((await rest(tenant).conversations(conversation.sid).participants.list()).map((p) => p.identity)).toEqual(['alice']);
  }, 60_000);
});
