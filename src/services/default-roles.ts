/** Permission names as Twilio's Role resource spells them. */
export const SERVICE_PERMISSIONS = [
  'addParticipant',
  'createConversation',
  'deleteAnyMessage',
  'deleteConversation',
  'editAnyMessage',
  'editAnyMessageAttributes',
  'editAnyUserInfo',
  'editConversationAttributes',
  'editConversationName',
  'editOwnMessage',
  'editOwnMessageAttributes',
  'editOwnUserInfo',
  'joinConversation',
  'removeParticipant',
] as const;

export const CONVERSATION_PERMISSIONS = [
  'addParticipant',
  'addNonChatParticipant',
  'deleteAnyMessage',
  'deleteOwnMessage',
  'deleteConversation',
  'editAnyMessage',
  'editAnyMessageAttributes',
  'editAnyParticipantAttributes',
  'editAnyUserInfo',
  'editConversationAttributes',
  'editConversationName',
  'editNotificationLevel',
  'editOwnMessage',
  'editOwnMessageAttributes',
  'editOwnParticipantAttributes',
  'editOwnUserInfo',
  'leaveConversation',
  'removeParticipant',
  'sendMediaMessage',
  'sendMessage',
] as const;

/** Programmable Chat permissions Conversations has no counterpart for (Chat v2 roles may hold them, either type). */
export const CHAT_ONLY_PERMISSIONS = ['inviteMember'] as const;

export type RoleType = 'service' | 'conversation';

/**
 * The roles every new service starts with, as on Twilio: the creator of a conversation is its
 * "channel admin", other participants are "channel user", every user is "service user".
 */
export const DEFAULT_ROLES: {
  key: 'serviceAdmin' | 'serviceUser' | 'channelAdmin' | 'channelUser';
  friendlyName: string;
  type: RoleType;
  permissions: string[];
}[] = [
  { key: 'serviceAdmin', friendlyName: 'service admin', type: 'service', permissions: [...SERVICE_PERMISSIONS] },
  {
    key: 'serviceUser',
    friendlyName: 'service user',
    type: 'service',
    permissions: ['createConversation', 'joinConversation', 'editOwnMessage', 'editOwnMessageAttributes', 'editOwnUserInfo'],
  },
  {
    key: 'channelAdmin',
    friendlyName: 'channel admin',
    type: 'conversation',
    permissions: CONVERSATION_PERMISSIONS.filter((p) => p !== 'editAnyUserInfo'),
  },
  {
    key: 'channelUser',
    friendlyName: 'channel user',
    type: 'conversation',
    permissions: [
      'sendMessage',
      'sendMediaMessage',
      'leaveConversation',
      'editOwnMessage',
      'editOwnMessageAttributes',
      'deleteOwnMessage',
      'editOwnParticipantAttributes',
      'editNotificationLevel',
      'editOwnUserInfo',
    ],
  },
];
