import { randomUUID } from 'node:crypto';
import type { TwilsockClient } from 'twilsock';
import { conversationSyncSids, userSyncSids } from '../src/events/sync-sids';
import { startRouter, startWebhookReceiver, uniqueNumber, type RunningRouter, type WebhookReceiver } from './support';
import { EventLog, newChatTenant, twilsockClient, TWILSOCK_EVENTS, type ChatTenant } from './support/realtime';

const AIM = 'https://aim.us1.twilio.com/Client/v2';
const phone = (i: number) => `+1555${String(7_000_000 + i).padStart(7, '0')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A JSON object as the AIM API answers it (the SDK reads fields by name). */
type Json = Record<string, unknown>;

/** An AIM answer as the SDK sees it: `message` is `http_status.status`, which becomes `error.message` for errors. */
interface Answer {
  status: number;
  message: string;
  body: Json;
}

interface Links {
  my_conversations: string;
  conversations: string;
  users: string;
  typing: string;
  messages_receipts: string;
  media_service: string;
  media_set_service: string;
  current_user: string;
}

/** One chat user on the official `twilsock` client, calling AIM as the Conversations SDK does (headers, bodies). */
interface ChatClient {
  identity: string;
  client: TwilsockClient;
  log: EventLog;
  links: Links;
  configuration: Json;
  get(url: string): Promise<Answer>;
  post(url: string, body: Json): Promise<Answer>;
  del(url: string): Promise<Answer>;
}

async function answer(call: Promise<{ status: { code: number; status: string }; body: unknown }>): Promise<Answer> {
  try {
    const reply = await call;
    return { status: reply.status.code, message: reply.status.status, body: reply.body as Json };
  } catch (err) {
    const upstream = err as { status?: number; message: string; body?: unknown };
    if (typeof upstream.status !== 'number') throw err;
    return { status: upstream.status, message: upstream.message, body: upstream.body as Json };
  }
}

describe('AIM Client/v2 through Twilsock, with the official twilsock and twilio clients (e2e)', () => {
  let router: RunningRouter;
  let receiver: WebhookReceiver;
  const open: TwilsockClient[] = [];

  beforeAll(async () => {
    router = await startRouter();
    receiver = await startWebhookReceiver();
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((client) => client.disconnect()));
  });

  afterAll(async () => {
    await receiver?.close();
    await router?.close();
  });

  async function connect(tenant: ChatTenant, identity: string): Promise<ChatClient> {
    const client = twilsockClient(router, tenant.token({ identity }));
    const log = new EventLog(client, TWILSOCK_EVENTS);
    open.push(client);
    client.connect();
    await log.next('initialized');
    const mutation = () => ({ 'Content-Type': 'application/json; charset=utf-8', 'X-Twilio-Mutation-Id': randomUUID() });
    const get = (url: string) => answer(client.get(url, {}));
    const configuration = await get(`${AIM}/Configuration`);
    expect(configuration.status).toBe(200);
    return {
      identity,
      client,
      log,
      links: configuration.body.links as Links,
      configuration: configuration.body,
      get,
      post: (url, body) => answer(client.post(url, mutation(), body)),
      del: (url) => answer(client.delete(url, mutation(), {})),
    };
  }

  const conversationUrl = (c: ChatClient, sid: string) => `${c.links.conversations}/${sid}`;
  const participantsUrl = (c: ChatClient, sid: string) => `${conversationUrl(c, sid)}/Participants`;
  const messagesUrl = (c: ChatClient, sid: string) => `${conversationUrl(c, sid)}/Messages`;
  const restService = (tenant: ChatTenant) => tenant.account.client.conversations.v1.services(tenant.serviceSid);

  /** Waits for the simulator carrier to deliver a message to every phone, so that no status callback is in flight at the end. */
  async function delivered(tenant: ChatTenant, conversationSid: string, messageSid: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const receipts = await restService(tenant).conversations(conversationSid).messages(messageSid).deliveryReceipts.list();
      if (receipts.every((r) => r.status === 'delivered')) return;
      if (Date.now() > deadline) throw new Error(`not delivered after 10 s: ${receipts.map((r) => r.status).join(', ')}`);
      await sleep(50);
    }
  }

  /** A conversation created through REST with chat participants. */
  async function conversationWith(tenant: ChatTenant, identities: string[], fields: { uniqueName?: string } = {}) {
    const conversation = await restService(tenant).conversations.create({ friendlyName: 'room', ...fields });
    for (const identity of identities) await restService(tenant).conversations(conversation.sid).participants.create({ identity });
    return conversation;
  }

  async function roleSid(tenant: ChatTenant, friendlyName: string): Promise<string> {
    const roles = await restService(tenant).roles.list();
    return roles.find((r) => r.friendlyName === friendlyName)!.sid;
  }

  function expectDenied(result: Answer, status: number, code: number) {
    expect(result.status).toBe(status);
    expect(result.body).toMatchObject({ status, code });
    // The SDK makes http_status.status the app's error.message: Twilio's message, not a reason phrase.
    expect(result.message).toBe(result.body.message);
  }

  describe('A1 Configuration', () => {
    it('gives the identity, the Sync objects of its user, absolute links on the request host, and the options the SDK requires', async () => {
      const tenant = await newChatTenant(router);
      const alice = await connect(tenant, 'alice');
      const user = await restService(tenant).users('alice').fetch();
      const service = `${AIM}/Services/${tenant.serviceSid}`;

      expect(alice.configuration).toMatchObject({
        identity: 'alice',
        url: `${AIM}/Configuration`,
        sync_objects: { my_conversations: userSyncSids(user.sid).conversations, my_user_info: userSyncSids(user.sid).info },
        links: {
          my_conversations: `${service}/Users/alice/Conversations`,
          conversations: `${service}/Conversations`,
          users: `${service}/Users`,
          current_user: `${service}/Users/alice`,
          typing: `${service}/Typing`,
          media_service: `${router.baseUrl}/v1/Services/${tenant.serviceSid}/Media`,
          media_set_service: `${router.baseUrl}/v1/Services/${tenant.serviceSid}/MediaSet`,
          messages_receipts: `${service}/Conversations/%s/Messages/%s/Receipts`,
        },
        options: {
          reachability_enabled: false,
          http_cache_interval: 'PT0S',
          consumption_report_interval: 'PT5S',
          user_infos_to_subscribe: 100,
          media_attachments_count_limit: 10,
          email_histories_allowed_mime_types: ['text/html'],
          email_bodies_allowed_mime_types: ['text/plain', 'text/html'],
        },
      });

      await restService(tenant).configuration().update({ reachabilityEnabled: true });
      const again = await alice.get(`${AIM}/Configuration`);
      expect((again.body.options as Json).reachability_enabled).toBe(true);
    });

    it('answers a path nobody serves with 404 (20404) and another method with 405, with the message in http_status.status', async () => {
      const alice = await connect(await newChatTenant(router), 'alice');
      expectDenied(await alice.get(`${AIM}/Nothing/Here`), 404, 20404);
      expectDenied(await alice.post(`${AIM}/Configuration`, {}), 405, 20004);
      // GET of the conversations link is served (the Chat SDK's public channels: docs/chat-sdk-wire.md); DELETE is not.
      expectDenied(await alice.del(alice.links.conversations), 405, 20004);
    });
  });

  describe('conversations (A3-A7, A24, A25)', () => {
    it('creates without joining, with created_by; joins as the creator role; updates and deletes, as REST sees it; onConversationAdded has Source SDK', async () => {
      const tenant = await newChatTenant(router);
      await tenant.account.client.conversations.v1.configuration.webhooks().update({
        postWebhookUrl: receiver.url('/aim-conv/post'),
        filters: ['onConversationAdded', 'onMessageAdded'],
        method: 'POST',
      });
      const alice = await connect(tenant, 'alice');

      const created = await alice.post(alice.links.conversations, {
        friendly_name: 'Room',
        unique_name: 'room-1',
        attributes: '{"topic":"x"}',
      });
      expect(created.status).toBe(201);
      const sid = created.body.sid as string;
      const sync = conversationSyncSids(sid);
      expect(created.body).toMatchObject({
        sid: expect.stringMatching(/^CH[0-9a-f]{32}$/),
        friendly_name: 'Room',
        unique_name: 'room-1',
        attributes: '{"topic":"x"}',
        created_by: 'alice',
        status: 'notParticipating',
        url: conversationUrl(alice, sid),
        links: { messages: messagesUrl(alice, sid), participants: participantsUrl(alice, sid) },
        sync_objects: { conversation: sync.document, messages: sync.messages, participants: sync.roster },
      });
      const rest = await restService(tenant).conversations(sid).fetch();
      expect(rest).toMatchObject({ friendlyName: 'Room', uniqueName: 'room-1', attributes: '{"topic":"x"}' });
      expect(await restService(tenant).conversations(sid).participants.list()).toEqual([]);
      const [added] = await receiver.waitFor('/aim-conv/post', (w) => w.params.EventType === 'onConversationAdded');
      expect(added.params).toMatchObject({ ConversationSid: sid, Source: 'SDK', ClientIdentity: 'alice' });

      // A24 before joining: a peek.
      const peek = await alice.get(conversationUrl(alice, sid));
      expect(peek.body).toMatchObject({ sid, status: 'notParticipating', participants_count: 0, messages_count: 0, created_by: 'alice' });

      // A8 join: the creator becomes the service's conversation-creator role (channel admin).
      expect((await alice.post(participantsUrl(alice, sid), { identity: 'alice' })).status).toBe(201);
      const [participant] = await restService(tenant).conversations(sid).participants.list();
      expect(participant).toMatchObject({ identity: 'alice', roleSid: await roleSid(tenant, 'channel admin') });
      const joined = await alice.get(conversationUrl(alice, sid));
      expect(joined.body).toMatchObject({ status: 'joined', participants_count: 1, notification_level: 'default' });
      // A second join is REST's 409.
      expectDenied(await alice.post(participantsUrl(alice, sid), { identity: 'alice' }), 409, 50433);

      // A4-A6.
      expect((await alice.post(conversationUrl(alice, sid), { friendly_name: 'Renamed' })).status).toBe(200);
      expect((await alice.post(conversationUrl(alice, sid), { attributes: '{"topic":"y"}' })).status).toBe(200);
      expect((await alice.post(conversationUrl(alice, sid), { unique_name: '' })).status).toBe(200);
      expect(await restService(tenant).conversations(sid).fetch()).toMatchObject({
        friendlyName: 'Renamed',
        uniqueName: null,
        attributes: '{"topic":"y"}',
      });
      expectDenied(await alice.post(conversationUrl(alice, sid), { attributes: 'not json' }), 400, 50304);
      await restService(tenant).conversations.create({ uniqueName: 'taken' });
      const taken = await alice.post(conversationUrl(alice, sid), { unique_name: 'taken' });
      expectDenied(taken, 409, 50353);
      expect(taken.message).toBe('Conversation with provided unique name already exists: taken');
      expectDenied(await alice.post(conversationUrl(alice, sid), {}), 400, 20161);

      // A7.
      expect((await alice.del(conversationUrl(alice, sid))).status).toBe(204);
      await expect(restService(tenant).conversations(sid).fetch()).rejects.toMatchObject({ status: 404 });
      expectDenied(await alice.get(conversationUrl(alice, sid)), 404, 20404);
    });

    it('needs createConversation, and a conversation role for names, attributes and deletion', async () => {
      const tenant = await newChatTenant(router);
      const conversation = await conversationWith(tenant, ['bob']);
      const bob = await connect(tenant, 'bob');

      // bob is a "channel user": no editConversationName / editConversationAttributes / deleteConversation.
      expectDenied(await bob.post(conversationUrl(bob, conversation.sid), { friendly_name: 'x' }), 403, 50107);
      expectDenied(await bob.post(conversationUrl(bob, conversation.sid), { attributes: '{}' }), 403, 50107);
      expectDenied(await bob.del(conversationUrl(bob, conversation.sid)), 403, 50107);
      expect((await restService(tenant).conversations(conversation.sid).fetch()).friendlyName).toBe('room');

      await restService(tenant)
        .roles(await roleSid(tenant, 'channel user'))
        .update({ permission: ['sendMessage', 'editConversationName'] });
      expect((await bob.post(conversationUrl(bob, conversation.sid), { friendly_name: 'by bob' })).status).toBe(200);
      expect((await restService(tenant).conversations(conversation.sid).fetch()).friendlyName).toBe('by bob');

      await restService(tenant)
        .roles(await roleSid(tenant, 'service user'))
        .update({ permission: ['joinConversation'] });
      const denied = await bob.post(bob.links.conversations, { friendly_name: 'nope' });
      expectDenied(denied, 403, 50107);
      expect(denied.message).toMatch(/^User unauthorized to perform action/);
      expect(await restService(tenant).conversations.list()).toHaveLength(1);
    });
  });

  describe('participants (A8-A13)', () => {
    it('adds chat and non-chat participants, updates attributes, removes by identity and by MB SID, leaves', async () => {
      const tenant = await newChatTenant(router);
      const conversation = await conversationWith(tenant, []);
      const conv = restService(tenant).conversations(conversation.sid);
      // alice is the conversation's admin.
      await conv.participants.create({ identity: 'alice', roleSid: await roleSid(tenant, 'channel admin') });
      const alice = await connect(tenant, 'alice');
      const participants = participantsUrl(alice, conversation.sid);

      const bob = await alice.post(participants, { identity: 'bob', attributes: '{"team":"blue"}' });
      expect(bob.status).toBe(201);
      expect(bob.body).toMatchObject({
        account_sid: tenant.account.sid,
        chat_service_sid: tenant.serviceSid,
        conversation_sid: conversation.sid,
        sid: expect.stringMatching(/^MB[0-9a-f]{32}$/),
        identity: 'bob',
        attributes: '{"team":"blue"}',
        role_sid: await roleSid(tenant, 'channel user'),
        messaging_binding: null,
        url: `${participants}/${bob.body.sid as string}`,
        links: { conversation: conversationUrl(alice, conversation.sid) },
      });
      expect((await restService(tenant).users('bob').userConversations.list()).map((c) => c.conversationSid)).toEqual([conversation.sid]);

      const proxy = uniqueNumber();
      const sms = await alice.post(participants, { attributes: '{}', messaging_binding: { address: phone(1), proxy_address: proxy } });
      expect(sms.status).toBe(201);
      expect(sms.body).toMatchObject({ identity: null, messaging_binding: { type: 'sms', address: phone(1), proxy_address: proxy } });
      expectDenied(await alice.post(participants, { messaging_binding: { address: phone(2), proxy_address: phone(2) } }), 400, 50409);
      expectDenied(await alice.post(participants, { messaging_binding: { address: phone(2) } }), 400, 50412);
      expectDenied(await alice.post(participants, { messaging_binding: { address: phone(1), proxy_address: proxy } }), 409, 50416);
      expectDenied(await alice.post(participants, { attributes: '{}' }), 400, 50204);

      // A13: own attributes, and bob's (channel admin has editAnyParticipantAttributes).
      const mine = (await conv.participants.list()).find((p) => p.identity === 'alice')!;
      expect((await alice.post(`${participants}/${mine.sid}`, { attributes: '{"me":1}' })).status).toBe(200);
      expect((await alice.post(`${participants}/${bob.body.sid as string}`, { attributes: '{"you":2}' })).status).toBe(200);
      expect((await conv.participants(mine.sid).fetch()).attributes).toBe('{"me":1}');
      expect((await conv.participants(bob.body.sid as string).fetch()).attributes).toBe('{"you":2}');

      // A12 by identity and by MB SID; A11 leave.
      expect((await alice.del(`${participants}/bob`)).status).toBe(204);
      expect((await alice.del(`${participants}/${sms.body.sid as string}`)).status).toBe(204);
      expectDenied(await alice.del(`${participants}/nobody`), 404, 20404);
      expect((await alice.del(`${participants}/${encodeURIComponent('alice')}`)).status).toBe(204);
      expect(await conv.participants.list()).toEqual([]);
    });

    it('a channel user may not add, remove others or change their attributes; may leave and change its own', async () => {
      const tenant = await newChatTenant(router);
      const conversation = await conversationWith(tenant, ['alice', 'bob']);
      const conv = restService(tenant).conversations(conversation.sid);
      const bob = await connect(tenant, 'bob');
      const participants = participantsUrl(bob, conversation.sid);
      const alice = (await conv.participants.list()).find((p) => p.identity === 'alice')!;

      expectDenied(await bob.post(participants, { identity: 'carol', attributes: '{}' }), 403, 50107);
      expectDenied(
        await bob.post(participants, { attributes: '{}', messaging_binding: { address: phone(3), proxy_address: uniqueNumber() } }),
        403,
        50107,
      );
      expectDenied(await bob.del(`${participants}/alice`), 403, 50107);
      expectDenied(await bob.del(`${participants}/${alice.sid}`), 403, 50107);
      expectDenied(await bob.post(`${participants}/${alice.sid}`, { attributes: '{"x":1}' }), 403, 50107);
      // Not revealed whether someone is a participant: the permission is checked first.
      expectDenied(await bob.del(`${participants}/nobody`), 403, 50107);
      expect((await bob.post(`${participants}/bob`, { attributes: '{"mine":true}' })).status).toBe(200);
      expect((await bob.del(`${participants}/bob`)).status).toBe(204);
      expect((await conv.participants.list()).map((p) => p.identity)).toEqual(['alice']);
    });
  });

  describe('messages (A14-A19)', () => {
    it('sends as the identity (REST lists it, onMessageAdded has Source SDK), edits and deletes within the roles', async () => {
      const tenant = await newChatTenant(router);
      await tenant.account.client.conversations.v1.configuration.webhooks().update({
        postWebhookUrl: receiver.url('/aim-msg/post'),
        filters: ['onMessageAdded'],
        method: 'POST',
      });
      const conversation = await conversationWith(tenant, ['bob']);
      const conv = restService(tenant).conversations(conversation.sid);
      await conv.participants.create({ identity: 'alice', roleSid: await roleSid(tenant, 'channel admin') });
      const alice = await connect(tenant, 'alice');
      const bob = await connect(tenant, 'bob');
      const messages = messagesUrl(bob, conversation.sid);

      const sent = await bob.post(messages, { body: 'hello from bob', attributes: '{"k":1}', subject: 'hi' });
      expect(sent.status).toBe(201);
      expect(sent.body).toMatchObject({ index: 0, author: 'bob', body: 'hello from bob', attributes: '{"k":1}', subject: 'hi' });
      const [listed] = await conv.messages.list();
      expect(listed).toMatchObject({ sid: sent.body.sid, author: 'bob', body: 'hello from bob', attributes: '{"k":1}', index: 0 });
      const [hook] = await receiver.waitFor('/aim-msg/post', (w) => w.params.MessageSid === sent.body.sid);
      expect(hook.params).toMatchObject({
        EventType: 'onMessageAdded',
        Source: 'SDK',
        ClientIdentity: 'bob',
        Author: 'bob',
        Body: 'hello from bob',
      });

      const fromAlice = await alice.post(messagesUrl(alice, conversation.sid), { body: 'from alice', attributes: '{}' });
      expect(fromAlice.body).toMatchObject({ index: 1, author: 'alice' });
      const aliceMessage = `${messages}/${fromAlice.body.sid as string}`;
      const bobMessage = `${messages}/${sent.body.sid as string}`;

      // Own message: editOwnMessage, editOwnMessageAttributes, deleteOwnMessage (channel user).
      expect((await bob.post(bobMessage, { body: 'edited' })).status).toBe(200);
      expect((await bob.post(bobMessage, { attributes: '{"k":2}' })).status).toBe(200);
      expect(await conv.messages(sent.body.sid as string).fetch()).toMatchObject({ body: 'edited', attributes: '{"k":2}' });
      // Someone else's: the "Any" permissions, which a channel user lacks and a channel admin holds.
      expectDenied(await bob.post(aliceMessage, { body: 'hijacked' }), 403, 50107);
      expectDenied(await bob.post(aliceMessage, { attributes: '{}' }), 403, 50107);
      expectDenied(await bob.del(aliceMessage), 403, 50107);
      expect((await conv.messages(fromAlice.body.sid as string).fetch()).body).toBe('from alice');
      expect((await alice.post(bobMessage, { body: 'moderated' })).status).toBe(200);
      expect((await conv.messages(sent.body.sid as string).fetch()).body).toBe('moderated');

      // Roles changed through REST apply at once.
      await restService(tenant)
        .roles(await roleSid(tenant, 'channel user'))
        .update({ permission: ['leaveConversation'] });
      const refused = await bob.post(messages, { body: 'no longer', attributes: '{}' });
      expectDenied(refused, 403, 50107);
      expect(refused.message).toMatch(/sendMessage/);
      expectDenied(await bob.del(bobMessage), 403, 50107);
      expect((await alice.del(bobMessage)).status).toBe(204);
      expect((await conv.messages.list()).map((m) => m.author)).toEqual(['alice']);

      // Bad input: Twilio's codes.
      expectDenied(await alice.post(messagesUrl(alice, conversation.sid), { body: '', attributes: '{}' }), 400, 50503);
      expectDenied(await alice.post(messagesUrl(alice, conversation.sid), { body: 'x', attributes: '{' }), 400, 50304);
      expectDenied(await alice.post(messagesUrl(alice, conversation.sid), { body: 'x'.repeat(1601) }), 400, 50504);
      expectDenied(await alice.post(messagesUrl(alice, conversation.sid), { media_sids: ['nope'], attributes: '{}' }), 400, 50510);
      expectDenied(await alice.post(`${messages}/IM${'0'.repeat(32)}`, { body: 'x' }), 404, 20404);
      const notAnObject = await answer(alice.client.post(messages, { 'Content-Type': 'application/json' }, '"just a string"'));
      expectDenied(notAnObject, 400, 20001);
    });

    it("attaches the identity's own uploads only", async () => {
      const tenant = await newChatTenant(router);
      const conversation = await conversationWith(tenant, ['alice', 'bob']);
      const alice = await connect(tenant, 'alice');
      const bob = await connect(tenant, 'bob');
      const upload = async (identity: string) => {
        const response = await fetch(`${alice.links.media_service}`, {
          method: 'POST',
          headers: { 'Content-Type': 'image/png', 'X-Twilio-Token': tenant.token({ identity }) },
          body: Buffer.from('png bytes'),
        });
        expect(response.status).toBe(201);
        return ((await response.json()) as { sid: string }).sid;
      };
      const mine = await upload('alice');
      const bobs = await upload('bob');

      expectDenied(await alice.post(messagesUrl(alice, conversation.sid), { media_sids: [bobs], attributes: '{}' }), 404, 50507);
      const sent = await alice.post(messagesUrl(alice, conversation.sid), { media_sids: [mine], attributes: '{}' });
      expect(sent.status).toBe(201);
      expect(sent.body).toMatchObject({ author: 'alice', media: [{ sid: mine, content_type: 'image/png', size: 9, category: 'media' }] });
      const [listed] = await restService(tenant).conversations(conversation.sid).messages.list();
      expect(listed.media).toMatchObject([{ sid: mine }]);
      expect((await bob.post(messagesUrl(bob, conversation.sid), { media_sids: [bobs], body: 'with text', attributes: '{}' })).status).toBe(
        201,
      );
    });
  });

  describe('my conversations (A2, A20-A23)', () => {
    it('read horizon and unread counts agree with REST /Users/{id}/Conversations; notification level; by unique name', async () => {
      const tenant = await newChatTenant(router);
      const conversation = await conversationWith(tenant, ['alice'], { uniqueName: 'general' });
      for (const body of ['one', 'two', 'three'])
        await restService(tenant).conversations(conversation.sid).messages.create({ author: 'x', body });
      const alice = await connect(tenant, 'alice');
      const mine = `${alice.links.my_conversations}/${conversation.sid}`;
      const rest = () => restService(tenant).users('alice').userConversations(conversation.sid).fetch();

      const before = await alice.get(mine);
      expect(before.body).toMatchObject({
        conversation_sid: conversation.sid,
        status: 'joined',
        last_read_message_index: null,
        unread_messages_count: null,
        notification_level: 'default',
        unique_name: 'general',
        friendly_name: 'room',
      });
      const read = await alice.post(mine, { last_read_message_index: 0 });
      expect(read.body).toMatchObject({ last_read_message_index: 0, unread_messages_count: 2 });
      expect(await rest()).toMatchObject({ lastReadMessageIndex: 0, unreadMessagesCount: 2 });
      expect((await alice.get(mine)).body.unread_messages_count).toBe(2);
      expect((await alice.post(mine, { last_read_message_index: 2 })).body.unread_messages_count).toBe(0);
      expect((await alice.post(mine, { last_read_message_index: null })).body).toMatchObject({
        last_read_message_index: null,
        unread_messages_count: null,
      });
      expect(await rest()).toMatchObject({ lastReadMessageIndex: null, unreadMessagesCount: null });
      expectDenied(await alice.post(mine, { last_read_message_index: -1 }), 400, 50421);

      expect((await alice.post(mine, { notification_level: 'muted' })).body.notification_level).toBe('muted');
      expect((await rest()).notificationLevel).toBe('muted');
      expectDenied(await alice.post(mine, { notification_level: 'loud' }), 400, 50210);

      // A23 by unique name.
      const byName = await alice.get(`${alice.links.my_conversations}/general`);
      expect(byName.body).toMatchObject({
        conversation_sid: conversation.sid,
        status: 'joined',
        sync_objects: { conversation: conversationSyncSids(conversation.sid).document },
      });
    });

    it('A2 pages the joined conversations with PageToken until next_token is null', async () => {
      const tenant = await newChatTenant(router);
      const made: string[] = [];
      for (let i = 0; i < 53; i++) {
        const c = await tenant.account.client.conversations.v1.conversationWithParticipants.create({
          friendlyName: `c${i}`,
          participant: [JSON.stringify({ identity: 'pager' })],
        });
        made.push(c.sid);
      }
      await conversationWith(tenant, ['someone-else']);
      const pager = await connect(tenant, 'pager');

      const first = await pager.get(pager.links.my_conversations);
      const items = first.body.conversations as Json[];
      expect(items).toHaveLength(50);
      expect(items[0]).toMatchObject({
        conversation_sid: made[0],
        status: 'joined',
        last_read_message_index: null,
        notification_level: 'default',
        sync_objects: { conversation: conversationSyncSids(made[0]).document },
      });
      const next = (first.body.meta as Json).next_token as string;
      expect(next).toEqual(expect.any(String));
      const second = await pager.get(`${pager.links.my_conversations}?PageToken=${encodeURIComponent(next)}`);
      expect((second.body.meta as Json).next_token).toBeNull();
      const all = [...items, ...(second.body.conversations as Json[])].map((c) => c.conversation_sid);
      expect(all).toEqual(made);
      expectDenied(await pager.get(`${pager.links.my_conversations}?PageToken=garbage`), 400, 20001);
    });
  });

  describe('users (A26-A28)', () => {
    it('updates its own user, not another one (unless the service role allows), and gives any user its user-info map', async () => {
      const tenant = await newChatTenant(router);
      const alice = await connect(tenant, 'alice');
      await connect(tenant, 'bob');
      const bobUser = await restService(tenant).users('bob').fetch();

      expect((await alice.post(alice.links.current_user, { friendly_name: 'Alice A.' })).status).toBe(200);
      expect((await alice.post(alice.links.current_user, { attributes: '{"avatar":"a.png"}' })).status).toBe(200);
      expect(await restService(tenant).users('alice').fetch()).toMatchObject({
        friendlyName: 'Alice A.',
        attributes: '{"avatar":"a.png"}',
      });
      expectDenied(await alice.post(`${alice.links.users}/bob`, { friendly_name: 'Bobby' }), 403, 50107);
      expect((await restService(tenant).users('bob').fetch()).friendlyName).toBeNull();
      expectDenied(await alice.post(alice.links.current_user, { attributes: 'nope' }), 400, 50304);

      await restService(tenant)
        .users('alice')
        .update({ roleSid: await roleSid(tenant, 'service admin') });
      expect((await alice.post(`${alice.links.users}/bob`, { friendly_name: 'Bobby' })).status).toBe(200);
      expect((await restService(tenant).users('bob').fetch()).friendlyName).toBe('Bobby');

      const fetched = await alice.get(`${alice.links.users}/bob`);
      expect(fetched.body).toMatchObject({ identity: 'bob', sync_objects: { user_info_map: userSyncSids(bobUser.sid).info } });
      expectDenied(await alice.get(`${alice.links.users}/nobody`), 404, 20404);
    });
  });

  describe('bad input', () => {
    it('answers every malformed request with a 4xx and a Twilio code, never a 500', async () => {
      const tenant = await newChatTenant(router);
      const conversation = await conversationWith(tenant, ['alice']);
      const alice = await connect(tenant, 'alice');
      const ch = conversationUrl(alice, conversation.sid);
      const mine = `${alice.links.my_conversations}/${conversation.sid}`;
      const forged = `PT${Buffer.from(JSON.stringify(['n', 'not a date', 'MB1'])).toString('base64url')}`;
      const cases: [string, Promise<Answer>][] = [
        ['create: friendly name too long', alice.post(alice.links.conversations, { friendly_name: 'x'.repeat(257) })],
        ['create: unique name like a SID', alice.post(alice.links.conversations, { unique_name: `CH${'a'.repeat(32)}` })],
        ['create: attributes of 17 KB', alice.post(alice.links.conversations, { attributes: JSON.stringify({ a: 'x'.repeat(17_000) }) })],
        ['update: attributes not JSON', alice.post(ch, { attributes: '{"a":' })],
        ['participant: identity too long', alice.post(`${ch}/Participants`, { identity: 'x'.repeat(257) })],
        ['participant: binding not an object', alice.post(`${ch}/Participants`, { messaging_binding: 'sms' })],
        [
          'participant: bad address',
          alice.post(`${ch}/Participants`, { messaging_binding: { address: 'nope', proxy_address: uniqueNumber() } }),
        ],
        ['message: media SIDs not SIDs', alice.post(`${ch}/Messages`, { media_sids: [{}], attributes: '{}' })],
        ['message: unknown media', alice.post(`${ch}/Messages`, { media_sids: [`ME${'0'.repeat(32)}`], attributes: '{}' })],
        ['message: content SID not HX', alice.post(`${ch}/Messages`, { content_sid: 'HXnope', attributes: '{}' })],
        ['message: NUL in body', alice.post(`${ch}/Messages`, { body: 'a\u0000b', attributes: '{}' })],
        ['message: unknown message', alice.del(`${ch}/Messages/IM${'0'.repeat(32)}`)],
        ['read horizon: not a number', alice.post(mine, { last_read_message_index: 'abc' })],
        ['read horizon: a fraction', alice.post(mine, { last_read_message_index: 1.5 })],
        ['my conversations: forged PageToken', alice.get(`${alice.links.my_conversations}?PageToken=${forged}`)],
        ['my conversations: bad percent-encoding', alice.get(`${alice.links.my_conversations}?PageToken=%E0%A4%A`)],
        ['path: NUL', alice.get(`${alice.links.users}/a%00b`)],
        ['path: bad percent-encoding', alice.get(`${alice.links.users}/%E0%A4%A`)],
        [
          'typing: no ChannelSid',
          answer(alice.client.post(alice.links.typing, { 'Content-Type': 'application/x-www-form-urlencoded' }, 'x=1')),
        ],
        ['user: friendly name too long', alice.post(alice.links.current_user, { friendly_name: 'x'.repeat(257) })],
        ['user: nothing to update', alice.post(alice.links.current_user, { unknown: 1 })],
      ];
      const results = await Promise.all(cases.map(async ([name, call]) => ({ name, result: await call })));
      for (const { name, result } of results) {
        expect({ name, status: result.status >= 400 && result.status < 500, code: typeof result.body.code }).toEqual({
          name,
          status: true,
          code: 'number',
        });
        expect(result.message).toBe(result.body.message);
      }
      expect(await restService(tenant).conversations.list()).toHaveLength(1);
      expect(await restService(tenant).conversations(conversation.sid).messages.list()).toEqual([]);
    });
  });

  describe('isolation', () => {
    it('never shows another service, another user list, or a conversation to a non-participant without the right', async () => {
      const tenant = await newChatTenant(router);
      const other = await newChatTenant(router);
      const theirs = await conversationWith(other, ['alice']);
      const ours = await conversationWith(tenant, ['alice']);
      await restService(tenant).conversations(ours.sid).messages.create({ author: 'alice', body: 'secret' });
      const alice = await connect(tenant, 'alice');
      const carol = await connect(tenant, 'carol');

      // Another account's conversation, through our service's links or by naming its service.
      expectDenied(await alice.get(conversationUrl(alice, theirs.sid)), 404, 20404);
      expectDenied(await alice.get(`${AIM}/Services/${other.serviceSid}/Conversations/${theirs.sid}`), 404, 20404);
      expectDenied(await alice.post(`${AIM}/Services/${other.serviceSid}/Conversations/${theirs.sid}/Messages`, { body: 'x' }), 404, 20404);
      expectDenied(await alice.get(`${AIM}/Services/${other.serviceSid}/Users/alice/Conversations`), 404, 20404);
      expect(await restService(other).conversations(theirs.sid).messages.list()).toEqual([]);

      // Another user's list.
      expectDenied(await carol.get(`${carol.links.users}/alice/Conversations`), 403, 50107);
      expectDenied(await carol.get(`${carol.links.users}/alice/Conversations/${ours.sid}`), 403, 50107);
      expectDenied(await carol.post(`${carol.links.users}/alice/Conversations/${ours.sid}`, { last_read_message_index: 0 }), 403, 50107);
      // A conversation carol is not in: not in her list, no messages, receipts or recipients for her.
      expectDenied(await carol.get(`${carol.links.my_conversations}/${ours.sid}`), 404, 20404);
      expect((await carol.get(carol.links.my_conversations)).body.conversations).toEqual([]);
      expectDenied(await carol.post(messagesUrl(carol, ours.sid), { body: 'x', attributes: '{}' }), 403, 50107);
      const [message] = await restService(tenant).conversations(ours.sid).messages.list();
      expectDenied(await carol.get(`${messagesUrl(carol, ours.sid)}/${message.sid}/Receipts`), 403, 50400);
      expectDenied(await carol.get(`${conversationUrl(carol, ours.sid)}/MessageRecipients?MessageSid=${message.sid}`), 403, 50400);
      expectDenied(await carol.post(carol.links.typing, { ChannelSid: ours.sid }), 403, 50400);

      // A24: a peek (metadata and counts) with joinConversation, refused without it.
      const peek = await carol.get(conversationUrl(carol, ours.sid));
      expect(peek.body).toMatchObject({ sid: ours.sid, status: 'notParticipating', messages_count: 1, participants_count: 1 });
      expect(peek.body).not.toHaveProperty('messages');
      await restService(tenant)
        .roles(await roleSid(tenant, 'service user'))
        .update({ permission: ['createConversation'] });
      expectDenied(await carol.get(conversationUrl(carol, ours.sid)), 403, 50107);
      expectDenied(await carol.post(participantsUrl(carol, ours.sid), { identity: 'carol' }), 403, 50107);
      expect((await restService(tenant).conversations(ours.sid).participants.list()).map((p) => p.identity)).toEqual(['alice']);
    });
  });

  describe('typing (A29)', () => {
    it('reaches the other participants on their sockets, never the typist itself (not even another tab), and stops for a removed one', async () => {
      const tenant = await newChatTenant(router);
      const conversation = await conversationWith(tenant, ['alice', 'bob']);
      const alice = await connect(tenant, 'alice');
      const aliceTab = await connect(tenant, 'alice');
      const bob = await connect(tenant, 'bob');
      const typing = () =>
        answer(
          alice.client.post(alice.links.typing, { 'Content-Type': 'application/x-www-form-urlencoded' }, `ChannelSid=${conversation.sid}`),
        );

      const reply = await typing();
      expect(reply).toMatchObject({ status: 200, body: { typing_timeout: 5 } });
      expect(await bob.log.next('message')).toEqual([
        'twilio.ipmsg.typing_indicator',
        { channel_sid: conversation.sid, identity: 'alice', typing_timeout: 5 },
      ]);
      await sleep(300);
      expect(alice.log.args('message')).toEqual([]);
      expect(aliceTab.log.args('message')).toEqual([]);

      const bobParticipant = (await restService(tenant).conversations(conversation.sid).participants.list()).find(
        (p) => p.identity === 'bob',
      )!;
      await restService(tenant).conversations(conversation.sid).participants(bobParticipant.sid).remove();
      expect((await typing()).status).toBe(200);
      await sleep(500);
      expect(bob.log.args('message')).toHaveLength(1);

      expectDenied(
        await answer(alice.client.post(alice.links.typing, { 'Content-Type': 'application/x-www-form-urlencoded' }, 'ChannelSid=')),
        400,
        20001,
      );
      expectDenied(
        await answer(
          alice.client.post(alice.links.typing, { 'Content-Type': 'application/x-www-form-urlencoded' }, `ChannelSid=CH${'0'.repeat(32)}`),
        ),
        404,
        20404,
      );
    });
  });

  describe('typing across API processes', () => {
    let other: RunningRouter;

    beforeAll(async () => {
      other = await startRouter({ role: 'api' });
    });

    afterAll(async () => {
      await other?.close();
    });

    it("reaches a participant connected to another API process, over Redis, and not the typist's session there", async () => {
      const tenant = await newChatTenant(router);
      const conversation = await conversationWith(tenant, ['alice', 'bob']);
      const alice = await connect(tenant, 'alice');
      const onOther = async (identity: string) => {
        const client = twilsockClient(other, tenant.token({ identity }));
        const log = new EventLog(client, TWILSOCK_EVENTS);
        open.push(client);
        client.connect();
        await log.next('initialized');
        return log;
      };
      const bobThere = await onOther('bob');
      const aliceThere = await onOther('alice');

      const reply = await answer(
        alice.client.post(alice.links.typing, { 'Content-Type': 'application/x-www-form-urlencoded' }, `ChannelSid=${conversation.sid}`),
      );
      expect(reply.status).toBe(200);
      expect(await bobThere.next('message')).toEqual([
        'twilio.ipmsg.typing_indicator',
        { channel_sid: conversation.sid, identity: 'alice', typing_timeout: 5 },
      ]);
      await sleep(300);
      expect(aliceThere.args('message')).toEqual([]);
    });
  });

  describe('receipts, recipients, channel metadata, content templates (A30-A34)', () => {
    it('lists the real delivery receipts; recipients, channel metadata and templates are empty as documented', async () => {
      const tenant = await newChatTenant(router);
      const conversation = await conversationWith(tenant, ['alice']);
      const conv = restService(tenant).conversations(conversation.sid);
      const proxy = uniqueNumber();
      const sms = await conv.participants.create({ 'messagingBinding.address': phone(20), 'messagingBinding.proxyAddress': proxy });
      const alice = await connect(tenant, 'alice');
      const sent = await alice.post(messagesUrl(alice, conversation.sid), { body: 'to the phone', attributes: '{}' });
      const messageSid = sent.body.sid as string;

      const receiptsUrl = alice.links.messages_receipts.replace('%s', conversation.sid).replace('%s', messageSid);
      const receipts = await alice.get(receiptsUrl);
      expect(receipts.status).toBe(200);
      expect(receipts.body).toEqual({
        delivery_receipts: [
          expect.objectContaining({
            sid: expect.stringMatching(/^DY[0-9a-f]{32}$/),
            message_sid: messageSid,
            conversation_sid: conversation.sid,
            participant_sid: sms.sid,
            status: expect.any(String),
          }),
        ],
        meta: { previous_token: null, next_token: null },
      });
      const rest = await conv.messages(messageSid).deliveryReceipts.list();
      expect((receipts.body.delivery_receipts as Json[]).map((r) => r.sid)).toEqual(rest.map((r) => r.sid));
      // null, or the carrier's error as a string (the delivery worker may have tried already).
      const errorCode = (receipts.body.delivery_receipts as Json[])[0].error_code;
      expect(errorCode === null || (typeof errorCode === 'string' && /^\d+$/.test(errorCode))).toBe(true);

      const recipients = await alice.get(`${conversationUrl(alice, conversation.sid)}/MessageRecipients?MessageSid=${messageSid}`);
      expect(recipients.body).toEqual({ message_recipients: [], meta: { previous_token: null, next_token: null } });
      const metadata = await alice.get(`${messagesUrl(alice, conversation.sid)}/${messageSid}/ChannelMetadata`);
      expect(metadata.status).toBe(404);
      expect(metadata.body).toMatchObject({ status: 404, code: 50530 });
      const templates = await alice.get(`${AIM}/ContentTemplates?PageSize=100`);
      expect(templates.body).toMatchObject({ templates: [], meta: { next_token: null } });

      await delivered(tenant, conversation.sid, messageSid);
      const after = await alice.get(receiptsUrl);
      expect((after.body.delivery_receipts as Json[])[0]).toMatchObject({ status: 'delivered', error_code: null });
    });

    it('pages receipts with PageToken (25 a page) until next_token is null, as getDetailedDeliveryReceipts follows them', async () => {
      const tenant = await newChatTenant(router);
      const conversation = await conversationWith(tenant, ['alice']);
      const conv = restService(tenant).conversations(conversation.sid);
      const proxy = uniqueNumber();
      for (let i = 0; i < 27; i++) {
        await conv.participants.create({ 'messagingBinding.address': phone(100 + i), 'messagingBinding.proxyAddress': proxy });
      }
      const alice = await connect(tenant, 'alice');
      const sent = await alice.post(messagesUrl(alice, conversation.sid), { body: 'to 27 phones', attributes: '{}' });
      const receiptsUrl = alice.links.messages_receipts.replace('%s', conversation.sid).replace('%s', sent.body.sid as string);

      const first = await alice.get(receiptsUrl);
      expect(first.body.delivery_receipts).toHaveLength(25);
      const next = (first.body.meta as Json).next_token as string;
      expect(next).toEqual(expect.any(String));
      const second = await alice.get(`${receiptsUrl}?PageToken=${encodeURIComponent(next)}`);
      expect(second.body.delivery_receipts).toHaveLength(2);
      expect((second.body.meta as Json).next_token).toBeNull();
      const listed = [...(first.body.delivery_receipts as Json[]), ...(second.body.delivery_receipts as Json[])].map((r) => r.sid);
      const rest = await conv.messages(sent.body.sid as string).deliveryReceipts.list();
      expect(listed).toEqual(rest.map((r) => r.sid));
      await delivered(tenant, conversation.sid, sent.body.sid as string);
    });
  });
});
