import { isoDate } from '../common/wire-format';
import type { EventFields } from '../events/event-types';
import type { ConversationRecord } from './conversations.types';

/** The fields conversation events carry (Twilio's names). */
export function conversationEventFields(c: ConversationRecord): EventFields {
  return {
    ConversationSid: c.sid,
    DateCreated: isoDate(c.dateCreated),
    DateUpdated: isoDate(c.dateUpdated),
    FriendlyName: c.friendlyName,
    UniqueName: c.uniqueName,
    Attributes: c.attributes,
    ChatServiceSid: c.serviceSid,
    MessagingServiceSid: c.messagingServiceSid,
    State: c.state,
  };
}

/** onConversationStateUpdated: from, to, why (API, TIMER, EVENT). */
export function stateEventFields(c: ConversationRecord, from: string, reason: 'API' | 'TIMER' | 'EVENT'): EventFields {
  return {
    ChatServiceSid: c.serviceSid,
    ConversationSid: c.sid,
    MessagingServiceSid: c.messagingServiceSid,
    StateUpdated: isoDate(new Date()),
    StateFrom: from,
    StateTo: c.state,
    Reason: reason,
  };
}
