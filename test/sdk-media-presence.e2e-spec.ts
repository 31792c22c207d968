import { Client, type Conversation, type Message, type User } from '@twilio/conversations';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRouter, uniqueNumber, type RunningRouter, eventually } from './support';
import { newChatTenant, until, type ChatTenant, sdkClient, textFromPhone, phoneInbox } from './support/realtime';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

/**
 * Media, reachability and push registrations through the official Conversations Client: a picture
 * sent from the SDK is served back by its temporary URL and reaches a phone as carrier media, a
 * picture from a phone shows as an SDK attachment; a user is online while connected; a device token
 * becomes a Binding.
 */
describe('The Conversations SDK: media, reachability, push registrations (e2e)', () => {
  let router: RunningRouter;
  let tenant: ChatTenant;
  let pictures: http.Server;
  let pictureUrl: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    router = await startRouter({ role: 'all' });
    tenant = await newChatTenant(router);
    pictures = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(PNG));
    await new Promise<void>((resolve) => pictures.listen(0, '127.0.0.1', resolve));
    pictureUrl = `http://127.0.0.1:${(pictures.address() as AddressInfo).port}/cat.png`;
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.shutdown().catch(() => undefined)));
    await new Promise((resolve) => pictures.close(resolve));
    await router?.close();
  });

  const rest = () => tenant.account.client.conversations.v1.services(tenant.serviceSid);

  async function connect(identity: string) {
    const connected = await sdkClient(router, tenant, identity, ['messageAdded', 'userUpdated', 'conversationJoined']);
    clients.push(connected.client);
    return connected;
  }

  it('a picture from the SDK: its temporary URL serves the bytes, and a phone gets it as carrier media; a phone picture shows in the SDK', async () => {
    const { client, log } = await connect('photographer');
    const [phone, proxy] = [uniqueNumber(), uniqueNumber()];
    const created = await rest().conversations.create({ friendlyName: 'pictures' });
    await rest().conversations(created.sid).participants.create({ identity: 'photographer' });
    await rest()
      .conversations(created.sid)
      .participants.create({ 'messagingBinding.address': phone, 'messagingBinding.proxyAddress': proxy });
    const conversation = (await client.getConversationBySid(created.sid)) as Conversation;

    await conversation
      .prepareMessage()
      .setBody('look')
      .setAttributes({ album: 1 })
      .addMedia({ contentType: 'image/png', filename: 'red.png', media: PNG })
      .build()
      .send();
    await until(() => log.args('messageAdded').some(([m]) => (m as Message).body === 'look'));
    const sent = log
      .args('messageAdded')
      .map(([m]) => m as Message)
      .find((m) => m.body === 'look')!;
    expect(sent.attributes).toEqual({ album: 1 });
    const [media] = sent.attachedMedia!;
    expect([media.contentType, media.filename, media.size]).toEqual(['image/png', 'red.png', PNG.length]);
    const url = await media.getContentTemporaryUrl();
    const fetched = await fetch(url!);
    expect(Buffer.from(await fetched.arrayBuffer())).toEqual(PNG);

    // The phone received it as carrier media, whose URL serves the same bytes.
    const inbox = await eventually(
      () => phoneInbox(router, phone),
      (messages) => messages.length > 0,
    );
    expect(inbox[0].body).toBe('look');
    expect(Buffer.from(await (await fetch(inbox[0].media_urls[0])).arrayBuffer())).toEqual(PNG);

    // A picture texted in by the phone.
    await textFromPhone(router, phone, proxy, 'mine', pictureUrl);
    await until(() => log.args('messageAdded').some(([m]) => (m as Message).body === 'mine'), 10_000);
    const inbound = log
      .args('messageAdded')
      .map(([m]) => m as Message)
      .find((m) => m.body === 'mine')!;
    expect(inbound.attachedMedia?.map((m) => m.contentType)).toEqual(['image/png']);
    const inboundUrl = await inbound.attachedMedia![0].getContentTemporaryUrl();
    expect(Buffer.from(await (await fetch(inboundUrl!)).arrayBuffer())).toEqual(PNG);
  }, 60_000);

  it('with reachability enabled, a user is online while connected and goes offline when its last client leaves', async () => {
    await rest().configuration().update({ reachabilityEnabled: true });
    const { client: watcher, log } = await connect('watcher');
    const first = await connect('walker');
    const second = await connect('walker');
    const walker = (await watcher.getUser('walker')) as User;
    await until(() => walker.isOnline === true, 5_000);
    expect((await rest().users('walker').fetch()).isOnline).toBe(true);

    await first.client.shutdown();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(walker.isOnline).toBe(true);
    await second.client.shutdown();
    await until(() => walker.isOnline === false, 5_000);
    expect(log.args('userUpdated').some(([e]) => (e as { updateReasons: string[] }).updateReasons.includes('reachabilityOnline'))).toBe(
      true,
    );
    expect((await rest().users('walker').fetch()).isOnline).toBe(false);
  }, 60_000);

  it('a push registration becomes a Binding of the identity', async () => {
    const { client } = await connect('pushy');
    await client.setPushRegistrationId('fcm', 'fcm-device-token-1');
    let bindings: { identity: string; bindingType: string }[] = [];
    for (let i = 0; i < 50 && !bindings.length; i += 1) {
      bindings = await rest().bindings.list({ identity: ['pushy'] });
      if (!bindings.length) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(bindings.map((b) => [b.identity, b.bindingType])).toEqual([['pushy', 'fcm']]);
  }, 30_000);
});
