import jwt from 'jsonwebtoken';
import twilio from 'twilio';
import { expectRestError, newAccount, restError, startRouter, uniqueNumber, type RunningRouter } from './support';

/** What `twilio.jwt.AccessToken` + `ChatGrant` put in a token's payload. */
interface AccessTokenPayload {
  jti: string;
  iss: string;
  sub: string;
  exp: number;
  grants: { identity: string; chat: { service_sid: string } };
}

/**
 * The flow of the tutorial a new user tries first (seeds/004): a conversation, an SMS participant,
 * the pair-in-use error and its fix, a chat participant, an access token. Written as the tutorial
 * writes it, with the official client.
 */
describe('Tutorial: first conversation (e2e)', () => {
  let router: RunningRouter;

  beforeAll(async () => {
    router = await startRouter();
  });

  afterAll(async () => {
    await router?.close();
  });

  it('runs step by step as the tutorial tells it', async () => {
    const { sid: accountSid, client } = await newAccount(router, 'tutorial');
    const yourPhoneNumber = '+15558675310';
    // The account's own number (a number belongs to the first account that uses it).
    const twilioPhoneNumber = uniqueNumber();

    // 1. Create a conversation with a friendly name.
    const conversation = await client.conversations.v1.conversations.create({ friendlyName: 'My first conversation' });
    expect(conversation.sid).toMatch(/^CH[0-9a-f]{32}$/);
    expect(conversation.friendlyName).toBe('My first conversation');
    expect(conversation.state).toBe('active');

    // 2. Add a non-chat (SMS) participant.
    const sms = await client.conversations.v1.conversations(conversation.sid).participants.create({
      'messagingBinding.address': yourPhoneNumber,
      'messagingBinding.proxyAddress': twilioPhoneNumber,
    });
    expect(sms.sid).toMatch(/^MB[0-9a-f]{32}$/);
    expect(sms.conversationSid).toBe(conversation.sid);
    expect(sms.identity).toBeNull();
    expect(sms.messagingBinding).toEqual({ type: 'sms', address: yourPhoneNumber, proxy_address: twilioPhoneNumber });

    // The same pair in another conversation: the error names the conversation that holds it.
    const second = await client.conversations.v1.conversations.create({ friendlyName: 'My second conversation' });
    const addAgain = () =>
      client.conversations.v1.conversations(second.sid).participants.create({
        'messagingBinding.address': yourPhoneNumber,
        'messagingBinding.proxyAddress': twilioPhoneNumber,
      });
    const err = await expectRestError(addAgain(), 409, 50416);
    expect(err.message).toBe(`A binding for this participant and proxy address already exists in Conversation ${conversation.sid}`);

    // As users do: take the SID out of the message and delete that conversation.
    const holder = /CH[0-9a-f]{32}/.exec(err.message)?.[0];
    expect(holder).toBe(conversation.sid);
    expect(await client.conversations.v1.conversations(holder!).remove()).toBe(true);
    await expectRestError(client.conversations.v1.conversations(conversation.sid).fetch(), 404, 20404);

    // Now the participant can be added.
    const moved = await addAgain();
    expect(moved.conversationSid).toBe(second.sid);
    expect(moved.messagingBinding).toEqual({ type: 'sms', address: yourPhoneNumber, proxy_address: twilioPhoneNumber });

    // 3. A chat participant by identity.
    const chat = await client.conversations.v1.conversations(second.sid).participants.create({ identity: 'educative' });
    expect(chat.identity).toBe('educative');
    expect(chat.messagingBinding).toBeNull();
    const participants = await client.conversations.v1.conversations(second.sid).participants.list();
    expect(participants.map((p) => p.sid).sort()).toEqual([moved.sid, chat.sid].sort());

    // 4. An access token for the demo application, with an API key of the account.
    const key = await client.newKeys.create({ friendlyName: 'tutorial key' });
    expect(key.sid).toMatch(/^SK[0-9a-f]{32}$/);
    const { defaultChatServiceSid: serviceSid } = await client.conversations.v1.configuration().fetch();
    expect(serviceSid).toMatch(/^IS[0-9a-f]{32}$/);
    expect(second.chatServiceSid).toBe(serviceSid);

    const AccessToken = twilio.jwt.AccessToken;
    const chatGrant = new AccessToken.ChatGrant({ serviceSid });
    const token = new AccessToken(accountSid, key.sid, key.secret, { identity: 'educative' });
    token.addGrant(chatGrant);
    const signed = token.toJwt();

    const header = jwt.decode(signed, { complete: true })?.header;
    expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' });
    const claims = jwt.verify(signed, key.secret, { algorithms: ['HS256'] }) as AccessTokenPayload;
    expect(claims).toMatchObject({
      iss: key.sid,
      sub: accountSid,
      jti: expect.stringMatching(new RegExp(`^${key.sid}-\\d+$`)),
      grants: { identity: 'educative', chat: { service_sid: serviceSid } },
    });
    expect(claims.exp * 1000).toBeGreaterThan(Date.now());
  });

  it('the pair-in-use error is the same through a second add in the same conversation', async () => {
    const { client } = await newAccount(router, 'tutorial twice');
    const conversation = await client.conversations.v1.conversations.create({ friendlyName: 'My first conversation' });
    const twilioPhoneNumber = uniqueNumber();
    const add = () =>
      client.conversations.v1.conversations(conversation.sid).participants.create({
        'messagingBinding.address': '+15558675310',
        'messagingBinding.proxyAddress': twilioPhoneNumber,
      });
    await add();
    const err = await restError(add());
    expect({ status: err.status, code: err.code, message: err.message }).toEqual({
      status: 409,
      code: 50416,
      message: `A binding for this participant and proxy address already exists in Conversation ${conversation.sid}`,
    });
    expect(await client.conversations.v1.conversations(conversation.sid).participants.list()).toHaveLength(1);
  });
});
