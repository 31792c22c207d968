import twilio from 'twilio';
import type { TestAccount } from '../accounts';
import { uniqueNumber } from '../numbers';
import type { RunningRouter } from '../router';
import { rootCredentials } from '../accounts';

/** One resource of every kind in an account, and what identifies them on the wire. */
export interface SeededAccount {
  account: TestAccount;
  key: { sid: string; secret: string };
  defaultServiceSid: string;
  serviceSid: string;
  conversationSid: string;
  uniqueName: string;
  phone: string;
  proxy: string;
  /** Real values by path parameter, keyed `<segment before>/:<name>` (e.g. `Participants/:Sid`) or `:<name>`; the SID first. */
  ids: Map<string, string[]>;
  /** Texts only this account wrote (names, bodies, attributes): none may reach another account. */
  markers: string[];
  /** Every SID of the account's resources. */
  sids: string[];
  /** An access token of this account's API key for an identity (ChatGrant on the default service, or `serviceSid`). */
  token(identity: string, serviceSid?: string): string;
}

/**
 * Creates a service, a conversation (with a unique name) with a chat and an SMS participant, a
 * message and its delivery receipt, a user, a role, a conversation webhook, an address configuration,
 * a push credential, an uploaded media, an API key and a subaccount, through the official client.
 */
export async function seedAccount(router: RunningRouter, account: TestAccount, label: string): Promise<SeededAccount> {
  const v1 = account.client.conversations.v1;
  const key = await account.client.newKeys.create({ friendlyName: `${label} key` });
  const defaultServiceSid = (await v1.configuration().fetch()).defaultChatServiceSid;
  const token = (identity: string, serviceSid = defaultServiceSid) => {
    const t = new twilio.jwt.AccessToken(account.sid, key.sid, key.secret, { identity, ttl: 3600 });
    t.addGrant(new twilio.jwt.AccessToken.ChatGrant({ serviceSid }));
    return t.toJwt();
  };
  const service = await v1.services.create({ friendlyName: `${label} service` });
  const uniqueName = `${label}-room`;
  const conversation = await v1.conversations.create({
    friendlyName: `${label} conversation`,
    uniqueName,
    attributes: JSON.stringify({ label }),
  });
  const chatter = await v1
    .conversations(conversation.sid)
    .participants.create({ identity: 'alice', attributes: JSON.stringify({ label }) });
  const [phone, proxy] = [uniqueNumber(), uniqueNumber()];
  const sms = await v1
    .conversations(conversation.sid)
    .participants.create({ 'messagingBinding.address': phone, 'messagingBinding.proxyAddress': proxy });
  const message = await v1.conversations(conversation.sid).messages.create({ author: 'alice', body: `${label} message` });
  const receipts = await v1.conversations(conversation.sid).messages(message.sid).deliveryReceipts.list();
  const user = await v1.users.create({ identity: `${label}-bob`, friendlyName: `${label} user` });
  const role = await v1.roles.create({ friendlyName: `${label} role`, type: 'conversation', permission: ['sendMessage'] });
  const webhook = await v1.conversations(conversation.sid).webhooks.create({
    target: 'webhook',
    'configuration.url': 'http://127.0.0.1:9/hook',
    'configuration.filters': ['onMessageAdded'],
  });
  const address = await v1.addressConfigurations.create({ type: 'sms', address: proxy, friendlyName: `${label} address` });
  const credential = await v1.credentials.create({ type: 'fcm', secret: `${label}-secret`, friendlyName: `${label} credential` });
  const child = await account.client.api.v2010.accounts.create({ friendlyName: `${label} child` });
  const upload = await fetch(`${router.baseUrl}/v1/Services/${defaultServiceSid}/Media?Filename=${label}.png`, {
    method: 'POST',
    headers: { 'x-twilio-token': token('alice'), 'content-type': 'image/png' },
    body: `${label} media bytes`,
  });
  const media = ((await upload.json()) as { sid: string }).sid;
  const userConversation = 'alice';

  const ids = new Map<string, string[]>([
    [':ChatServiceSid', [defaultServiceSid, service.sid]],
    ['Services/:Sid', [service.sid, defaultServiceSid]],
    [':ConversationSid', [conversation.sid, uniqueName]],
    ['Conversations/:Sid', [conversation.sid, uniqueName]],
    ['Participants/:Sid', [chatter.sid, sms.sid, 'alice']],
    // Chat v2: a channel is the conversation, a member the participant.
    [':ChannelSid', [conversation.sid, uniqueName]],
    ['Channels/:Sid', [conversation.sid, uniqueName]],
    ['Members/:Sid', [chatter.sid, 'alice']],
    [':MessageSid', [message.sid, '0']],
    ['Messages/:Sid', [message.sid, '0']],
    ['Receipts/:Sid', receipts.map((r) => r.sid)],
    [':UserSid', [user.sid, `${label}-bob`, userConversation]],
    ['Users/:Sid', [user.sid, `${label}-bob`, 'alice']],
    ['Roles/:Sid', [role.sid]],
    ['Webhooks/:Sid', [webhook.sid]],
    ['Addresses/:Sid', [address.sid, proxy]],
    ['Credentials/:Sid', [credential.sid]],
    ['Media/:Sid', [media]],
    ['Keys/:Sid', [key.sid]],
    [':AccountSid', [account.sid, child.sid, rootCredentials().sid]],
    ['Accounts/:Sid', [account.sid, child.sid, rootCredentials().sid]],
    [':Address', [proxy, phone]],
    [':phone', [phone, proxy]],
  ]);
  for (const [k, v] of ids) if (!v.length) ids.delete(k);
  const sids = [
    account.sid,
    key.sid,
    service.sid,
    defaultServiceSid,
    conversation.sid,
    chatter.sid,
    sms.sid,
    message.sid,
    ...receipts.map((r) => r.sid),
    user.sid,
    role.sid,
    webhook.sid,
    address.sid,
    credential.sid,
    media,
    child.sid,
  ];
  return {
    account,
    key: { sid: key.sid, secret: key.secret },
    defaultServiceSid,
    serviceSid: service.sid,
    conversationSid: conversation.sid,
    uniqueName,
    phone,
    proxy,
    ids,
    markers: [label, phone, proxy],
    sids,
    token,
  };
}

/** Real ids for a path parameter of a route pattern (`/v1/Conversations/:ConversationSid/Participants/:Sid`). */
export function idsFor(ids: Map<string, string[]>, url: string, name: string): string[] {
  const before =
    url
      .slice(0, url.indexOf(`:${name}`))
      .split('/')
      .filter(Boolean)
      .pop() ?? '';
  return ids.get(`${before}/:${name}`) ?? ids.get(`:${name}`) ?? [...new Set([...ids.values()].flat())];
}
