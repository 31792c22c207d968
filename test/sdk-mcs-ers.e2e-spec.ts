import { Client, type Conversation, type Message, type User } from '@twilio/conversations';
import { startFakeCarrier, startRouter, type FakeCarrier, type RunningRouter, eventually } from './support';
import { newChatTenant, until, type ChatTenant, sdkClient } from './support/realtime';

const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(1500, 5)]);

/**
 * The official Conversations Client with the three parts around chat: media through MCS (to other
 * SDK users and to an SMS phone), push registrations through ERS, and reachability (isOnline).
 */
describe('The Conversations SDK between two users: MCS media, ERS push registrations, reachability (e2e)', () => {
  let router: RunningRouter;
  let carrier: FakeCarrier;
  let tenant: ChatTenant;
  const clients: Client[] = [];

  beforeAll(async () => {
    carrier = await startFakeCarrier();
    router = await startRouter({ role: 'all', env: { CHANNEL_PROVIDER: 'twilio', TWILIO_API_URL: carrier.url } });
    tenant = await newChatTenant(router);
    await rest().configuration().update({ reachabilityEnabled: true });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.shutdown().catch(() => undefined)));
    await router?.close();
    await carrier?.close();
  });

  const rest = () => tenant.account.client.conversations.v1.services(tenant.serviceSid);

  async function connect(identity: string) {
    const connected = await sdkClient(router, tenant, identity, ['messageAdded', 'conversationJoined', 'userUpdated']);
    clients.push(connected.client);
    return connected;
  }

  /** A conversation with chat users (and an SMS phone) made through REST, as a backend does. */
  async function conversationOf(identities: string[], phone?: string): Promise<string> {
    const created = await rest().conversations.create({});
    for (const identity of identities) await rest().conversations(created.sid).participants.create({ identity });
    if (phone) {
      await rest()
        .conversations(created.sid)
        .participants.create({ 'messagingBinding.address': phone, 'messagingBinding.proxyAddress': '+15558200000' });
    }
    return created.sid;
  }

  it('sends a picture: the other SDK user reads its bytes from a temporary URL, the phone gets a MediaUrl', async () => {
    const alice = await connect('pic-alice');
    const bob = await connect('pic-bob');
    const sid = await conversationOf(['pic-alice', 'pic-bob'], '+15558200001');
    await until(() => alice.log.args('conversationJoined').some(([c]) => (c as Conversation).sid === sid), 10_000);
    const conversation = (await alice.client.getConversationBySid(sid)) as Conversation;

    await conversation
      .prepareMessage()
      .setBody('look')
      .addMedia({ contentType: 'image/png', filename: 'cat.png', media: png })
      .build()
      .send();

    await until(() => bob.log.args('messageAdded').some(([m]) => (m as Message).conversation.sid === sid), 10_000);
    const received = bob.log
      .args('messageAdded')
      .map(([m]) => m as Message)
      .find((m) => m.conversation.sid === sid)!;
    expect(received.type).toBe('media');
    const [media] = received.attachedMedia ?? [];
    expect(media).toMatchObject({ contentType: 'image/png', filename: 'cat.png', size: png.length, category: 'media' });
    const url = await media.getContentTemporaryUrl();
    const bytes = Buffer.from(await (await fetch(url!)).arrayBuffer());
    expect(bytes.equals(png)).toBe(true);
    // MediaSet: the message's temporary URLs in one call.
    const urls = await received.getTemporaryContentUrlsForAttachedMedia();
    expect([...urls.keys()]).toEqual([media.sid]);
    expect((await fetch(urls.get(media.sid)!)).status).toBe(200);

    const [sent] = await carrier.waitForAccepted((s) => s.to === '+15558200001');
    expect(sent.body).toBe('look');
    expect(sent.mediaUrls).toHaveLength(1);
    expect(Buffer.from(await (await fetch(sent.mediaUrls[0])).arrayBuffer()).equals(png)).toBe(true);
  });

  it('registers and removes a push registration (ERS): a Binding of the identity', async () => {
    const { client } = await connect('push-carol');
    const bindings = () => rest().bindings.list({ identity: ['push-carol'] });
    await client.setPushRegistrationId('fcm', 'carol-fcm-token');
    const listed = await eventually(bindings, (b) => b.length === 1);
    expect(listed.map((b) => [b.bindingType, b.identity])).toEqual([['fcm', 'push-carol']]);
    expect((await rest().users('push-carol').fetch()).isNotifiable).toBe(true);
    await client.removePushRegistrations('fcm', 'carol-fcm-token');
    expect(await eventually(bindings, (b) => b.length === 0)).toEqual([]);
    expect((await rest().users('push-carol').fetch()).isNotifiable).toBe(false);
  });

  it('shows another user online while they are connected, and offline live when they leave', async () => {
    const dan = await connect('seen-dan');
    const erin = await connect('seen-erin');
    await conversationOf(['seen-dan', 'seen-erin']);
    // Erin's Client loads the conversation it joined in the background; shutting it down in the middle
    // of that rejects its own requests inside the SDK, unhandled (as in sdk-channels).
    await erin.log.next('conversationJoined');
    expect(dan.client.user.isOnline).toBe(true);
    const erinSeenByDan = (await dan.client.getUser('seen-erin')) as User;
    expect(erinSeenByDan.isOnline).toBe(true);

    const offline = new Promise<string[]>((resolve) =>
      erinSeenByDan.on('updated', ({ updateReasons }: { updateReasons: string[] }) => {
        if (!erinSeenByDan.isOnline) resolve(updateReasons);
      }),
    );
    await erin.client.shutdown();
    clients.splice(clients.indexOf(erin.client), 1);
    expect(await offline).toContain('reachabilityOnline');
    expect(erinSeenByDan.isOnline).toBe(false);
    expect((await rest().users('seen-erin').fetch()).isOnline).toBe(false);
  });
});
