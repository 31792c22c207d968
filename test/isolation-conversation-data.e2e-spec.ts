import { expectRestError, newAccount, startRouter, twilioClient, uniqueNumber, type RunningRouter, type TestAccount } from './support';

const ADDRESS = '+15558675310';

/** Participants, messages and ParticipantConversations of one account are invisible to every other. */
/** Proxy numbers of each test's own: a number belongs to the first account that uses it. */
let PROXY = '';
beforeEach(() => {
  PROXY = uniqueNumber();
});

describe('Isolation of participants and messages (e2e)', () => {
  let router: RunningRouter;

  beforeAll(async () => {
    router = await startRouter();
  });

  afterAll(async () => {
    await router?.close();
  });

  /** An account with one conversation (unique name `private`), a chat and an SMS participant, one message. */
  async function owner() {
    const account = await newAccount(router, 'owner');
    const { client } = account;
    const serviceSid = (await client.conversations.v1.configuration().fetch()).defaultChatServiceSid;
    const conversation = await client.conversations.v1.conversations.create({ friendlyName: 'private', uniqueName: 'private' });
    const conv = () => client.conversations.v1.conversations(conversation.sid);
    const alice = await conv().participants.create({ identity: 'alice' });
    const sms = await conv().participants.create({ 'messagingBinding.address': ADDRESS, 'messagingBinding.proxyAddress': PROXY });
    const message = await conv().messages.create({ author: 'alice', body: 'secret' });
    return { account, serviceSid, conversation, conv, alice, sms, message };
  }

  async function expectUntouched(o: Awaited<ReturnType<typeof owner>>) {
    expect((await o.conv().participants.list()).map((p) => p.sid).sort()).toEqual([o.alice.sid, o.sms.sid].sort());
    expect((await o.conv().participants('alice').fetch()).attributes).toBe('{}');
    expect((await o.conv().messages.list()).map((m) => [m.sid, m.body])).toEqual([[o.message.sid, 'secret']]);
  }

  it("another account gets 404 for this account's participants, by SID, identity and unique name", async () => {
    const o = await owner();
    const stranger: TestAccount = await newAccount(router, 'stranger');
    for (const id of [o.conversation.sid, 'private']) {
      const theirs = () => stranger.client.conversations.v1.conversations(id).participants;
      await expectRestError(theirs().list(), 404, 20404);
      await expectRestError(theirs().create({ identity: 'mallory' }), 404, 20404);
      await expectRestError(
        theirs().create({ 'messagingBinding.address': '+15558675399', 'messagingBinding.proxyAddress': PROXY }),
        404,
        20404,
      );
      for (const participant of [o.alice.sid, 'alice', o.sms.sid]) {
        await expectRestError(theirs()(participant).fetch(), 404, 20404);
        await expectRestError(theirs()(participant).update({ attributes: '{"defaced":true}' }), 404, 20404);
        await expectRestError(theirs()(participant).remove(), 404, 20404);
      }
    }
    // Through a conversation of its own, or the owner's service path, it does not reach them either.
    const own = await stranger.client.conversations.v1.conversations.create({ friendlyName: 'own' });
    await expectRestError(stranger.client.conversations.v1.conversations(own.sid).participants(o.alice.sid).fetch(), 404, 20404);
    await expectRestError(
      stranger.client.conversations.v1.services(o.serviceSid).conversations(o.conversation.sid).participants.list(),
      404,
      20404,
    );
    await expectRestError(
      stranger.client.conversations.v1.services(o.serviceSid).conversations(o.conversation.sid).participants(o.alice.sid).fetch(),
      404,
      20404,
    );
    await expectUntouched(o);
  });

  it("another account gets 404 for this account's messages and receipts", async () => {
    const o = await owner();
    const stranger = await newAccount(router, 'stranger');
    for (const id of [o.conversation.sid, 'private']) {
      const theirs = () => stranger.client.conversations.v1.conversations(id).messages;
      await expectRestError(theirs().list(), 404, 20404);
      await expectRestError(theirs().create({ body: 'planted' }), 404, 20404);
      await expectRestError(theirs()(o.message.sid).fetch(), 404, 20404);
      await expectRestError(theirs()(o.message.sid).update({ body: 'defaced' }), 404, 20404);
      await expectRestError(theirs()(o.message.sid).remove(), 404, 20404);
      await expectRestError(theirs()(o.message.sid).deliveryReceipts.list(), 404, 20404);
    }
    const own = await stranger.client.conversations.v1.conversations.create({ friendlyName: 'own' });
    await expectRestError(stranger.client.conversations.v1.conversations(own.sid).messages(o.message.sid).fetch(), 404, 20404);
    await expectRestError(
      stranger.client.conversations.v1.services(o.serviceSid).conversations(o.conversation.sid).messages.list(),
      404,
      20404,
    );
    await expectUntouched(o);
  });

  it("another account's ParticipantConversations show nothing of this one; the owner's service path is 404", async () => {
    const o = await owner();
    const stranger = await newAccount(router, 'stranger');
    expect(await stranger.client.conversations.v1.participantConversations.list({ identity: 'alice' })).toEqual([]);
    expect(await stranger.client.conversations.v1.participantConversations.list({ address: ADDRESS })).toEqual([]);
    await expectRestError(
      stranger.client.conversations.v1.services(o.serviceSid).participantConversations.list({ identity: 'alice' }),
      404,
      20404,
    );
    await expectRestError(
      stranger.client.conversations.v1.services(o.serviceSid).participantConversations.list({ address: ADDRESS }),
      404,
      20404,
    );

    // An API key of the stranger, even presented with the owner's account SID, sees no more.
    const key = await stranger.client.newKeys.create({ friendlyName: 'stranger key' });
    const confused = twilioClient(key.sid, key.secret, { accountSid: o.account.sid });
    expect(await confused.conversations.v1.participantConversations.list({ identity: 'alice' })).toEqual([]);
    await expectRestError(confused.conversations.v1.conversations(o.conversation.sid).participants.list(), 404, 20404);
    await expectRestError(confused.conversations.v1.conversations(o.conversation.sid).messages(o.message.sid).fetch(), 404, 20404);

    // The owner still sees its own.
    const mine = await o.account.client.conversations.v1.participantConversations.list({ identity: 'alice' });
    expect(mine.map((r) => r.participantSid)).toEqual([o.alice.sid]);
  });
});
