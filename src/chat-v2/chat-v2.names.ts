import type { CHAT_ONLY_PERMISSIONS, RoleType } from '../services/default-roles';

/**
 * Chat v2 and Conversations v1 name the same things differently: a channel is a conversation, a
 * member a participant, a `deployment` role a `service` role. Roles, filters and events are stored
 * once, with the Conversations names; Chat v2 reads and writes them through these tables.
 */

export const CHAT_ROLE_TYPES = ['channel', 'deployment'] as const;
export type ChatRoleType = (typeof CHAT_ROLE_TYPES)[number];

export const roleTypeFromChat = (type: ChatRoleType): RoleType => (type === 'channel' ? 'conversation' : 'service');
export const roleTypeToChat = (type: string): ChatRoleType => (type === 'conversation' ? 'channel' : 'deployment');

/** Chat permission names and the Conversations permission each is stored as. */
const PERMISSIONS: [chat: string, conversations: string][] = [
  ['createChannel', 'createConversation'],
  ['joinChannel', 'joinConversation'],
  ['destroyChannel', 'deleteConversation'],
  ['leaveChannel', 'leaveConversation'],
  ['addMember', 'addParticipant'],
  ['removeMember', 'removeParticipant'],
  ['editChannelName', 'editConversationName'],
  ['editChannelAttributes', 'editConversationAttributes'],
  ['editOwnMemberAttributes', 'editOwnParticipantAttributes'],
  ['editAnyMemberAttributes', 'editAnyParticipantAttributes'],
];
const TO_V1 = new Map(PERMISSIONS);
const TO_CHAT = new Map(PERMISSIONS.map(([chat, v1]) => [v1, chat]));

/** Chat only: inviting to a channel (Conversations has no invites); stored under its own name. */
export const INVITE_PERMISSION: (typeof CHAT_ONLY_PERMISSIONS)[number] = 'inviteMember';

export const permissionFromChat = (name: string): string => TO_V1.get(name.trim()) ?? name.trim();
export const permissionToChat = (name: string): string => TO_CHAT.get(name) ?? name;

/** Chat v2 webhook event names (filters, EventType) and the Conversations event each is. */
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
export const CHAT_EVENTS = EVENTS.map(([chat]) => chat);
/** Post-event names a channel-scoped webhook may filter on. */
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
const EVENT_TO_V1 = new Map(EVENTS);
const EVENT_TO_CHAT = new Map(EVENTS.map(([chat, v1]) => [v1, chat]));
// Conversations' legacy names are Chat's: stored filters written through v1 read back as Chat names too.
EVENT_TO_CHAT.set('onMessageSent', 'onMessageSent');
EVENT_TO_CHAT.set('onMessageSend', 'onMessageSend');
EVENT_TO_CHAT.set('onConversationDestroyed', 'onChannelDestroyed');

export const eventFromChat = (name: string): string => EVENT_TO_V1.get(name) ?? name;
export const eventToChat = (name: string): string => EVENT_TO_CHAT.get(name) ?? name;
