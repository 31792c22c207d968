import { newSid, SidPrefix } from '../src/common/sid';
import { PrismaService } from '../src/prisma/prisma.service';
import { errorOf, expectRestError, newAccount, raw, startRouter, type RunningRouter, type TestAccount } from './support';

interface CredentialBody {
  sid: string;
  account_sid: string;
  friendly_name: string | null;
  type: string;
  sandbox: string;
  date_created: string;
  date_updated: string;
  url: string;
}

interface BindingBody {
  sid: string;
  identity: string;
  binding_type: string;
}

const CERTIFICATE = '-----BEGIN CERTIFICATE-----\nMIIcertificate-body-4f1c\n-----END CERTIFICATE-----';
const PRIVATE_KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIprivate-key-body-9a7e\n-----END RSA PRIVATE KEY-----';
const API_KEY = 'gcm-api-key-7d3b2c';
const SECRET = '{"type":"service_account","private_key":"fcm-secret-e81f"}';
/** Fragments that must never appear in a response, in any spelling of the field names. */
const SECRET_FRAGMENTS = [
  'certificate-body-4f1c',
  'private-key-body-9a7e',
  'gcm-api-key-7d3b2c',
  'fcm-secret-e81f',
  'certificate',
  'private_key',
  'privatekey',
  'api_key',
  'apikey',
  'secret',
];

const expectNoSecrets = (text: string) => {
  for (const fragment of SECRET_FRAGMENTS) expect(text.toLowerCase()).not.toContain(fragment);
};

describe('Push resources (e2e)', () => {
  let router: RunningRouter;
  let a: TestAccount;
  let b: TestAccount;
  let prisma: PrismaService;

  beforeAll(async () => {
    router = await startRouter();
    prisma = router.app.get(PrismaService);
    a = await newAccount(router, 'push A');
    b = await newAccount(router, 'push B');
  });

  afterAll(async () => {
    await router?.close();
  });

  const auth = (account: TestAccount): [string, string] => [account.sid, account.authToken];
  const defaultServiceOf = async (account: TestAccount) =>
    (await account.client.conversations.v1.configuration().fetch()).defaultChatServiceSid;
  const storedSecrets = async (sid: string) => (await prisma.credential.findUniqueOrThrow({ where: { sid } })).secrets;

  describe('/v1/Credentials', () => {
    it('creates apn, gcm and fcm credentials with the official client; secrets are stored, never shown', async () => {
      const apn = await a.client.conversations.v1.credentials.create({
        type: 'apn',
        friendlyName: 'iOS',
        certificate: CERTIFICATE,
        privateKey: PRIVATE_KEY,
        sandbox: true,
      });
      expect(apn.toJSON()).toEqual({
        sid: expect.stringMatching(/^CR[0-9a-f]{32}$/),
        accountSid: a.sid,
        friendlyName: 'iOS',
        type: 'apn',
        sandbox: 'True',
        dateCreated: expect.any(Date),
        dateUpdated: expect.any(Date),
        url: `${router.baseUrl}/v1/Credentials/${apn.sid}`,
      });
      expect(await storedSecrets(apn.sid)).toEqual({ certificate: CERTIFICATE, privateKey: PRIVATE_KEY });

      const gcm = await a.client.conversations.v1.credentials.create({ type: 'gcm', friendlyName: 'Android (legacy)', apiKey: API_KEY });
      expect(gcm).toMatchObject({ type: 'gcm', sandbox: 'False' });
      expect(await storedSecrets(gcm.sid)).toEqual({ apiKey: API_KEY });

      const fcm = await a.client.conversations.v1.credentials.create({ type: 'fcm', secret: SECRET });
      expect(fcm).toMatchObject({ type: 'fcm', friendlyName: null, sandbox: 'False' });
      expect(await storedSecrets(fcm.sid)).toEqual({ secret: SECRET });
    });

    it('no response carries a secret: raw JSON of create, fetch, update and list', async () => {
      const account = await newAccount(router);
      const created = await raw(router, {
        path: '/v1/Credentials',
        auth: auth(account),
        form: [
          ['Type', 'apn'],
          ['FriendlyName', 'raw'],
          ['Certificate', CERTIFICATE],
          ['PrivateKey', PRIVATE_KEY],
          ['ApiKey', API_KEY],
          ['Secret', SECRET],
        ],
      });
      expect(created.status).toBe(201);
      const body = created.json as CredentialBody;
      expect(Object.keys(body).sort()).toEqual([
        'account_sid',
        'date_created',
        'date_updated',
        'friendly_name',
        'sandbox',
        'sid',
        'type',
        'url',
      ]);
      expectNoSecrets(created.text);

      const fetched = await raw(router, { path: `/v1/Credentials/${body.sid}`, auth: auth(account) });
      expect(fetched.json).toEqual(body);
      expectNoSecrets(fetched.text);

      const updated = await raw(router, {
        path: `/v1/Credentials/${body.sid}`,
        auth: auth(account),
        form: [
          ['Secret', SECRET],
          ['Certificate', CERTIFICATE],
        ],
      });
      expect(updated.status).toBe(200);
      expectNoSecrets(updated.text);

      const list = await raw(router, { path: '/v1/Credentials', auth: auth(account) });
      expect((list.json as { credentials: CredentialBody[] }).credentials.map((c) => c.sid)).toEqual([body.sid]);
      expectNoSecrets(list.text);
    });

    it('updates what is given: friendly name, sandbox, type, and secrets one by one', async () => {
      const created = await a.client.conversations.v1.credentials.create({
        type: 'apn',
        friendlyName: 'before',
        certificate: CERTIFICATE,
        privateKey: PRIVATE_KEY,
      });
      const renamed = await a.client.conversations.v1.credentials(created.sid).update({ friendlyName: 'after', sandbox: true });
      expect(renamed).toMatchObject({ sid: created.sid, friendlyName: 'after', sandbox: 'True', type: 'apn' });
      expect(await storedSecrets(created.sid)).toEqual({ certificate: CERTIFICATE, privateKey: PRIVATE_KEY });

      await a.client.conversations.v1.credentials(created.sid).update({ privateKey: 'rotated-key' });
      expect(await storedSecrets(created.sid)).toEqual({ certificate: CERTIFICATE, privateKey: 'rotated-key' });

      const retyped = await a.client.conversations.v1.credentials(created.sid).update({ type: 'fcm', secret: SECRET });
      expect(retyped.type).toBe('fcm');
      expect(await storedSecrets(created.sid)).toMatchObject({ secret: SECRET });
      expect(retyped.dateUpdated.getTime()).toBeGreaterThanOrEqual(created.dateUpdated.getTime());
    });

    it('deletes a credential; afterwards it is 404', async () => {
      const created = await a.client.conversations.v1.credentials.create({ type: 'fcm', secret: SECRET });
      const res = await raw(router, { method: 'DELETE', path: `/v1/Credentials/${created.sid}`, auth: auth(a) });
      expect(res.status).toBe(204);
      await expectRestError(a.client.conversations.v1.credentials(created.sid).fetch(), 404, 20404);
      await expectRestError(a.client.conversations.v1.credentials(created.sid).remove(), 404, 20404);
      expect(await prisma.credential.count({ where: { sid: created.sid } })).toBe(0);
    });

    it('Type is required and one of apn, gcm, fcm; bad input writes nothing', async () => {
      const account = await newAccount(router);
      for (const form of [
        [['FriendlyName', 'no type']],
        [['Type', 'webpush']],
        [
          ['Type', 'apn'],
          ['Sandbox', 'maybe'],
        ],
        [
          ['Type', 'apn'],
          ['FriendlyName', 'f'.repeat(65)],
        ],
        [
          ['Type', 'apn'],
          ['Certificate', 'a\u0000b'],
        ],
        [
          ['Type', 'apn'],
          ['Unknown', 'x'],
        ],
      ] as [string, string][][]) {
        const res = await raw(router, { path: '/v1/Credentials', auth: auth(account), form });
        expect({ status: res.status, code: errorOf(res).code }).toEqual({ status: 400, code: 20001 });
      }
      expect(await prisma.credential.count({ where: { accountSid: account.sid } })).toBe(0);
      const cased = await raw(router, { path: '/v1/Credentials', auth: auth(account), form: [['Type', 'APN']] });
      expect(cased.json).toMatchObject({ type: 'apn' });
    });

    it('a refused update changes nothing', async () => {
      const created = await a.client.conversations.v1.credentials.create({ type: 'apn', friendlyName: 'kept', certificate: CERTIFICATE });
      for (const form of [
        [
          ['FriendlyName', 'changed'],
          ['Type', 'nope'],
        ],
        [
          ['FriendlyName', 'changed'],
          ['PrivateKey', 'k\u0000'],
        ],
      ] as [string, string][][]) {
        const res = await raw(router, { path: `/v1/Credentials/${created.sid}`, auth: auth(a), form });
        expect(res.status).toBe(400);
      }
      expect((await a.client.conversations.v1.credentials(created.sid).fetch()).toJSON()).toEqual(created.toJSON());
      expect(await storedSecrets(created.sid)).toEqual({ certificate: CERTIFICATE });
    });

    it('pages credentials (at most 100 per page) in creation order', async () => {
      const account = await newAccount(router);
      const made: string[] = [];
      for (let i = 0; i < 3; i++)
        made.push((await account.client.conversations.v1.credentials.create({ type: 'gcm', friendlyName: `c${i}` })).sid);
      expect((await account.client.conversations.v1.credentials.list({ pageSize: 2 })).map((c) => c.sid)).toEqual(made);
      const capped = (await raw(router, { path: '/v1/Credentials?PageSize=1000', auth: auth(account) })).json as {
        meta: { page_size: number; key: string };
      };
      expect(capped.meta).toMatchObject({ page_size: 100, key: 'credentials' });
    });

    it('another account gets 404 for a credential and does not list it', async () => {
      const created = await a.client.conversations.v1.credentials.create({ type: 'apn', friendlyName: 'A only', certificate: CERTIFICATE });
      await expectRestError(b.client.conversations.v1.credentials(created.sid).fetch(), 404, 20404);
      await expectRestError(
        b.client.conversations.v1.credentials(created.sid).update({ friendlyName: 'stolen', certificate: 'mine' }),
        404,
        20404,
      );
      await expectRestError(b.client.conversations.v1.credentials(created.sid).remove(), 404, 20404);
      expect((await b.client.conversations.v1.credentials.list()).map((c) => c.sid)).not.toContain(created.sid);
      expect((await a.client.conversations.v1.credentials(created.sid).fetch()).friendlyName).toBe('A only');
      expect(await storedSecrets(created.sid)).toEqual({ certificate: CERTIFICATE });
    });
  });

  describe('/v1/Services/{IS}/Bindings', () => {
    let account: TestAccount;
    let serviceSid: string;
    let credentialSid: string;
    const made: Record<string, string> = {};

    /**
     * SDKs register bindings; the tests write them as the realtime layer will, a millisecond apart:
     * rows written in the same millisecond would list in SID order, not in the order written here.
     */
    let written = Date.now();
    const insertBinding = async (service: string, accountSid: string, identity: string, bindingType: string, endpoint: string) => {
      const sid = newSid(SidPrefix.PushBinding);
      const dateCreated = new Date(++written);
      await prisma.pushBinding.create({
        data: {
          sid,
          accountSid,
          serviceSid: service,
          credentialSid: bindingType === 'twilsock' ? null : credentialSid,
          endpoint,
          identity,
          bindingType,
          messageTypes: ['new_message', 'added_to_conversation'],
          dateCreated,
          dateUpdated: dateCreated,
        },
      });
      return sid;
    };

    beforeAll(async () => {
      account = await newAccount(router);
      serviceSid = await defaultServiceOf(account);
      credentialSid = (await account.client.conversations.v1.credentials.create({ type: 'fcm', secret: SECRET })).sid;
      made.aliceFcm = await insertBinding(serviceSid, account.sid, 'alice', 'fcm', 'alice-phone');
      made.aliceApn = await insertBinding(serviceSid, account.sid, 'alice', 'apn', 'alice-ipad');
      made.bobFcm = await insertBinding(serviceSid, account.sid, 'bob', 'fcm', 'bob-phone');
      made.bobTwilsock = await insertBinding(serviceSid, account.sid, 'bob', 'twilsock', 'bob-browser');
      made.carolGcm = await insertBinding(serviceSid, account.sid, 'carol', 'gcm', 'carol-phone');
    });

    const list = async (query: string) => {
      const res = await raw(router, { path: `/v1/Services/${serviceSid}/Bindings${query}`, auth: auth(account) });
      expect(res.status).toBe(200);
      return (res.json as { bindings: BindingBody[] }).bindings.map((x) => x.sid);
    };

    it('fetches a binding in the shape of the example', async () => {
      const fetched = await account.client.conversations.v1.services(serviceSid).bindings(made.aliceFcm).fetch();
      expect(fetched.toJSON()).toEqual({
        sid: made.aliceFcm,
        accountSid: account.sid,
        chatServiceSid: serviceSid,
        credentialSid,
        dateCreated: expect.any(Date),
        dateUpdated: expect.any(Date),
        endpoint: 'alice-phone',
        identity: 'alice',
        bindingType: 'fcm',
        messageTypes: ['new_message', 'added_to_conversation'],
        url: `${router.baseUrl}/v1/Services/${serviceSid}/Bindings/${made.aliceFcm}`,
      });
    });

    it('lists all, or filtered by BindingType and Identity (each repeatable, combined with AND)', async () => {
      expect(await list('')).toEqual([made.aliceFcm, made.aliceApn, made.bobFcm, made.bobTwilsock, made.carolGcm]);
      const bindings = account.client.conversations.v1.services(serviceSid).bindings;
      expect((await bindings.list({ bindingType: ['fcm'] })).map((x) => x.sid)).toEqual([made.aliceFcm, made.bobFcm]);
      expect((await bindings.list({ bindingType: ['apn', 'twilsock'] })).map((x) => x.sid)).toEqual([made.aliceApn, made.bobTwilsock]);
      expect((await bindings.list({ identity: ['bob', 'carol'] })).map((x) => x.sid)).toEqual([
        made.bobFcm,
        made.bobTwilsock,
        made.carolGcm,
      ]);
      expect((await bindings.list({ identity: ['alice'], bindingType: ['fcm', 'gcm'] })).map((x) => x.sid)).toEqual([made.aliceFcm]);
      expect(await list('?Identity=nobody')).toEqual([]);
      expect(await list('?BindingType=FCM&Identity=bob')).toEqual([made.bobFcm]);
    });

    it('pages keep the filters in their URLs', async () => {
      const bindings = account.client.conversations.v1.services(serviceSid).bindings;
      expect((await bindings.list({ identity: ['alice', 'bob'], pageSize: 1 })).map((x) => x.sid)).toEqual([
        made.aliceFcm,
        made.aliceApn,
        made.bobFcm,
        made.bobTwilsock,
      ]);
      const res = await raw(router, {
        path: `/v1/Services/${serviceSid}/Bindings?BindingType=fcm&BindingType=apn&PageSize=1`,
        auth: auth(account),
      });
      const meta = (res.json as { meta: { next_page_url: string; url: string; page_size: number } }).meta;
      expect(meta.url).toBe(`${router.baseUrl}/v1/Services/${serviceSid}/Bindings?BindingType=fcm&BindingType=apn&PageSize=1&Page=0`);
      expect(meta.next_page_url).toContain('BindingType=fcm&BindingType=apn&PageSize=1&Page=1&PageToken=PT');
      const capped = (await raw(router, { path: `/v1/Services/${serviceSid}/Bindings?PageSize=500`, auth: auth(account) })).json as {
        meta: { page_size: number };
      };
      expect(capped.meta.page_size).toBe(100);
    });

    it('an unknown BindingType is 50209', async () => {
      const res = await raw(router, { path: `/v1/Services/${serviceSid}/Bindings?BindingType=fcm&BindingType=sms`, auth: auth(account) });
      expect(errorOf(res)).toMatchObject({ status: 400, code: 50209 });
    });

    it('has no create over REST', async () => {
      const res = await raw(router, { path: `/v1/Services/${serviceSid}/Bindings`, auth: auth(account), form: [['Identity', 'x']] });
      expect(res.status).toBe(404);
    });

    it('deletes a binding; then it is 404 and no longer listed', async () => {
      const sid = await insertBinding(serviceSid, account.sid, 'dave', 'apn', 'dave-phone');
      expect(await account.client.conversations.v1.services(serviceSid).bindings(sid).remove()).toBe(true);
      await expectRestError(account.client.conversations.v1.services(serviceSid).bindings(sid).fetch(), 404, 20404);
      await expectRestError(account.client.conversations.v1.services(serviceSid).bindings(sid).remove(), 404, 20404);
      expect(await list('?Identity=dave')).toEqual([]);
    });

    it('a binding of another service, or of another account, is 404', async () => {
      const otherService = await account.client.conversations.v1.services.create({ friendlyName: 'other bindings' });
      const elsewhere = await insertBinding(otherService.sid, account.sid, 'alice', 'fcm', 'alice-elsewhere');
      await expectRestError(account.client.conversations.v1.services(serviceSid).bindings(elsewhere).fetch(), 404, 20404);
      expect(await list('?Identity=alice')).toEqual([made.aliceFcm, made.aliceApn]);

      await expectRestError(b.client.conversations.v1.services(serviceSid).bindings(made.aliceFcm).fetch(), 404, 20404);
      await expectRestError(b.client.conversations.v1.services(serviceSid).bindings(made.aliceFcm).remove(), 404, 20404);
      await expectRestError(b.client.conversations.v1.services(serviceSid).bindings.list(), 404, 20404);
      const bService = await defaultServiceOf(b);
      await expectRestError(b.client.conversations.v1.services(bService).bindings(made.aliceFcm).fetch(), 404, 20404);
      expect(await b.client.conversations.v1.services(bService).bindings.list()).toEqual([]);
      expect((await account.client.conversations.v1.services(serviceSid).bindings(made.aliceFcm).fetch()).identity).toBe('alice');
    });
  });

  describe('/v1/Services/{IS}/Configuration/Notifications', () => {
    it('answers Twilio’s full shape with everything off until set', async () => {
      const account = await newAccount(router);
      const serviceSid = await defaultServiceOf(account);
      const res = await raw(router, { path: `/v1/Services/${serviceSid}/Configuration/Notifications`, auth: auth(account) });
      expect(res.json).toEqual({
        account_sid: account.sid,
        chat_service_sid: serviceSid,
        log_enabled: false,
        new_message: {
          enabled: false,
          template: null,
          sound: null,
          badge_count_enabled: false,
          with_media: { enabled: false, template: null },
        },
        added_to_conversation: { enabled: false, template: null, sound: null },
        removed_from_conversation: { enabled: false, template: null, sound: null },
        url: `${router.baseUrl}/v1/Services/${serviceSid}/Configuration/Notifications`,
      });
    });

    it('updates every field with the official client, and keeps what was not given', async () => {
      const service = await a.client.conversations.v1.services.create({ friendlyName: 'notifications' });
      const notifications = a.client.conversations.v1.services(service.sid).configuration.notifications();
      const updated = await notifications.update({
        logEnabled: true,
        'newMessage.enabled': true,
        'newMessage.template': 'You have a new message in ${CONVERSATION} from ${PARTICIPANT}: ${MESSAGE}',
        'newMessage.sound': 'ring',
        'newMessage.badgeCountEnabled': true,
        'newMessage.withMedia.enabled': true,
        'newMessage.withMedia.template': 'You have a new message in ${CONVERSATION} with ${MEDIA_COUNT} media files: ${MEDIA}',
        'addedToConversation.enabled': true,
        'addedToConversation.template': 'You have been added to a Conversation: ${CONVERSATION}',
        'addedToConversation.sound': 'ring',
        'removedFromConversation.enabled': false,
        'removedFromConversation.template': 'You have been removed from a Conversation: ${CONVERSATION}',
        'removedFromConversation.sound': 'ring',
      });
      const expected = {
        accountSid: a.sid,
        chatServiceSid: service.sid,
        logEnabled: true,
        newMessage: {
          enabled: true,
          template: 'You have a new message in ${CONVERSATION} from ${PARTICIPANT}: ${MESSAGE}',
          sound: 'ring',
          badge_count_enabled: true,
          with_media: { enabled: true, template: 'You have a new message in ${CONVERSATION} with ${MEDIA_COUNT} media files: ${MEDIA}' },
        },
        addedToConversation: { enabled: true, template: 'You have been added to a Conversation: ${CONVERSATION}', sound: 'ring' },
        removedFromConversation: { enabled: false, template: 'You have been removed from a Conversation: ${CONVERSATION}', sound: 'ring' },
        url: `${router.baseUrl}/v1/Services/${service.sid}/Configuration/Notifications`,
      };
      expect(updated.toJSON()).toEqual(expected);
      expect((await notifications.fetch()).toJSON()).toEqual(expected);

      const partial = await notifications.update({ 'newMessage.enabled': false, 'addedToConversation.sound': '' });
      expect(partial.toJSON()).toEqual({
        ...expected,
        newMessage: { ...expected.newMessage, enabled: false },
        addedToConversation: { ...expected.addedToConversation, sound: null },
      });
    });

    it('a refused update changes nothing', async () => {
      const service = await a.client.conversations.v1.services.create({ friendlyName: 'notifications refused' });
      const path = `/v1/Services/${service.sid}/Configuration/Notifications`;
      await raw(router, { path, auth: auth(a), form: [['LogEnabled', 'true']] });
      for (const form of [
        [
          ['NewMessage.Enabled', 'true'],
          ['LogEnabled', 'perhaps'],
        ],
        [
          ['NewMessage.Enabled', 'true'],
          ['NewMessage.Template', 't'.repeat(4097)],
        ],
        [
          ['NewMessage.Enabled', 'true'],
          ['InvitedToConversation.Enabled', 'true'],
        ],
      ] as [string, string][][]) {
        const res = await raw(router, { path, auth: auth(a), form });
        expect({ status: res.status, code: errorOf(res).code }).toEqual({ status: 400, code: 20001 });
      }
      const after = await raw(router, { path, auth: auth(a) });
      expect(after.json).toMatchObject({ log_enabled: true, new_message: { enabled: false } });
    });

    it('another account gets 404 and changes nothing', async () => {
      const serviceSid = await defaultServiceOf(a);
      const before = (await raw(router, { path: `/v1/Services/${serviceSid}/Configuration/Notifications`, auth: auth(a) })).json;
      await expectRestError(b.client.conversations.v1.services(serviceSid).configuration.notifications().fetch(), 404, 20404);
      await expectRestError(
        b.client.conversations.v1.services(serviceSid).configuration.notifications().update({ logEnabled: true }),
        404,
        20404,
      );
      const after = (await raw(router, { path: `/v1/Services/${serviceSid}/Configuration/Notifications`, auth: auth(a) })).json;
      expect(after).toEqual(before);
    });
  });
});
