import { expectRestError, newAccount, raw, startRouter, type RunningRouter, type TestAccount } from './support';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Chat v2 REST through the official client (`client.chat.v2`), over the same tables as Conversations v1. */
describe('Chat v2 REST (e2e)', () => {
  let router: RunningRouter;
  let a: TestAccount;

  beforeAll(async () => {
    router = await startRouter();
    a = await newAccount(router, 'chat v2 A');
  });

  afterAll(async () => {
    await router?.close();
  });

  const newService = (account: TestAccount = a) => account.client.chat.v2.services.create({ friendlyName: 'chat v2 service' });

  describe('services', () => {
    it('creates a service with Chat defaults, and the same IS service is a Conversations service', async () => {
      const service = await newService();
      expect(service.sid).toMatch(/^IS[0-9a-f]{32}$/);
      expect(service).toMatchObject({
        accountSid: a.sid,
        friendlyName: 'chat v2 service',
        readStatusEnabled: true,
        reachabilityEnabled: false,
        typingIndicatorTimeout: 5,
        consumptionReportInterval: 10,
        limits: { channel_members: 1000, user_channels: 1000 },
        preWebhookUrl: null,
        postWebhookUrl: null,
        webhookMethod: 'POST',
        webhookFilters: [],
        preWebhookRetryCount: 0,
        postWebhookRetryCount: 0,
      });
      expect(service.url).toBe(`${router.baseUrl}/v2/Services/${service.sid}`);
      expect(service.links.channels).toBe(`${router.baseUrl}/v2/Services/${service.sid}/Channels`);
      const v1 = await a.client.conversations.v1.services(service.sid).fetch();
      expect(v1.friendlyName).toBe('chat v2 service');
      const configuration = await a.client.conversations.v1.services(service.sid).configuration().fetch();
      expect(service.defaultServiceRoleSid).toBe(configuration.defaultChatServiceRoleSid);
      expect(service.defaultChannelRoleSid).toBe(configuration.defaultConversationRoleSid);
      expect(service.defaultChannelCreatorRoleSid).toBe(configuration.defaultConversationCreatorRoleSid);
    });

    it('updates the Chat settings, webhooks and notifications, and reads them back', async () => {
      const service = await newService();
      const updated = await a.client.chat.v2.services(service.sid).update({
        friendlyName: 'renamed',
        typingIndicatorTimeout: 12,
        consumptionReportInterval: 30,
        readStatusEnabled: false,
        reachabilityEnabled: true,
        preWebhookUrl: 'https://hooks.example.com/pre',
        postWebhookUrl: 'https://hooks.example.com/post',
        webhookMethod: 'GET',
        webhookFilters: ['onMessageSend', 'onMessageSent', 'onChannelAdded'],
        preWebhookRetryCount: 2,
        postWebhookRetryCount: 3,
        'limits.channelMembers': 20,
        'limits.userChannels': 40,
        'media.compatibilityMessage': 'no media here',
        'notifications.newMessage.enabled': true,
        'notifications.newMessage.template': '${USER}: ${MESSAGE}',
        'notifications.invitedToChannel.enabled': true,
      });
      const fetched = await a.client.chat.v2.services(service.sid).fetch();
      for (const s of [updated, fetched]) {
        expect(s).toMatchObject({
          friendlyName: 'renamed',
          typingIndicatorTimeout: 12,
          consumptionReportInterval: 30,
          readStatusEnabled: false,
          reachabilityEnabled: true,
          preWebhookUrl: 'https://hooks.example.com/pre',
          postWebhookUrl: 'https://hooks.example.com/post',
          webhookMethod: 'GET',
          webhookFilters: ['onMessageSend', 'onMessageSent', 'onChannelAdded'],
          preWebhookRetryCount: 2,
          postWebhookRetryCount: 3,
          limits: { channel_members: 20, user_channels: 40 },
          media: { size_limit_mb: 150, compatibility_message: 'no media here' },
        });
        expect(s.notifications).toMatchObject({
          new_message: { enabled: true, template: '${USER}: ${MESSAGE}' },
          invited_to_channel: { enabled: true },
        });
      }
      // Chat v2's webhooks are its own: the Conversations webhook settings of the service are untouched.
      const hooks = await a.client.conversations.v1.services(service.sid).configuration.webhooks().fetch();
      expect(hooks).toMatchObject({ filters: [], method: 'POST', preWebhookUrl: null, postWebhookUrl: null });
    });

    it('refuses bad settings with Chat codes and changes nothing', async () => {
      const service = await newService();
      await expectRestError(a.client.chat.v2.services(service.sid).update({ typingIndicatorTimeout: 0 }), 400, 50053);
      await expectRestError(a.client.chat.v2.services(service.sid).update({ webhookFilters: ['onNothing'] }), 400, 50054);
      await expectRestError(a.client.chat.v2.services(service.sid).update({ preWebhookRetryCount: 9 }), 400, 50065);
      await expectRestError(
        a.client.chat.v2.services(service.sid).update({ defaultServiceRoleSid: 'RL00000000000000000000000000000000' }),
        400,
        50100,
      );
      // All parts or none: a refused role rolls back the name, webhooks and notifications given with it.
      await expectRestError(
        a.client.chat.v2.services(service.sid).update({
          friendlyName: 'half written?',
          postWebhookUrl: 'https://hooks.example.com/post',
          'notifications.newMessage.enabled': true,
          defaultChannelRoleSid: service.defaultServiceRoleSid,
        }),
        400,
        50105,
      );
      const fetched = await a.client.chat.v2.services(service.sid).fetch();
      expect(fetched).toMatchObject({ typingIndicatorTimeout: 5, friendlyName: 'chat v2 service', postWebhookUrl: null });
      expect(fetched.notifications).toMatchObject({ new_message: { enabled: false } });
      expect(fetched.defaultChannelRoleSid).toBe(service.defaultChannelRoleSid);
    });

    it('lists over pages and deletes', async () => {
      const account = await newAccount(router);
      const made = [await newService(account), await newService(account), await newService(account)];
      const listed = await account.client.chat.v2.services.list({ pageSize: 2 });
      for (const s of made) expect(listed.map((x) => x.sid)).toContain(s.sid);
      await account.client.chat.v2.services(made[0].sid).remove();
      await expectRestError(account.client.chat.v2.services(made[0].sid).fetch(), 404, 20404);
      await expectRestError(a.client.chat.v2.services(made[1].sid).fetch(), 404, 20404);
    });
  });

  describe('channels over the conversations table', () => {
    it('a channel created through Chat v2 is the conversation of the same SID in v1', async () => {
      const service = await newService();
      const channel = await a.client.chat.v2.services(service.sid).channels.create({
        friendlyName: 'general',
        uniqueName: 'general',
        attributes: JSON.stringify({ topic: 'all' }),
        type: 'public',
        createdBy: 'alice',
      });
      expect(channel).toMatchObject({
        accountSid: a.sid,
        serviceSid: service.sid,
        friendlyName: 'general',
        uniqueName: 'general',
        attributes: '{"topic":"all"}',
        type: 'public',
        createdBy: 'alice',
        membersCount: 0,
        messagesCount: 0,
      });
      expect(channel.sid).toMatch(/^CH[0-9a-f]{32}$/);
      expect(channel.dateCreated).toBeInstanceOf(Date);
      const conversation = await a.client.conversations.v1.services(service.sid).conversations(channel.sid).fetch();
      expect(conversation).toMatchObject({
        sid: channel.sid,
        friendlyName: 'general',
        uniqueName: 'general',
        attributes: '{"topic":"all"}',
      });
      // Unique names are aliases in both APIs.
      expect((await a.client.chat.v2.services(service.sid).channels('general').fetch()).sid).toBe(channel.sid);
    });

    it('a conversation created through v1 is a private channel in Chat v2', async () => {
      const service = await newService();
      const conversation = await a.client.conversations.v1.services(service.sid).conversations.create({ friendlyName: 'made in v1' });
      const channel = await a.client.chat.v2.services(service.sid).channels(conversation.sid).fetch();
      expect(channel).toMatchObject({ sid: conversation.sid, friendlyName: 'made in v1', type: 'private', createdBy: 'system' });
      const updated = await a.client.chat.v2.services(service.sid).channels(conversation.sid).update({ friendlyName: 'renamed in v2' });
      expect(updated.friendlyName).toBe('renamed in v2');
      expect((await a.client.conversations.v1.services(service.sid).conversations(conversation.sid).fetch()).friendlyName).toBe(
        'renamed in v2',
      );
    });

    it('lists channels by type over pages, and deletes', async () => {
      const service = await newService();
      const channels = a.client.chat.v2.services(service.sid).channels;
      const publics = [
        await channels.create({ type: 'public' }),
        await channels.create({ type: 'public' }),
        await channels.create({ type: 'public' }),
      ];
      publics.push(await channels.create({}));
      expect(publics[3].type).toBe('public');
      const privates = [await channels.create({ type: 'private' }), await channels.create({ type: 'private' })];
      const listedPublic = await channels.list({ type: ['public'], pageSize: 2 });
      expect(listedPublic.map((c) => c.sid)).toEqual(publics.map((c) => c.sid));
      const listedPrivate = await channels.list({ type: ['private'] });
      expect(listedPrivate.map((c) => c.sid)).toEqual(privates.map((c) => c.sid));
      // Twilio documents Type as defaulting to public when listing too.
      expect((await channels.list({ pageSize: 2 })).map((c) => c.sid)).toEqual(publics.map((c) => c.sid));
      expect((await channels.list({ type: ['public', 'private'], pageSize: 2 })).length).toBe(6);
      const page = await channels.page({ pageSize: 2, type: ['public'] });
      expect(page.nextPageUrl).toContain('Type=public');
      await channels(publics[0].sid).remove();
      await expectRestError(channels(publics[0].sid).fetch(), 404, 20404);
      await expectRestError(a.client.conversations.v1.services(service.sid).conversations(publics[0].sid).fetch(), 404, 20404);
    });

    it('answers Chat codes: a taken unique name is 50307, a bad type 20001, attributes not JSON 50304', async () => {
      const service = await newService();
      const channels = a.client.chat.v2.services(service.sid).channels;
      await channels.create({ uniqueName: 'taken' });
      await expectRestError(channels.create({ uniqueName: 'taken' }), 409, 50307);
      await expectRestError(channels.create({ type: 'secret' as never }), 400, 20001);
      await expectRestError(channels.create({ attributes: '{nope' }), 400, 50304);
    });
  });

  describe('members, messages, users and roles', () => {
    it('a member is a participant: v2 creates, v1 reads, with the consumption horizon as the read horizon', async () => {
      const service = await newService();
      const channel = await a.client.chat.v2.services(service.sid).channels.create({ type: 'public' });
      const members = a.client.chat.v2.services(service.sid).channels(channel.sid).members;
      const member = await members.create({ identity: 'alice', attributes: '{"a":1}', lastConsumedMessageIndex: 0 });
      expect(member).toMatchObject({
        accountSid: a.sid,
        channelSid: channel.sid,
        serviceSid: service.sid,
        identity: 'alice',
        attributes: '{"a":1}',
        lastConsumedMessageIndex: 0,
        roleSid: service.defaultChannelRoleSid,
      });
      expect(member.sid).toMatch(/^MB[0-9a-f]{32}$/);
      expect(member.lastConsumptionTimestamp).toBeInstanceOf(Date);
      const participant = await a.client.conversations.v1.services(service.sid).conversations(channel.sid).participants(member.sid).fetch();
      expect(participant).toMatchObject({ identity: 'alice', lastReadMessageIndex: 0, roleSid: member.roleSid });

      await a.client.conversations.v1.services(service.sid).conversations(channel.sid).participants.create({ identity: 'bob' });
      const listed = await members.list();
      expect(listed.map((m) => m.identity).sort()).toEqual(['alice', 'bob']);
      expect((await members.list({ identity: ['bob'] })).map((m) => m.identity)).toEqual(['bob']);
      const updated = await members(member.sid).update({ lastConsumedMessageIndex: 3 });
      expect(updated.lastConsumedMessageIndex).toBe(3);
      await expectRestError(members.create({ identity: 'alice' }), 409, 50404);
      expect((await a.client.chat.v2.services(service.sid).channels(channel.sid).fetch()).membersCount).toBe(2);
      await members(member.sid).remove();
      await expectRestError(members(member.sid).fetch(), 404, 20404);
    });

    it("enforces the service's limits: members per channel (50403) and channels per user (50208), through both APIs", async () => {
      const service = await newService();
      await a.client.chat.v2.services(service.sid).update({ 'limits.channelMembers': 2, 'limits.userChannels': 1 });
      const channels = a.client.chat.v2.services(service.sid).channels;
      const first = await channels.create({});
      const second = await channels.create({});
      await channels(first.sid).members.create({ identity: 'm1' });
      await channels(first.sid).members.create({ identity: 'm2' });
      await expectRestError(channels(first.sid).members.create({ identity: 'm3' }), 400, 50403);
      await expectRestError(
        a.client.conversations.v1.services(service.sid).conversations(first.sid).participants.create({ identity: 'm3' }),
        400,
        50417,
      );
      await expectRestError(channels(second.sid).members.create({ identity: 'm1' }), 400, 50208);
      await expectRestError(
        a.client.conversations.v1.services(service.sid).conversations(second.sid).participants.create({ identity: 'm2' }),
        400,
        50214,
      );
      expect((await channels(second.sid).fetch()).membersCount).toBe(0);
    });

    it('a message written through either API reads back identically through both', async () => {
      const service = await newService();
      const channel = await a.client.chat.v2.services(service.sid).channels.create({});
      const v2 = a.client.chat.v2.services(service.sid).channels(channel.sid).messages;
      const v1 = a.client.conversations.v1.services(service.sid).conversations(channel.sid).messages;
      const first = await v2.create({ from: 'alice', body: 'hello from v2', attributes: '{"k":"v"}' });
      const second = await v1.create({ author: 'bob', body: 'hello from v1' });
      expect(first).toMatchObject({
        from: 'alice',
        body: 'hello from v2',
        attributes: '{"k":"v"}',
        index: 0,
        channelSid: channel.sid,
        to: channel.sid,
        serviceSid: service.sid,
        type: 'text',
        media: null,
        wasEdited: false,
      });
      const readV1 = await v1(first.sid).fetch();
      expect(readV1).toMatchObject({ sid: first.sid, author: 'alice', body: 'hello from v2', attributes: '{"k":"v"}', index: 0 });
      const readV2 = await v2(second.sid).fetch();
      expect(readV2).toMatchObject({ sid: second.sid, from: 'bob', body: 'hello from v1', index: 1, wasEdited: false });
      expect(readV2.dateCreated.getTime()).toBe(second.dateCreated.getTime());
      // Defaults: From is "system", as Author is.
      expect((await v2.create({ body: 'anonymous' })).from).toBe('system');

      const edited = await v2(first.sid).update({ body: 'edited', lastUpdatedBy: 'moderator' });
      expect(edited).toMatchObject({ body: 'edited', wasEdited: true, lastUpdatedBy: 'moderator' });
      expect((await v2(first.sid).fetch()).lastUpdatedBy).toBe('moderator');
      expect(first.lastUpdatedBy).toBeNull();
      expect((await v1(first.sid).fetch()).body).toBe('edited');

      const desc = await v2.list({ order: 'desc', pageSize: 2 });
      expect(desc.map((m) => m.index)).toEqual([2, 1, 0]);
      expect((await a.client.chat.v2.services(service.sid).channels(channel.sid).fetch()).messagesCount).toBe(3);
      await v2(second.sid).remove();
      await expectRestError(v1(second.sid).fetch(), 404, 20404);
    });

    it('a media message: MediaSid of an upload, shown as type media with its media object through v2, as media through v1', async () => {
      const service = await newService();
      const channel = await a.client.chat.v2.services(service.sid).channels.create({});
      const uploaded = await fetch(`${router.baseUrl}/v1/Services/${service.sid}/Media?Filename=cat.png`, {
        method: 'POST',
        headers: {
          'content-type': 'image/png',
          authorization: `Basic ${Buffer.from(`${a.sid}:${a.authToken}`).toString('base64')}`,
        },
        body: new Uint8Array(Buffer.from('not really a png')),
      });
      expect(uploaded.status).toBe(201);
      const mediaSid = ((await uploaded.json()) as { sid: string }).sid;
      const message = await a.client.chat.v2.services(service.sid).channels(channel.sid).messages.create({ from: 'alice', mediaSid });
      expect(message).toMatchObject({
        type: 'media',
        body: null,
        media: { sid: mediaSid, size: 16, content_type: 'image/png', filename: 'cat.png' },
      });
      const v1 = await a.client.conversations.v1.services(service.sid).conversations(channel.sid).messages(message.sid).fetch();
      expect(v1.media).toEqual([expect.objectContaining({ sid: mediaSid, content_type: 'image/png' })]);
    });

    it('users: Chat fields, joined channel counts, shared with v1', async () => {
      const service = await newService();
      const users = a.client.chat.v2.services(service.sid).users;
      const user = await users.create({ identity: 'carol', friendlyName: 'Carol', attributes: '{"x":1}' });
      expect(user).toMatchObject({
        identity: 'carol',
        friendlyName: 'Carol',
        attributes: '{"x":1}',
        serviceSid: service.sid,
        roleSid: service.defaultServiceRoleSid,
        joinedChannelsCount: 0,
      });
      const channel = await a.client.chat.v2.services(service.sid).channels.create({});
      await a.client.chat.v2.services(service.sid).channels(channel.sid).members.create({ identity: 'carol' });
      expect((await users('carol').fetch()).joinedChannelsCount).toBe(1);
      expect((await a.client.conversations.v1.services(service.sid).users(user.sid).fetch()).friendlyName).toBe('Carol');
      await expectRestError(users.create({ identity: 'carol' }), 409, 50201);
      const updated = await users(user.sid).update({ friendlyName: 'C.' });
      expect(updated.friendlyName).toBe('C.');
      await users(user.sid).remove();
      await expectRestError(users(user.sid).fetch(), 404, 20404);
    });

    it('roles: Chat types and permission names over the shared roles', async () => {
      const service = await newService();
      const roles = a.client.chat.v2.services(service.sid).roles;
      const listed = await roles.list();
      expect(listed.map((r) => r.type).sort()).toEqual(['channel', 'channel', 'deployment', 'deployment']);
      const serviceUser = listed.find((r) => r.sid === service.defaultServiceRoleSid)!;
      expect(serviceUser.permissions).toEqual(expect.arrayContaining(['createChannel', 'joinChannel']));
      const role = await roles.create({
        friendlyName: 'moderator',
        type: 'channel',
        permission: ['sendMessage', 'removeMember', 'inviteMember'],
      });
      expect(role).toMatchObject({
        type: 'channel',
        permissions: ['sendMessage', 'removeMember', 'inviteMember'],
        serviceSid: service.sid,
      });
      const v1 = await a.client.conversations.v1.services(service.sid).roles(role.sid).fetch();
      expect(v1).toMatchObject({ type: 'conversation', permissions: ['sendMessage', 'removeParticipant', 'inviteMember'] });
      const updated = await roles(role.sid).update({ permission: ['leaveChannel'] });
      expect(updated.permissions).toEqual(['leaveChannel']);
      await expectRestError(roles.create({ friendlyName: 'x', type: 'conversation' as never, permission: ['sendMessage'] }), 400, 50105);
      await expectRestError(roles.create({ friendlyName: 'x', type: 'deployment', permission: ['sendMessage'] }), 400, 50104);
      await roles(role.sid).remove();
      await expectRestError(roles(role.sid).fetch(), 404, 20404);
    });
  });

  describe('isolation and paths', () => {
    it("another account's service is not found; errors name /v2 paths", async () => {
      const b = await newAccount(router);
      const service = await newService();
      await expectRestError(b.client.chat.v2.services(service.sid).channels.list(), 404, 20404);
      const res = await raw(router, {
        path: `/v2/Services/${service.sid}/Channels/CH00000000000000000000000000000000`,
        auth: [a.sid, a.authToken],
      });
      expect(res.status).toBe(404);
      expect((res.json as { message: string }).message).toContain(
        `/v2/Services/${service.sid}/Channels/CH00000000000000000000000000000000`,
      );
    });

    it('bad input gets a Twilio-shaped 4xx, never a 500', async () => {
      const service = await newService();
      const channel = await a.client.chat.v2.services(service.sid).channels.create({});
      const base = `/v2/Services/${service.sid}`;
      const cases: { method?: 'GET' | 'POST' | 'DELETE'; path: string; form?: [string, string][]; status: number; code: number }[] = [
        { path: '/v2/Services/ISnot-a-sid/Channels', status: 404, code: 20404 },
        { path: `${base}/Channels/not-a-channel`, status: 404, code: 20404 },
        { path: `${base}/Channels?PageToken=garbage`, status: 400, code: 20001 },
        { path: `${base}/Channels?Type=secret`, status: 400, code: 20001 },
        { method: 'POST', path: `${base}/Channels`, form: [['Nope', 'x']], status: 400, code: 20001 },
        { method: 'POST', path: `${base}/Channels/${channel.sid}/Members`, form: [], status: 400, code: 50204 },
        {
          method: 'POST',
          path: `${base}/Channels/${channel.sid}/Members`,
          form: [['Identity', 'x'.repeat(300)]],
          status: 400,
          code: 50207,
        },
        {
          method: 'POST',
          path: `${base}/Channels/${channel.sid}/Members`,
          form: [
            ['Identity', 'x'],
            ['RoleSid', 'RLnope'],
          ],
          status: 400,
          code: 50100,
        },
        { method: 'POST', path: `${base}/Channels/${channel.sid}/Messages`, form: [['From', 'x']], status: 400, code: 50503 },
        {
          method: 'POST',
          path: `${base}/Channels/${channel.sid}/Messages`,
          form: [
            ['Body', 'x'],
            ['MediaSid', 'MEnope'],
          ],
          status: 400,
          code: 50510,
        },
        { method: 'POST', path: `${base}/Channels/${channel.sid}/Invites`, form: [], status: 400, code: 50204 },
        { path: `${base}/Channels/${channel.sid}/Invites/INnope`, status: 404, code: 20404 },
        {
          method: 'POST',
          path: `${base}/Roles`,
          form: [
            ['FriendlyName', 'r'],
            ['Type', 'channel'],
          ],
          status: 400,
          code: 20001,
        },
        {
          method: 'POST',
          path: `${base}/Users/nobody/Channels/${channel.sid}`,
          form: [['NotificationLevel', 'muted']],
          status: 404,
          code: 20404,
        },
        { path: `${base}/Bindings?BindingType=sms`, status: 400, code: 50209 },
        { method: 'POST', path: `${base}`, form: [['LimitsChannelMembers', '3']], status: 400, code: 20001 },
        { method: 'POST', path: `${base}`, form: [['Limits.ChannelMembers', '0']], status: 400, code: 20001 },
        { method: 'POST', path: `${base}`, form: [['PostWebhookUrl', 'not a url']], status: 400, code: 50078 },
        { method: 'DELETE', path: '/v2/Credentials/CRnope', status: 404, code: 20404 },
      ];
      for (const c of cases) {
        const res = await raw(router, {
          method: c.method ?? 'GET',
          path: c.path,
          auth: [a.sid, a.authToken],
          ...(c.form ? { form: c.form } : {}),
        });
        const body = res.json as { code: number; status: number; message: string; more_info: string };
        expect({ path: c.path, status: res.status, code: body.code }).toEqual({ path: c.path, status: c.status, code: c.code });
        expect(body.status).toBe(c.status);
        expect(body.more_info).toBe(`https://www.twilio.com/docs/errors/${c.code}`);
        expect(body.message.length).toBeGreaterThan(0);
      }
    });

    it('dates are ISO-8601 without millis on the wire', async () => {
      const service = await newService();
      const res = await raw(router, { path: `/v2/Services/${service.sid}`, auth: [a.sid, a.authToken] });
      expect((res.json as { date_created: string }).date_created).toMatch(ISO);
    });
  });
});
