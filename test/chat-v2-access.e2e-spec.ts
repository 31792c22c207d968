import { ChannelAccessService } from '../src/channel-access/channel-access.service';
import { newSid, SidPrefix } from '../src/common/sid';
import { TwilioError } from '../src/common/twilio-error';
import { PrismaService } from '../src/prisma/prisma.service';
import type { ServiceScope } from '../src/services/services.types';
import { expectRestError, newAccount, startRouter, type RunningRouter, type TestAccount } from './support';

/**
 * Chat v2 invites, user channels, bindings, credentials and channel webhooks through the official
 * client; public / private channels and role denials through ChannelAccessService (what the chat SDK
 * layers call for a user) on data made through the client.
 */
describe('Chat v2 invites, user channels, push and channel access (e2e)', () => {
  let router: RunningRouter;
  let a: TestAccount;
  let access: ChannelAccessService;
  let prisma: PrismaService;

  beforeAll(async () => {
    router = await startRouter();
    a = await newAccount(router, 'chat v2 access');
    access = router.app.get(ChannelAccessService);
    prisma = router.app.get(PrismaService);
  });

  afterAll(async () => {
    await router?.close();
  });

  const newService = () => a.client.chat.v2.services.create({ friendlyName: 'chat v2 access' });
  const scopeOf = (serviceSid: string): ServiceScope => ({ accountSid: a.sid, serviceSid, scoped: true, api: 'chat' });
  const denial = async (call: Promise<unknown>) => {
    try {
      await call;
    } catch (err) {
      if (err instanceof TwilioError) return { code: err.code, status: err.status };
      throw err;
    }
    return null;
  };

  describe('invites', () => {
    it('invites an identity once; joining takes the invite role and consumes the invite', async () => {
      const service = await newService();
      const channel = await a.client.chat.v2.services(service.sid).channels.create({ type: 'private' });
      const moderator = await a.client.chat.v2.services(service.sid).roles.create({
        friendlyName: 'moderator',
        type: 'channel',
        permission: ['sendMessage', 'removeMember'],
      });
      const invites = a.client.chat.v2.services(service.sid).channels(channel.sid).invites;
      const invite = await invites.create({ identity: 'dave', roleSid: moderator.sid });
      expect(invite).toMatchObject({
        accountSid: a.sid,
        channelSid: channel.sid,
        serviceSid: service.sid,
        identity: 'dave',
        roleSid: moderator.sid,
        createdBy: null,
      });
      expect(invite.sid).toMatch(/^IN[0-9a-f]{32}$/);
      expect((await invites(invite.sid).fetch()).identity).toBe('dave');
      await expectRestError(invites.create({ identity: 'dave' }), 409, 50212);
      await expectRestError(invites.create({ identity: 'erin', roleSid: service.defaultServiceRoleSid }), 400, 50105);
      await invites.create({ identity: 'erin' });
      expect((await invites.list({ identity: ['erin'] })).map((i) => i.identity)).toEqual(['erin']);
      expect((await invites.list({ pageSize: 1 })).map((i) => i.identity)).toEqual(['dave', 'erin']);

      // An invited user sees the channel as "invited" among its user channels.
      const userChannel = await a.client.chat.v2
        .services(service.sid)
        .users('dave')
        .userChannels(channel.sid)
        .fetch()
        .catch(() => null);
      // (dave has no user yet: the invite alone does not make one)
      expect(userChannel).toBeNull();
      await a.client.chat.v2.services(service.sid).users.create({ identity: 'dave' });
      expect(await a.client.chat.v2.services(service.sid).users('dave').userChannels(channel.sid).fetch()).toMatchObject({
        status: 'invited',
        channelSid: channel.sid,
        memberSid: null,
      });

      // The user's channel list: joined and invited channels, in the order of joining or invitation, over pages.
      const joinedFirst = await a.client.chat.v2.services(service.sid).channels.create({ type: 'public' });
      await a.client.chat.v2.services(service.sid).channels(joinedFirst.sid).members.create({ identity: 'dave' });
      const listed = await a.client.chat.v2.services(service.sid).users('dave').userChannels.list({ pageSize: 1 });
      expect(listed.map((c) => [c.channelSid, c.status])).toEqual([
        [channel.sid, 'invited'],
        [joinedFirst.sid, 'joined'],
      ]);
      expect(listed[1].memberSid).toMatch(/^MB/);
      const member = await a.client.chat.v2.services(service.sid).channels(channel.sid).members.create({ identity: 'dave' });
      expect(member.roleSid).toBe(moderator.sid);
      await expectRestError(invites(invite.sid).fetch(), 404, 20404);
      await expectRestError(invites.create({ identity: 'dave' }), 409, 50404);
      const invited = await invites.list();
      expect(invited.map((i) => i.identity)).toEqual(['erin']);
      await invites(invited[0].sid).remove();
      expect(await invites.list()).toEqual([]);
      // Invites go with their channel.
      await invites.create({ identity: 'frank' });
      await a.client.chat.v2.services(service.sid).channels(channel.sid).remove();
      expect(await prisma.invite.count({ where: { conversationSid: channel.sid } })).toBe(0);
    });
  });

  describe('user channels', () => {
    it('lists a user’s joined channels with unread counts; updates notification level and the consumption horizon', async () => {
      const service = await newService();
      const svc = a.client.chat.v2.services(service.sid);
      const user = await svc.users.create({ identity: 'gina' });
      const channel = await svc.channels.create({ type: 'public' });
      const member = await svc.channels(channel.sid).members.create({ identity: 'gina' });
      for (const body of ['one', 'two', 'three']) await svc.channels(channel.sid).messages.create({ from: 'bot', body });
      await svc.channels(channel.sid).members(member.sid).update({ lastConsumedMessageIndex: 0 });
      const listed = await svc.users(user.sid).userChannels.list();
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({
        channelSid: channel.sid,
        userSid: user.sid,
        memberSid: member.sid,
        status: 'joined',
        lastConsumedMessageIndex: 0,
        unreadMessagesCount: 2,
        notificationLevel: 'default',
      });
      const updated = await svc.users('gina').userChannels(channel.sid).update({ notificationLevel: 'muted', lastConsumedMessageIndex: 2 });
      expect(updated).toMatchObject({ notificationLevel: 'muted', lastConsumedMessageIndex: 2, unreadMessagesCount: 0 });
      await expectRestError(
        svc
          .users('gina')
          .userChannels(channel.sid)
          .update({ notificationLevel: 'loud' as never }),
        400,
        50210,
      );
      await svc.users('gina').userChannels(channel.sid).remove();
      expect(await svc.channels(channel.sid).members.list()).toEqual([]);
      await expectRestError(svc.users('gina').userChannels(channel.sid).fetch(), 404, 20404);
    });

    it('every item of a paged list of joined and invited channels is what fetching that user channel answers', async () => {
      const service = await newService();
      const svc = a.client.chat.v2.services(service.sid);
      const user = await svc.users.create({ identity: 'hugo' });
      const made = [];
      for (let i = 0; i < 6; i += 1) made.push(await svc.channels.create({ type: i % 2 ? 'private' : 'public', friendlyName: `c${i}` }));
      const [read, unread, muted, invitedTo, plain, alsoInvited] = made;
      for (const c of [read, unread, muted, plain]) await svc.channels(c.sid).members.create({ identity: 'hugo' });
      for (const body of ['one', 'two', 'three']) await svc.channels(read.sid).messages.create({ from: 'bot', body });
      await svc.channels(unread.sid).messages.create({ from: 'bot', body: 'x' });
      await svc.users('hugo').userChannels(read.sid).update({ lastConsumedMessageIndex: 1 });
      await svc.users('hugo').userChannels(unread.sid).update({ lastConsumedMessageIndex: 0 });
      await svc.users('hugo').userChannels(muted.sid).update({ notificationLevel: 'muted' });
      await svc.channels(invitedTo.sid).invites.create({ identity: 'hugo' });
      await svc.channels(alsoInvited.sid).invites.create({ identity: 'hugo' });

      const listed = await svc.users(user.sid).userChannels.list({ pageSize: 2 });
      expect(listed.map((c) => [c.channelSid, c.status])).toEqual([
        [read.sid, 'joined'],
        [unread.sid, 'joined'],
        [muted.sid, 'joined'],
        [plain.sid, 'joined'],
        [invitedTo.sid, 'invited'],
        [alsoInvited.sid, 'invited'],
      ]);
      expect(listed.map((c) => [c.unreadMessagesCount, c.notificationLevel])).toEqual([
        [1, 'default'],
        [0, 'default'],
        [null, 'muted'],
        [null, 'default'],
        [null, 'default'],
        [null, 'default'],
      ]);
      for (const item of listed) {
        const fetched = await svc.users(user.sid).userChannels(item.channelSid).fetch();
        expect(item.toJSON()).toEqual(fetched.toJSON());
      }
    });
  });

  describe('credentials and bindings', () => {
    it('credentials are the account’s, shared with /v1/Credentials; secrets never come back', async () => {
      const credential = await a.client.chat.v2.credentials.create({ type: 'fcm', friendlyName: 'android', secret: 'top secret' });
      expect(credential).toMatchObject({ type: 'fcm', friendlyName: 'android', sandbox: 'False', accountSid: a.sid });
      expect(JSON.stringify(credential.toJSON())).not.toContain('top secret');
      expect(credential.url).toBe(`${router.baseUrl}/v2/Credentials/${credential.sid}`);
      expect((await a.client.conversations.v1.credentials(credential.sid).fetch()).friendlyName).toBe('android');
      expect((await a.client.chat.v2.credentials(credential.sid).update({ friendlyName: 'droid' })).friendlyName).toBe('droid');
      expect((await a.client.chat.v2.credentials.list()).map((c) => c.sid)).toContain(credential.sid);
      await a.client.chat.v2.credentials(credential.sid).remove();
      const gone = await expectRestError(a.client.chat.v2.credentials(credential.sid).fetch(), 404, 20404);
      expect(gone.message).toContain(`/v2/Credentials/${credential.sid}`);
    });

    it('lists, fetches and deletes service and user bindings', async () => {
      const service = await newService();
      const svc = a.client.chat.v2.services(service.sid);
      const user = await svc.users.create({ identity: 'hank' });
      let written = Date.now();
      const binding = async (identity: string, bindingType: string) => {
        const sid = newSid(SidPrefix.PushBinding);
        const date = new Date(++written);
        await prisma.pushBinding.create({
          data: {
            sid,
            accountSid: a.sid,
            serviceSid: service.sid,
            endpoint: `${identity}-${bindingType}`,
            identity,
            bindingType,
            messageTypes: ['new_message'],
            dateCreated: date,
            dateUpdated: date,
          },
        });
        return sid;
      };
      const hankFcm = await binding('hank', 'fcm');
      const hankApn = await binding('hank', 'apn');
      const ivy = await binding('ivy', 'gcm');
      expect((await svc.bindings.list()).map((b) => b.sid)).toEqual([hankFcm, hankApn, ivy]);
      expect((await svc.bindings.list({ bindingType: ['apn'] })).map((b) => b.sid)).toEqual([hankApn]);
      expect((await svc.bindings.list({ identity: ['ivy'] })).map((b) => b.sid)).toEqual([ivy]);
      expect(await svc.bindings(hankFcm).fetch()).toMatchObject({ identity: 'hank', bindingType: 'fcm', messageTypes: ['new_message'] });
      const userBindings = await svc.users(user.sid).userBindings.list();
      expect(userBindings.map((b) => b.sid)).toEqual([hankFcm, hankApn]);
      expect(userBindings[0].userSid).toBe(user.sid);
      await expectRestError(svc.users(user.sid).userBindings(ivy).fetch(), 404, 20404);
      await svc.users(user.sid).userBindings(hankApn).remove();
      await svc.bindings(ivy).remove();
      expect((await svc.bindings.list()).map((b) => b.sid)).toEqual([hankFcm]);
    });
  });

  describe('channel webhooks', () => {
    it('creates, updates, lists and deletes with Chat event names over the conversation webhooks', async () => {
      const service = await newService();
      const channel = await a.client.chat.v2.services(service.sid).channels.create({});
      const hooks = a.client.chat.v2.services(service.sid).channels(channel.sid).webhooks;
      const hook = await hooks.create({
        type: 'webhook',
        'configuration.url': 'https://hooks.example.com/channel',
        'configuration.method': 'POST',
        'configuration.filters': ['onMessageSent', 'onMemberAdded'],
      });
      expect(hook).toMatchObject({
        type: 'webhook',
        channelSid: channel.sid,
        serviceSid: service.sid,
        configuration: { url: 'https://hooks.example.com/channel', method: 'POST', filters: ['onMessageSent', 'onMemberAdded'] },
      });
      expect(hook.sid).toMatch(/^WH[0-9a-f]{32}$/);
      const v1 = await a.client.conversations.v1.services(service.sid).conversations(channel.sid).webhooks(hook.sid).fetch();
      expect(v1.configuration).toMatchObject({ filters: ['onMessageAdded', 'onParticipantAdded'] });
      const updated = await hooks(hook.sid).update({ 'configuration.filters': ['onMessageUpdated'] });
      expect(updated.configuration).toMatchObject({ filters: ['onMessageUpdated'] });
      expect((await hooks.list()).map((h) => h.sid)).toEqual([hook.sid]);
      await expectRestError(
        hooks.create({ type: 'webhook', 'configuration.url': 'https://x.example.com', 'configuration.filters': ['onNope'] }),
        400,
        50325,
      );
      await hooks(hook.sid).remove();
      expect(await hooks.list()).toEqual([]);
    });
  });

  describe('public and private channels, roles (ChannelAccessService)', () => {
    it('a public channel is visible to and joinable by every user; a private one only by its members and invitees', async () => {
      const service = await newService();
      const svc = a.client.chat.v2.services(service.sid);
      const scope = scopeOf(service.sid);
      const open = await svc.channels.create({ type: 'public', friendlyName: 'open' });
      const closed = await svc.channels.create({ type: 'private', friendlyName: 'closed' });
      const invitedTo = await svc.channels.create({ type: 'private', friendlyName: 'invited' });
      await svc.channels(closed.sid).members.create({ identity: 'owner' });
      await svc.channels(invitedTo.sid).invites.create({ identity: 'jane' });
      await svc.users.create({ identity: 'jane' });

      const visible = await access.visibleChannels(scope, 'jane', { size: 50, page: 0 });
      expect(visible.items.map((c) => c.sid)).toEqual([open.sid, invitedTo.sid]);
      expect((await access.visibleChannels(scope, 'owner', { size: 50, page: 0 })).items.map((c) => c.sid)).toEqual([open.sid, closed.sid]);
      expect((await access.publicChannels(scope, { size: 50, page: 0 })).items.map((c) => c.sid)).toEqual([open.sid]);

      expect(await denial(access.check(scope, 'jane', open.sid, { kind: 'join' }))).toBeNull();
      expect(await denial(access.check(scope, 'jane', closed.sid, { kind: 'view' }))).toEqual({ code: 50300, status: 404 });
      expect(await denial(access.check(scope, 'jane', closed.sid, { kind: 'join' }))).toEqual({ code: 50300, status: 404 });
      expect(await denial(access.check(scope, 'jane', invitedTo.sid, { kind: 'join' }))).toBeNull();
      expect(await denial(access.check(scope, 'owner', closed.sid, { kind: 'join' }))).toEqual({ code: 50404, status: 409 });
      expect(await denial(access.check(scope, 'jane', 'CH00000000000000000000000000000000', { kind: 'view' }))).toEqual({
        code: 50300,
        status: 404,
      });
    });

    it('service and channel roles decide who may create, join, invite, send, edit and remove, each denial 50107', async () => {
      const service = await newService();
      const svc = a.client.chat.v2.services(service.sid);
      const scope = scopeOf(service.sid);
      const mute = await svc.roles.create({ friendlyName: 'mute', type: 'channel', permission: ['leaveChannel'] });
      const guest = await svc.roles.create({ friendlyName: 'guest', type: 'deployment', permission: ['editOwnUserInfo'] });
      const inviter = await svc.roles.create({ friendlyName: 'inviter', type: 'channel', permission: ['sendMessage', 'inviteMember'] });
      const channel = await svc.channels.create({ type: 'public' });
      await svc.users.create({ identity: 'guest', roleSid: guest.sid });
      await svc.channels(channel.sid).members.create({ identity: 'kim' });
      await svc.channels(channel.sid).members.create({ identity: 'lee', roleSid: mute.sid });
      await svc.channels(channel.sid).members.create({ identity: 'max', roleSid: inviter.sid });
      await svc.channels(channel.sid).members.create({ identity: 'boss', roleSid: service.defaultChannelCreatorRoleSid });

      const check = (identity: string, action: Parameters<ChannelAccessService['check']>[3], id: string | null = channel.sid) =>
        denial(access.check(scope, identity, id, action));
      const denied = { code: 50107, status: 403 };
      // create: service role
      expect(await check('kim', { kind: 'createChannel' }, null)).toBeNull();
      expect(await check('guest', { kind: 'createChannel' }, null)).toEqual(denied);
      // join a public channel: service role's joinChannel
      expect(await check('guest', { kind: 'join' })).toEqual(denied);
      expect(await check('newcomer', { kind: 'join' })).toBeNull();
      // send: channel role, members only
      expect(await check('kim', { kind: 'sendMessage' })).toBeNull();
      expect(await check('lee', { kind: 'sendMessage' })).toEqual(denied);
      expect(await check('newcomer', { kind: 'sendMessage' })).toEqual(denied);
      // invite: inviteMember (or addMember)
      expect(await check('kim', { kind: 'invite' })).toEqual(denied);
      expect(await check('max', { kind: 'invite' })).toBeNull();
      expect(await check('boss', { kind: 'invite' })).toBeNull();
      // edit and remove messages: own vs any
      expect(await check('kim', { kind: 'editMessage', own: true })).toBeNull();
      expect(await check('kim', { kind: 'editMessage', own: false })).toEqual(denied);
      expect(await check('boss', { kind: 'editMessage', own: false })).toBeNull();
      expect(await check('kim', { kind: 'deleteMessage', own: false })).toEqual(denied);
      expect(await check('boss', { kind: 'deleteMessage', own: false })).toBeNull();
      // remove members, leave, destroy
      expect(await check('kim', { kind: 'removeMember', self: false })).toEqual(denied);
      expect(await check('boss', { kind: 'removeMember', self: false })).toBeNull();
      expect(await check('lee', { kind: 'removeMember', self: true })).toBeNull();
      expect(await check('kim', { kind: 'destroyChannel' })).toEqual(denied);
      expect(await check('boss', { kind: 'destroyChannel' })).toBeNull();
      // A role change through REST takes effect at once.
      await svc.channels(channel.sid).members('lee').update({ roleSid: service.defaultChannelRoleSid });
      expect(await check('lee', { kind: 'sendMessage' })).toBeNull();
    });
  });
});
