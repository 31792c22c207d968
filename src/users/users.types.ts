export interface UserRecord {
  sid: string;
  accountSid: string;
  serviceSid: string;
  identity: string;
  friendlyName: string | null;
  attributes: string;
  roleSid: string | null;
  /**
   * Reachability: null when the service's ReachabilityEnabled is false; otherwise whether the user
   * has a realtime connection (false until the realtime layer reports one) and a push binding.
   */
  isOnline: boolean | null;
  isNotifiable: boolean | null;
  dateCreated: Date;
  dateUpdated: Date;
}

/** A conversation of a user, seen through the user's participant (UserConversation). */
export interface UserConversationRecord {
  userSid: string;
  participant: {
    sid: string;
    accountSid: string;
    serviceSid: string;
    lastReadMessageIndex: number | null;
    lastReadTimestamp: Date | null;
    notificationLevel: string;
    /** When the user joined (the list's order). */
    dateCreated: Date;
  };
  conversation: {
    sid: string;
    friendlyName: string | null;
    uniqueName: string | null;
    attributes: string;
    state: string;
    dateInactive: Date | null;
    dateClosed: Date | null;
    createdBy: string | null;
    channelType: string;
    dateCreated: Date;
    dateUpdated: Date;
  };
  /** Messages after last_read_message_index; null while the read horizon was never set. */
  unreadMessagesCount: number | null;
}

/** User fields as asked for through either API (Conversations v1 or Chat v2 Users). */
export interface UserUpdateInput {
  friendlyName?: string;
  attributes?: string;
  roleSid?: string;
}

export interface UserInput extends UserUpdateInput {
  identity: string;
}

/** A user's own view of one conversation (v1 UserConversation, Chat v2 UserChannel). */
export interface UserConversationUpdateInput {
  notificationLevel?: 'default' | 'muted';
  /** null (never from REST: the SDK's setAllMessagesUnread) clears the read horizon. */
  lastReadMessageIndex?: number | null;
  lastReadTimestamp?: Date;
}
