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
  /** Chat v2: public | private. */
  channelType: string;
  dateCreated: Date;
  dateUpdated: Date;
}

export type ChannelType = 'public' | 'private';

export interface ConversationFilter {
  state?: string;
  startDate?: Date;
  endDate?: Date;
  /** Chat v2 channel types to list (all when absent). */
  channelTypes?: ChannelType[];
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
  /** Chat v2: public or private (create only; private when absent, as every Conversations-made one). */
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
