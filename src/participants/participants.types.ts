import type { ChannelType } from '../common/channel-address';

export interface ParticipantRecord {
  sid: string;
  accountSid: string;
  serviceSid: string;
  conversationSid: string;
  identity: string | null;
  userSid: string | null;
  roleSid: string | null;
  attributes: string;
  bindingType: string | null;
  address: string | null;
  proxyAddress: string | null;
  projectedAddress: string | null;
  lastReadMessageIndex: number | null;
  lastReadTimestamp: Date | null;
  dateCreated: Date;
  dateUpdated: Date;
}

/** A validated new participant: a chat identity, or a messaging binding (address + proxy address). */
export type NewParticipant = {
  attributes: string;
  roleSid?: string | null;
  /** Chat v2's CreateMember may set the consumption horizon at once. */
  lastReadMessageIndex?: number;
  lastReadTimestamp?: Date;
  dateCreated?: Date;
  dateUpdated?: Date;
} & (
  | { kind: 'chat'; identity: string; projectedAddress?: string }
  | { kind: 'binding'; type: ChannelType; address: string; proxyAddress: string }
);

/** A participant together with its conversation, for ParticipantConversations. */
export interface ParticipantConversationRecord {
  participant: ParticipantRecord;
  conversation: {
    sid: string;
    uniqueName: string | null;
    friendlyName: string | null;
    attributes: string;
    state: string;
    dateInactive: Date | null;
    dateClosed: Date | null;
    createdBy: string | null;
    dateCreated: Date;
    dateUpdated: Date;
  };
}

/** A new participant as asked for through either API (Conversations v1 Participants, Chat v2 Members). */
export interface ParticipantInput {
  identity?: string;
  lastReadMessageIndex?: number;
  lastReadTimestamp?: Date;
  messagingBindingAddress?: string;
  messagingBindingProxyAddress?: string;
  messagingBindingProjectedAddress?: string;
  roleSid?: string;
  attributes?: string;
  dateCreated?: Date;
  dateUpdated?: Date;
}

/** A participant update through either API; Chat v2's consumption horizon is the read horizon. */
export interface ParticipantUpdateInput {
  identity?: string;
  roleSid?: string;
  attributes?: string;
  messagingBindingProxyAddress?: string;
  messagingBindingProjectedAddress?: string;
  lastReadMessageIndex?: number;
  lastReadTimestamp?: Date;
  dateCreated?: Date;
  dateUpdated?: Date;
}
