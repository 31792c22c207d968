import type { TwilsockClient } from 'twilsock';
import { startRouter, type RunningRouter } from './support';
import { EventLog, newChatTenant, TWILSOCK_EVENTS, twilsockClient, type ChatTenant } from './support/realtime';

const ERS = 'https://ers.us1.twilio.com/v1/registrations';
const JSON_HEADERS = { 'Content-Type': 'application/json' };
const MESSAGE_TYPES = [
  'twilio.conversations.new_message',
  'twilio.conversations.added_to_conversation',
  'twilio.conversations.removed_from_conversation',
  'twilio.ipmsg.typing_indicator',
  'twilio.channel.consumption_update',
];

/** The body the SDK's notifications client posts for `client.setPushRegistrationId(type, token)`. */
const registration = (channelType: 'fcm' | 'apn', token: string) => ({
  endpoint_platform: 'web',
  channel_type: channelType,
  version: channelType === 'fcm' ? '3' : '4',
  message_types: MESSAGE_TYPES,
  data: { registration_id: token },
});

interface BindingWire {
  sid: string;
  identity: string;
  binding_type: string;
  endpoint: string;
  message_types: string[];
  credential_sid: string | null;
}

describe('ERS push registrations through the socket (e2e)', () => {
  let router: RunningRouter;
  let tenant: ChatTenant;
  const open: TwilsockClient[] = [];

  beforeAll(async () => {
    router = await startRouter({ role: 'api' });
    tenant = await newChatTenant(router);
  });

  afterAll(async () => {
    await Promise.all(open.map((c) => c.disconnect()));
    await router?.close();
  });

  /** The official twilsock client, initialised as the given identity. */
  async function connect(identity: string, who: ChatTenant = tenant): Promise<TwilsockClient> {
    const client = twilsockClient(router, who.token({ identity }));
    const log = new EventLog(client, TWILSOCK_EVENTS);
    client.connect();
    await log.next('initialized');
    open.push(client);
    return client;
  }

  const bindings = async (who: ChatTenant = tenant): Promise<BindingWire[]> => {
    const answer = await fetch(`${router.baseUrl}/v1/Services/${who.serviceSid}/Bindings`, {
      headers: { authorization: `Basic ${Buffer.from(`${who.account.sid}:${who.account.authToken}`).toString('base64')}` },
    });
    expect(answer.status).toBe(200);
    return ((await answer.json()) as { bindings: BindingWire[] }).bindings;
  };

  it('registers a device token as a push binding of the identity; the same token again is the same binding', async () => {
    const alice = await connect('alice');
    const created = await alice.post(
      `${ERS}?productId=ip_messaging`,
      JSON_HEADERS,
      registration('fcm', 'fcm-token-alice-1'),
      'ip_messaging',
    );
    expect(created.status.code).toBe(201);
    const id = (created.body as { id: string }).id;
    expect(id).toMatch(/^BS[0-9a-f]{32}$/);

    const again = await alice.post(`${ERS}?productId=ip_messaging`, JSON_HEADERS, registration('fcm', 'fcm-token-alice-1'), 'ip_messaging');
    expect((again.body as { id: string }).id).toBe(id);
    const apn = await alice.post(`${ERS}?productId=ip_messaging`, JSON_HEADERS, registration('apn', 'a1b2c3'), 'ip_messaging');
    const apnId = (apn.body as { id: string }).id;
    expect(apnId).not.toBe(id);

    const listed = await bindings();
    expect(listed.map((b) => b.sid).sort()).toEqual([id, apnId].sort());
    expect(listed.find((b) => b.sid === id)).toMatchObject({
      identity: 'alice',
      binding_type: 'fcm',
      // Twilio's REST names of the pushable types the SDK asked for.
      message_types: ['new_message', 'added_to_conversation', 'removed_from_conversation'],
      credential_sid: null,
      endpoint: expect.any(String),
    });
    expect(listed.find((b) => b.sid === apnId)).toMatchObject({ identity: 'alice', binding_type: 'apn' });
  });

  it('deletes by id and by (binding_type, address): only the identity own registrations', async () => {
    const bob = await connect('bob');
    const mallory = await connect('mallory');
    const post = (client: TwilsockClient, type: 'fcm' | 'apn', token: string) =>
      client.post(`${ERS}?productId=ip_messaging`, JSON_HEADERS, registration(type, token), 'ip_messaging');
    const byId = ((await post(bob, 'fcm', 'fcm-token-bob-1')).body as { id: string }).id;
    const byAddress = ((await post(bob, 'apn', 'bob-apn-token')).body as { id: string }).id;

    // Another identity can neither remove bob's binding by its id nor by its token.
    await expect(mallory.delete(`${ERS}/${byId}?productId=ip_messaging`, JSON_HEADERS, {}, 'ip_messaging')).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      mallory.delete(`${ERS}?productId=ip_messaging`, JSON_HEADERS, { binding_type: 'apn', address: 'bob-apn-token' }, 'ip_messaging'),
    ).rejects.toMatchObject({ status: 404 });
    expect((await bindings()).map((b) => b.sid)).toEqual(expect.arrayContaining([byId, byAddress]));

    // client.unsetPushRegistrationId(type): DELETE /v1/registrations/{id}, body {}.
    const deleted = await bob.delete(`${ERS}/${byId}?productId=ip_messaging`, JSON_HEADERS, {}, 'ip_messaging');
    expect(deleted.status.code).toBe(204);
    // client.removePushRegistrations(type, token): DELETE /v1/registrations with {binding_type, address}.
    const removed = await bob.delete(
      `${ERS}?productId=ip_messaging`,
      JSON_HEADERS,
      { binding_type: 'apn', address: 'bob-apn-token' },
      'ip_messaging',
    );
    expect(removed.status.code).toBe(200);
    const left = (await bindings()).map((b) => b.sid);
    expect(left).not.toContain(byId);
    expect(left).not.toContain(byAddress);
  });

  it('a device token registered by another identity moves to it (the device changed hands)', async () => {
    const before = await connect('ann');
    const after = await connect('ned');
    const post = (client: TwilsockClient) =>
      client.post(`${ERS}?productId=ip_messaging`, JSON_HEADERS, registration('fcm', 'shared-device'), 'ip_messaging');
    const id = ((await post(before)).body as { id: string }).id;
    expect(((await post(after)).body as { id: string }).id).toBe(id);
    expect((await bindings()).filter((b) => b.sid === id).map((b) => b.identity)).toEqual(['ned']);
    // ann's deregistration no longer reaches it.
    await expect(before.delete(`${ERS}/${id}?productId=ip_messaging`, JSON_HEADERS, {}, 'ip_messaging')).rejects.toMatchObject({
      status: 404,
    });
  });

  it('refuses malformed registrations with 400 and Twilio bodies', async () => {
    const alice = await connect('alice');
    for (const body of [
      { ...registration('fcm', 'x'), channel_type: 'sms' },
      { ...registration('fcm', 'x'), data: {} },
      { ...registration('fcm', 'x'), message_types: 'all' },
    ]) {
      await expect(alice.post(`${ERS}?productId=ip_messaging`, JSON_HEADERS, body, 'ip_messaging')).rejects.toMatchObject({
        status: 400,
        body: { code: 20001, status: 400 },
      });
    }
  });

  it('keeps accounts apart: a registration shows only in the session service', async () => {
    const other = await newChatTenant(router);
    const carol = await connect('carol', other);
    const id = (
      (await carol.post(`${ERS}?productId=ip_messaging`, JSON_HEADERS, registration('fcm', 'carol-fcm'), 'ip_messaging')).body as {
        id: string;
      }
    ).id;
    expect((await bindings(other)).map((b) => b.sid)).toEqual([id]);
    expect((await bindings()).map((b) => b.sid)).not.toContain(id);
  });
});
