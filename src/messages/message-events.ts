import { isoDate } from '../common/wire-format';
import type { EventFields } from '../events/event-types';
import type { MessageRecord } from './messages.types';

/** The fields message events carry (Twilio's names). */
export function messageEventFields(m: MessageRecord): EventFields {
  return {
    ConversationSid: m.conversationSid,
    MessageSid: m.sid,
    Index: m.index,
    DateCreated: isoDate(m.dateCreated),
    DateUpdated: isoDate(m.dateUpdated),
    Body: m.body,
    Author: m.author,
    ParticipantSid: m.participantSid,
    Attributes: m.attributes,
    Media: m.media ? JSON.stringify(m.media) : null,
  };
}
