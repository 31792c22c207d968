import { errorOf, expectRestError, newAccount, raw, startRouter, type RunningRouter, type TestAccount } from './support';

interface UserConversationBody {
  account_sid: string;
  chat_service_sid: string;
  conversation_sid: string;
  unread_messages_count: number | null;
  last_read_message_index: number | null;
  participant_sid: string;
  user_sid: string;
  friendly_name: string | null;
  conversation_state: string;
  timers: { date_inactive?: string; date_closed?: string };
  attributes: string;
  date_created: string;
  date_updated: string;
  created_by: string | null;
  notification_level: string;
  unique_name: string | null;
  url: string;
  links: { participant: string; conversation: string };
}

interface ConversationsPage {
  conversations: UserConversationBody[];
  meta: { page: number; page_size: number; url: string; next_page_url: string | null; key: string };
}

describe('/v1/Users/{UserSid}/Conversations (e2e)', () => {
  let router: RunningRouter;
  let a: TestAccount;
  let b: TestAccount;

  beforeAll(async () => {
    router = await startRouter();
    a = await newAccount(router, 'user conversations A');
    b = await newAccount(router, 'user conversations B');
  });

  afterAll(async () => {
    await router?.close();
  });

  const auth = (account: TestAccount): [string, string] => [account.sid, account.authToken];

  /** A conversation with `identity` in it and `messages` messages (in the default service, or the given one). */
  async function conversationWith(
    account: TestAccount,
    identity: string,
    options: { uniqueName?: string; messages?: number; serviceSid?: string } = {},
  ) {
    const v1 = account.client.conversations.v1;
    const fields = { uniqueName: options.uniqueName, friendlyName: `with ${identity}`, attributes: '{"topic":"billing"}' };
    const conversation = options.serviceSid
      ? await v1.services(options.serviceSid).conversations.create(fields)
      : await v1.conversations.create(fields);
    const serviceSid = options.serviceSid;
    const participant = serviceSid
      ? await v1.services(serviceSid).conversations(conversation.sid).participants.create({ identity })
      : await v1.conversations(conversation.sid).participants.create({ identity });
    const messages: { sid: string; index: number }[] = [];
    for (let i = 0; i < (options.messages ?? 0); i++) {
      const message = { author: 'agent', body: `m${i}` };
      messages.push(
        serviceSid
          ? await v1.services(serviceSid).conversations(conversation.sid).messages.create(message)
          : await v1.conversations(conversation.sid).messages.create(message),
      );
    }
    return { conversation, participant: { sid: participant.sid }, messages };
  }

  it('lists nothing for a user in no conversation', async () => {
    const user = await a.client.conversations.v1.users.create({ identity: 'lonely' });
    const res = await raw(router, { path: `/v1/Users/${user.sid}/Conversations`, auth: auth(a) });
    expect(res.json).toEqual({
      conversations: [],
      meta: {
        page: 0,
        page_size: 50,
        first_page_url: `${router.baseUrl}/v1/Users/${user.sid}/Conversations?PageSize=50&Page=0`,
        previous_page_url: null,
        url: `${router.baseUrl}/v1/Users/${user.sid}/Conversations?PageSize=50&Page=0`,
        next_page_url: null,
        key: 'conversations',
      },
    });
  });

  it('fetches a user conversation with every field of the example', async () => {
    const { conversation, participant } = await conversationWith(a, 'dana', { uniqueName: 'dana-billing', messages: 2 });
    const user = await a.client.conversations.v1.users('dana').fetch();
    const res = await raw(router, { path: `/v1/Users/${user.sid}/Conversations/${conversation.sid}`, auth: auth(a) });
    expect(res.status).toBe(200);
    const conversationUrl = `${router.baseUrl}/v1/Conversations/${conversation.sid}`;
    expect(res.json).toEqual({
      account_sid: a.sid,
      chat_service_sid: conversation.chatServiceSid,
      conversation_sid: conversation.sid,
      unread_messages_count: null,
      last_read_message_index: null,
      participant_sid: participant.sid,
      user_sid: user.sid,
      friendly_name: 'with dana',
      conversation_state: 'active',
      timers: {},
      attributes: '{"topic":"billing"}',
      date_created: conversation.dateCreated.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      date_updated: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      created_by: null,
      notification_level: 'default',
      unique_name: 'dana-billing',
      url: `${router.baseUrl}/v1/Users/${user.sid}/Conversations/${conversation.sid}`,
      links: { participant: `${conversationUrl}/Participants/${participant.sid}`, conversation: conversationUrl },
    });

    // The user by identity, the conversation by unique name, through the official client.
    const fetched = await a.client.conversations.v1.users('dana').userConversations('dana-billing').fetch();
    expect(fetched).toMatchObject({
      conversationSid: conversation.sid,
      participantSid: participant.sid,
      userSid: user.sid,
      uniqueName: 'dana-billing',
    });
  });

  it('the read horizon is the participant’s: unread count, both resources, timestamps', async () => {
    const { conversation, participant, messages } = await conversationWith(a, 'erin', { messages: 5 });
    const userConversation = a.client.conversations.v1.users('erin').userConversations(conversation.sid);

    const updated = await userConversation.update({ lastReadMessageIndex: messages[1].index });
    expect(updated).toMatchObject({ lastReadMessageIndex: messages[1].index, unreadMessagesCount: 3 });
    const asParticipant = await a.client.conversations.v1.conversations(conversation.sid).participants(participant.sid).fetch();
    expect(asParticipant.lastReadMessageIndex).toBe(messages[1].index);
    expect(Date.now() - new Date(asParticipant.lastReadTimestamp).getTime()).toBeLessThan(60_000);

    // Written through the Participant resource, read here.
    await a.client.conversations.v1
      .conversations(conversation.sid)
      .participants(participant.sid)
      .update({ lastReadMessageIndex: messages[4].index });
    expect(await userConversation.fetch()).toMatchObject({ lastReadMessageIndex: messages[4].index, unreadMessagesCount: 0 });

    // Unread counts messages, not index arithmetic: a deleted message is not unread.
    await userConversation.update({ lastReadMessageIndex: messages[0].index, lastReadTimestamp: new Date('2024-05-06T07:08:09Z') });
    await a.client.conversations.v1.conversations(conversation.sid).messages(messages[2].sid).remove();
    expect(await userConversation.fetch()).toMatchObject({ unreadMessagesCount: 3 });
    const participantAfter = await a.client.conversations.v1.conversations(conversation.sid).participants(participant.sid).fetch();
    expect(participantAfter.lastReadTimestamp).toBe('2024-05-06T07:08:09Z');
  });

  it('NotificationLevel is default or muted (any case); anything else is 50210 and changes nothing', async () => {
    const { conversation } = await conversationWith(a, 'frank');
    const path = `/v1/Users/frank/Conversations/${conversation.sid}`;
    const muted = await a.client.conversations.v1.users('frank').userConversations(conversation.sid).update({ notificationLevel: 'muted' });
    expect(muted.notificationLevel).toBe('muted');
    const back = await raw(router, { path, auth: auth(a), form: [['NotificationLevel', 'DEFAULT']] });
    expect(back.json).toMatchObject({ notification_level: 'default' });

    for (const [form, code] of [
      [[['NotificationLevel', 'loud']], 50210],
      [[['NotificationLevel', '']], 50210],
      [
        [
          ['NotificationLevel', 'muted'],
          ['LastReadMessageIndex', '-1'],
        ],
        50421,
      ],
      [
        [
          ['NotificationLevel', 'muted'],
          ['LastReadMessageIndex', 'two'],
        ],
        50421,
      ],
      [
        [
          ['NotificationLevel', 'muted'],
          ['LastReadTimestamp', 'yesterday'],
        ],
        20001,
      ],
      [
        [
          ['NotificationLevel', 'muted'],
          ['FriendlyName', 'x'],
        ],
        20001,
      ],
    ] as [[string, string][], number][]) {
      const res = await raw(router, { path, auth: auth(a), form });
      expect({ status: res.status, code: errorOf(res).code }).toEqual({ status: 400, code });
    }
    const after = (await raw(router, { path, auth: auth(a) })).json as UserConversationBody;
    expect({ level: after.notification_level, index: after.last_read_message_index }).toEqual({ level: 'default', index: null });
  });

  it('lists the user’s conversations in the order it joined them, over pages of at most 50', async () => {
    const account = await newAccount(router);
    const joined: string[] = [];
    for (let i = 0; i < 3; i++) joined.push((await conversationWith(account, 'gina', { uniqueName: `g${i}` })).conversation.sid);
    await conversationWith(account, 'someone-else');

    const all = await account.client.conversations.v1.users('gina').userConversations.list({ pageSize: 2 });
    expect(all.map((c) => c.conversationSid)).toEqual(joined);
    const page1 = await account.client.conversations.v1.users('gina').userConversations.page({ pageSize: 2 });
    const page2 = await page1.nextPage();
    expect(page2?.instances.map((c) => c.conversationSid)).toEqual(joined.slice(2));
    expect(await page2?.nextPage()).toBeUndefined();

    const capped = (await raw(router, { path: '/v1/Users/gina/Conversations?PageSize=500', auth: auth(account) }))
      .json as ConversationsPage;
    expect(capped.meta.page_size).toBe(50);
    expect(capped.conversations.map((c) => c.conversation_sid)).toEqual(joined);
    expect(capped.meta.url).toBe(`${router.baseUrl}/v1/Users/gina/Conversations?PageSize=50&Page=0`);
  });

  it('serves the service-scoped twin with service URLs', async () => {
    const service = await a.client.conversations.v1.services.create({ friendlyName: 'user conversations twin' });
    const { conversation, participant, messages } = await conversationWith(a, 'hana', { serviceSid: service.sid, messages: 2 });
    const user = await a.client.conversations.v1.services(service.sid).users('hana').fetch();
    const scoped = a.client.conversations.v1.services(service.sid).users(user.sid).userConversations;
    const [listed] = await scoped.list();
    const base = `${router.baseUrl}/v1/Services/${service.sid}`;
    expect(listed.toJSON()).toMatchObject({
      chatServiceSid: service.sid,
      conversationSid: conversation.sid,
      participantSid: participant.sid,
      userSid: user.sid,
      url: `${base}/Users/${user.sid}/Conversations/${conversation.sid}`,
      links: {
        participant: `${base}/Conversations/${conversation.sid}/Participants/${participant.sid}`,
        conversation: `${base}/Conversations/${conversation.sid}`,
      },
    });
    const updated = await scoped(conversation.sid).update({ lastReadMessageIndex: messages[0].index, notificationLevel: 'muted' });
    expect(updated).toMatchObject({ unreadMessagesCount: 1, notificationLevel: 'muted' });
    // The default scope does not see the other service's user.
    await expectRestError(a.client.conversations.v1.users(user.sid).userConversations.list(), 404, 20404);
    expect(await scoped(conversation.sid).remove()).toBe(true);
    expect(await scoped.list()).toHaveLength(0);
  });

  it('delete: the user leaves the conversation, which stays', async () => {
    const { conversation, participant } = await conversationWith(a, 'ivan', { uniqueName: 'ivan-leaves' });
    const other = await a.client.conversations.v1.conversations(conversation.sid).participants.create({ identity: 'ivan-peer' });
    const res = await raw(router, { method: 'DELETE', path: '/v1/Users/ivan/Conversations/ivan-leaves', auth: auth(a) });
    expect(res.status).toBe(204);
    await expectRestError(a.client.conversations.v1.conversations(conversation.sid).participants(participant.sid).fetch(), 404, 20404);
    expect((await a.client.conversations.v1.conversations(conversation.sid).participants.list()).map((p) => p.sid)).toEqual([other.sid]);
    await expectRestError(a.client.conversations.v1.users('ivan').userConversations(conversation.sid).fetch(), 404, 20404);
    await expectRestError(a.client.conversations.v1.users('ivan').userConversations(conversation.sid).remove(), 404, 20404);
    // The user itself stays.
    expect((await a.client.conversations.v1.users('ivan').fetch()).identity).toBe('ivan');
  });

  it('a conversation the user is not in, an unknown user or conversation: 404', async () => {
    const { conversation } = await conversationWith(a, 'jo');
    await a.client.conversations.v1.users.create({ identity: 'not-in-it' });
    for (const path of [
      `/v1/Users/not-in-it/Conversations/${conversation.sid}`,
      `/v1/Users/nobody/Conversations/${conversation.sid}`,
      '/v1/Users/jo/Conversations/no-such-conversation',
      `/v1/Users/jo/Conversations/CH${'0'.repeat(32)}`,
      '/v1/Users/nobody/Conversations',
    ]) {
      const res = await raw(router, { path, auth: auth(a) });
      expect(errorOf(res)).toMatchObject({ status: 404, code: 20404, message: `The requested resource ${path} was not found` });
    }
    const update = await raw(router, {
      path: `/v1/Users/not-in-it/Conversations/${conversation.sid}`,
      auth: auth(a),
      form: [['NotificationLevel', 'muted']],
    });
    expect(update.status).toBe(404);
  });

  it('another account gets 404 for user conversations, and changes nothing', async () => {
    const { conversation, participant } = await conversationWith(a, 'kim', { uniqueName: 'kim-private' });
    const user = await a.client.conversations.v1.users('kim').fetch();
    for (const userId of [user.sid, 'kim']) {
      await expectRestError(b.client.conversations.v1.users(userId).userConversations.list(), 404, 20404);
      for (const conversationId of [conversation.sid, 'kim-private']) {
        const target = b.client.conversations.v1.users(userId).userConversations(conversationId);
        await expectRestError(target.fetch(), 404, 20404);
        await expectRestError(target.update({ notificationLevel: 'muted', lastReadMessageIndex: 3 }), 404, 20404);
        await expectRestError(target.remove(), 404, 20404);
      }
    }
    const mine = await a.client.conversations.v1.users('kim').userConversations(conversation.sid).fetch();
    expect(mine).toMatchObject({ participantSid: participant.sid, notificationLevel: 'default', lastReadMessageIndex: null });
  });
});
