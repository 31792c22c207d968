import type { PostEvent } from './event-types';

/** Every kind of change the feed carries (docs/change-feed.md, "Types"). */
export const CHANGE_TYPES = [
  'conversation.added',
  'conversation.updated',
  'conversation.state_updated',
  'conversation.removed',
  'participant.added',
  'participant.updated',
  'participant.removed',
  'message.added',
  'message.updated',
  'message.removed',
  'delivery.updated',
  'user.added',
  'user.updated',
  'user.reachability',
  'user_conversation.updated',
  'user_conversation.removed',
  /** Chat: an identity invited to a channel, an invite gone (declined or revoked; one taken by joining goes with participant.added). */
  'invite.added',
  'invite.removed',
  /** Not a change: an old event sent again to one new conversation webhook (Configuration.ReplayAfter). */
  'webhook.replay',
] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

/** The Twilio post-event a change fires, when it fires one. */
export const POST_EVENT_OF: Partial<Record<ChangeType, PostEvent>> = {
  'conversation.added': 'onConversationAdded',
  'conversation.updated': 'onConversationUpdated',
  'conversation.state_updated': 'onConversationStateUpdated',
  'conversation.removed': 'onConversationRemoved',
  'participant.added': 'onParticipantAdded',
  'participant.updated': 'onParticipantUpdated',
  'participant.removed': 'onParticipantRemoved',
  'message.added': 'onMessageAdded',
  'message.updated': 'onMessageUpdated',
  'message.removed': 'onMessageRemoved',
  'delivery.updated': 'onDeliveryUpdated',
  'user.added': 'onUserAdded',
  'user.updated': 'onUserUpdated',
  'webhook.replay': 'onMessageAdded',
};

/** A change as published over Redis after commit, and as readers get it back from `change_events`. */
export interface FeedEvent {
  /** The feed position (`change_events.id`), as a decimal string. */
  id: string;
  sid: string;
  type: ChangeType;
  accountSid: string;
  serviceSid: string;
  conversationSid: string | null;
  conversationSeq: number | null;
  identity: string | null;
  userSeq: number | null;
  subjectSid: string | null;
  /** When it was written (ISO-8601). */
  at: string;
}

/** A written change, as the writer hands it to the publisher: the feed event, and whether a webhook wants it. */
export interface RecordedChange {
  event: FeedEvent;
  webhooks: boolean;
}

/** The Redis channel a service's changes are published on. */
export const feedChannel = (prefix: string, serviceSid: string): string => `${prefix}:feed:${serviceSid}`;
