export type ConversationState = 'initializing' | 'active' | 'inactive' | 'closed';

export interface ConversationRecord {
  sid: string;
  accountSid: string;
  serviceSid: string;
  messagingServiceSid: string | null;
  friendlyName: string | null;
  uniqueName: string | null;
  attributes: string;
  state: string;
  timerInactive: string | null;
  timerClosed: string | null;
  dateInactive: Date | null;
  dateClosed: Date | null;
  bindings: unknown;
  createdBy: string | null;
  /** As stored (ChannelType): public | private | conversation; Chat shows chatChannelType(). */
  channelType: string;
  dateCreated: Date;
  dateUpdated: Date;
}

/** Programmable Chat's channel types, what Chat v2 and the Chat SDK show. */
export type ChatChannelType = 'public' | 'private';

/**
 * A conversation's channel type as stored: Chat's `public` and `private` (made through Chat v2 REST,
 * the Chat SDK's createChannel or Flex), and `conversation` for one made through the Conversations
 * API (REST v1, the Conversations SDK, autocreation). Chat shows the last as private; who may peek
 * at and join it is Conversations' rule (src/channel-access).
 */
export type ChannelType = ChatChannelType | 'conversation';

/** The type Chat shows for a stored channel type: a Conversations-made conversation is a private channel. */
export function chatChannelType(stored: string): ChatChannelType {
  return stored === 'public' ? 'public' : 'private';
}

/** The stored types a Chat type filter matches (Chat's private includes Conversations-made ones). */
export function storedChannelTypes(types: readonly ChatChannelType[]): ChannelType[] {
  return types.flatMap((t): ChannelType[] => (t === 'private' ? ['private', 'conversation'] : [t]));
}

export interface ConversationFilter {
  state?: string;
  startDate?: Date;
  endDate?: Date;
  /** Chat v2 channel types to list (all when absent); private includes Conversations-made ones. */
  channelTypes?: ChatChannelType[];
}

/**
 * What a create or update asks for, whichever API it came through (Conversations v1 or Chat v2):
 * validated values, absent when not given.
 */
export interface ConversationInput {
  friendlyName?: string;
  uniqueName?: string;
  attributes?: string;
  messagingServiceSid?: string;
  state?: ConversationState;
  timersInactive?: string;
  timersClosed?: string;
  dateCreated?: Date;
  dateUpdated?: Date;
  bindingsEmailAddress?: string;
  bindingsEmailName?: string;
  /** Chat's public or private (create only); absent: a Conversations-made conversation (`conversation`). */
  channelType?: ChannelType;
  /** Chat v2's CreatedBy (REST); an SDK creator's identity otherwise. */
  createdBy?: string;
}

/** Fields a create or update writes (already validated). */
export interface ConversationWrite {
  friendlyName?: string | null;
  uniqueName?: string | null;
  attributes?: string;
  messagingServiceSid?: string | null;
  state?: ConversationState;
  timerInactive?: string | null;
  timerClosed?: string | null;
  dateInactive?: Date | null;
  dateClosed?: Date | null;
  bindings?: Record<string, unknown>;
  createdBy?: string | null;
  channelType?: ChannelType;
  dateCreated?: Date;
  dateUpdated?: Date;
}
