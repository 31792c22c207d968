import { isoDate } from '../common/wire-format';
import { chatChannelType, type ConversationRecord } from '../conversations/conversations.types';
import type { ReceiptRecord } from '../delivery/delivery.types';
import { conversationSyncSids } from '../events/sync-sids';
import type { InviteRecord } from '../invites/invites.types';
import type { MessageRecord } from '../messages/messages.types';
import type { ParticipantRecord } from '../participants/participants.types';
import type { UserConversationRecord, UserRecord } from '../users/users.types';
import type { AimLinks } from './chat-api.links';

/**
 * The AIM answers (docs/sdk-wire.md 2.5): the fields the SDK reads, plus Twilio-like extras. Pure
 * functions of the records and the request's links.
 */

/** What the caller is to a conversation: `joined` (a chat participant) or `notParticipating`. */
export type ParticipationStatus = 'joined' | 'notParticipating';

const syncObjects = (conversationSid: string) => {
  const sids = conversationSyncSids(conversationSid);
  return { conversation: sids.document, messages: sids.messages, participants: sids.roster };
};

const conversationLinks = (links: AimLinks, sid: string) => ({
  participants: links.participants(sid),
  messages: links.messages(sid),
  invites: links.invites(sid),
});

/** A conversation: create (A3), fetch (A24, A25). */
export function conversationJson(
  c: ConversationRecord,
  links: AimLinks,
  view: { status: ParticipationStatus; notificationLevel: string | null; participantsCount: number; messagesCount: number },
) {
  return {
    account_sid: c.accountSid,
    chat_service_sid: c.serviceSid,
    sid: c.sid,
    friendly_name: c.friendlyName,
    unique_name: c.uniqueName,
    attributes: c.attributes,
    created_by: c.createdBy,
    date_created: isoDate(c.dateCreated),
    date_updated: isoDate(c.dateUpdated),
    state: c.state,
    // Chat's channel type (public or private); the Conversations SDK ignores it.
    type: chatChannelType(c.channelType),
    status: view.status,
    notification_level: view.notificationLevel ?? 'default',
    participants_count: view.participantsCount,
    messages_count: view.messagesCount,
    sync_objects: syncObjects(c.sid),
    url: links.conversation(c.sid),
    links: conversationLinks(links, c.sid),
  };
}

/** One of the caller's conversations (A2 items, A20-A23). */
export function myConversationJson(r: UserConversationRecord, links: AimLinks) {
  const { participant: p, conversation: c } = r;
  return {
    account_sid: p.accountSid,
    chat_service_sid: p.serviceSid,
    conversation_sid: c.sid,
    status: 'joined' as ParticipationStatus,
    friendly_name: c.friendlyName,
    unique_name: c.uniqueName,
    attributes: c.attributes,
    created_by: c.createdBy,
    date_created: isoDate(c.dateCreated),
    date_updated: isoDate(c.dateUpdated),
    conversation_state: c.state,
    type: chatChannelType(c.channelType),
    last_read_message_index: p.lastReadMessageIndex,
    // The Chat SDK's name for the read horizon.
    last_consumed_message_index: p.lastReadMessageIndex,
    last_read_timestamp: isoDate(p.lastReadTimestamp),
    unread_messages_count: r.unreadMessagesCount,
    notification_level: p.notificationLevel,
    participant_sid: p.sid,
    user_sid: r.userSid,
    sync_objects: syncObjects(c.sid),
    url: links.myConversation(c.sid),
    links: { ...conversationLinks(links, c.sid), conversation: links.conversation(c.sid) },
  };
}

/** A channel the caller is invited to (Chat), in its list (A2's first page) with status `invited`. */
export function invitedConversationJson(invite: InviteRecord, c: ConversationRecord, links: AimLinks) {
  return {
    account_sid: invite.accountSid,
    chat_service_sid: invite.serviceSid,
    conversation_sid: c.sid,
    status: 'invited' as const,
    friendly_name: c.friendlyName,
    unique_name: c.uniqueName,
    attributes: c.attributes,
    created_by: c.createdBy,
    date_created: isoDate(c.dateCreated),
    date_updated: isoDate(c.dateUpdated),
    conversation_state: c.state,
    type: chatChannelType(c.channelType),
    last_read_message_index: null,
    last_consumed_message_index: null,
    last_read_timestamp: null,
    unread_messages_count: null,
    notification_level: 'default',
    participant_sid: null,
    sync_objects: syncObjects(c.sid),
    url: links.myConversation(c.sid),
    links: { ...conversationLinks(links, c.sid), conversation: links.conversation(c.sid) },
  };
}

/** A participant (A9, A10 return it raw to the app as `ParticipantResponse`). */
export function participantJson(p: ParticipantRecord, links: AimLinks) {
  return {
    account_sid: p.accountSid,
    chat_service_sid: p.serviceSid,
    conversation_sid: p.conversationSid,
    role_sid: p.roleSid,
    sid: p.sid,
    identity: p.identity,
    attributes: p.attributes,
    messaging_binding: p.address
      ? { type: p.bindingType, address: p.address, proxy_address: p.proxyAddress }
      : p.projectedAddress
        ? { type: p.bindingType, projected_address: p.projectedAddress }
        : null,
    last_read_message_index: p.lastReadMessageIndex,
    last_read_timestamp: isoDate(p.lastReadTimestamp),
    date_created: isoDate(p.dateCreated),
    date_updated: isoDate(p.dateUpdated),
    url: links.participant(p.conversationSid, p.sid),
    links: { conversation: links.conversation(p.conversationSid) },
  };
}

/** A message (A14-A18; the SDK reads `index`). */
export function messageJson(m: MessageRecord, links: AimLinks) {
  return {
    account_sid: m.accountSid,
    chat_service_sid: m.serviceSid,
    conversation_sid: m.conversationSid,
    sid: m.sid,
    index: m.index,
    author: m.author,
    body: m.body,
    subject: m.subject,
    attributes: m.attributes,
    participant_sid: m.participantSid,
    content_sid: m.contentSid,
    media: m.media?.map((item) => ({ ...item, category: 'media' })) ?? null,
    delivery: m.delivery,
    date_created: isoDate(m.dateCreated),
    date_updated: isoDate(m.dateUpdated),
    url: links.message(m.conversationSid, m.sid),
    links: { conversation: links.conversation(m.conversationSid), messages_receipts: links.receipts(m.conversationSid, m.sid) },
  };
}

/** A detailed delivery receipt (A30): `error_code` a string or null, as the SDK reads it. */
export function receiptJson(r: ReceiptRecord) {
  return {
    sid: r.sid,
    account_sid: r.accountSid,
    chat_service_sid: r.serviceSid,
    conversation_sid: r.conversationSid,
    message_sid: r.messageSid,
    channel_message_sid: r.channelMessageSid,
    participant_sid: r.participantSid,
    status: r.status ?? 'queued',
    error_code: r.errorCode === null ? null : String(r.errorCode),
    date_created: isoDate(r.dateCreated),
    date_updated: isoDate(r.dateUpdated),
  };
}

/** A user (A28): `sync_objects.user_info_map` is what the SDK reads. */
export function userJson(u: UserRecord, links: AimLinks, userInfoMap: string) {
  return {
    account_sid: u.accountSid,
    chat_service_sid: u.serviceSid,
    sid: u.sid,
    identity: u.identity,
    friendly_name: u.friendlyName,
    attributes: u.attributes,
    role_sid: u.roleSid,
    is_online: u.isOnline,
    is_notifiable: u.isNotifiable,
    date_created: isoDate(u.dateCreated),
    date_updated: isoDate(u.dateUpdated),
    sync_objects: { user_info_map: userInfoMap },
    url: links.user(u.identity),
  };
}
