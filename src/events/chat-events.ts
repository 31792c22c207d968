/**
 * Programmable Chat names of the Conversations events (a channel is a conversation, a member a
 * participant), and the Chat form of an event's webhook fields. Events are recorded once, in the
 * Conversations form; a Chat webhook target gets them translated.
 */
const EVENTS: [chat: string, conversations: string][] = [
  ['onMessageSend', 'onMessageAdd'],
  ['onMessageSent', 'onMessageAdded'],
  ['onMessageUpdate', 'onMessageUpdate'],
  ['onMessageUpdated', 'onMessageUpdated'],
  ['onMessageRemove', 'onMessageRemove'],
  ['onMessageRemoved', 'onMessageRemoved'],
  ['onChannelAdd', 'onConversationAdd'],
  ['onChannelAdded', 'onConversationAdded'],
  ['onChannelUpdate', 'onConversationUpdate'],
  ['onChannelUpdated', 'onConversationUpdated'],
  ['onChannelDestroy', 'onConversationRemove'],
  ['onChannelDestroyed', 'onConversationRemoved'],
  ['onMemberAdd', 'onParticipantAdd'],
  ['onMemberAdded', 'onParticipantAdded'],
  ['onMemberUpdate', 'onParticipantUpdate'],
  ['onMemberUpdated', 'onParticipantUpdated'],
  ['onMemberRemove', 'onParticipantRemove'],
  ['onMemberRemoved', 'onParticipantRemoved'],
  ['onUserAdded', 'onUserAdded'],
  ['onUserUpdate', 'onUserUpdate'],
  ['onUserUpdated', 'onUserUpdated'],
];

/** Every Chat event name a service's WebhookFilters accepts. */
export const CHAT_EVENTS = EVENTS.map(([chat]) => chat);

/** Post events a channel-scoped webhook may filter on. */
export const CHAT_CHANNEL_EVENTS = [
  'onMessageSent',
  'onMessageUpdated',
  'onMessageRemoved',
  'onChannelUpdated',
  'onChannelDestroyed',
  'onMemberAdded',
  'onMemberUpdated',
  'onMemberRemoved',
];

const TO_V1 = new Map(EVENTS);
const TO_CHAT = new Map(EVENTS.map(([chat, v1]) => [v1, chat]));
// Conversations' legacy names are Chat's: filters written through v1 read back as Chat names too.
TO_CHAT.set('onMessageSent', 'onMessageSent');
TO_CHAT.set('onMessageSend', 'onMessageSend');
TO_CHAT.set('onConversationDestroyed', 'onChannelDestroyed');

export const eventFromChat = (name: string): string => TO_V1.get(name) ?? name;
export const eventToChat = (name: string): string => TO_CHAT.get(name) ?? name;

/** Conversations field names and their Chat names; fields Chat has no word for are left out. */
const FIELD_NAMES: Record<string, string | null> = {
  EventType: 'EventType',
  ChatServiceSid: 'InstanceSid',
  ConversationSid: 'ChannelSid',
  ParticipantSid: 'MemberSid',
  Author: 'From',
  MessagingServiceSid: null,
  State: null,
  Timers: null,
  MessagingBinding: null,
};

/**
 * The form fields a Chat webhook receives for an event recorded in the Conversations form: Chat's
 * EventType and names (InstanceSid, ChannelSid, MemberSid, From), WebhookType, WebhookSid (a
 * channel-scoped webhook) and RetryCount (the retry this is, 0 for the first attempt).
 */
export function chatPayload(payload: Record<string, string>, retryCount: number, webhookSid?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload)) {
    const name = key in FIELD_NAMES ? FIELD_NAMES[key] : key.startsWith('MessagingBinding.') || key.startsWith('Timers.') ? null : key;
    if (name) out[name] = value;
  }
  out.EventType = eventToChat(payload.EventType);
  out.WebhookType = 'webhook';
  if (webhookSid) out.WebhookSid = webhookSid;
  out.RetryCount = String(retryCount);
  return out;
}
