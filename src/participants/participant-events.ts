import { isoDate } from '../common/wire-format';
import type { EventFields } from '../events/event-types';
import type { NewParticipant, ParticipantRecord } from './participants.types';

const bindingType = (type: string | null) => (type === null ? 'CHAT' : type.toUpperCase());

/** The fields participant events carry (Twilio's names). */
export function participantEventFields(p: ParticipantRecord): EventFields {
  return {
    ConversationSid: p.conversationSid,
    ParticipantSid: p.sid,
    DateCreated: isoDate(p.dateCreated),
    DateUpdated: isoDate(p.dateUpdated),
    Identity: p.identity,
    RoleSid: p.roleSid,
    Attributes: p.attributes,
    'MessagingBinding.Address': p.address,
    'MessagingBinding.ProxyAddress': p.proxyAddress,
    'MessagingBinding.ProjectedAddress': p.projectedAddress,
    'MessagingBinding.Type': bindingType(p.address === null && p.projectedAddress === null ? null : p.bindingType),
    LastReadMessageIndex: p.lastReadMessageIndex,
  };
}

/** onParticipantAdd: what the participant will be. */
export function newParticipantEventFields(conversationSid: string, p: NewParticipant): EventFields {
  return {
    ConversationSid: conversationSid,
    Identity: p.kind === 'chat' ? p.identity : null,
    RoleSid: p.roleSid ?? null,
    Attributes: p.attributes,
    'MessagingBinding.Address': p.kind === 'binding' ? p.address : null,
    'MessagingBinding.ProxyAddress': p.kind === 'binding' ? p.proxyAddress : null,
    'MessagingBinding.ProjectedAddress': p.kind === 'chat' ? (p.projectedAddress ?? null) : null,
    'MessagingBinding.Type': p.kind === 'binding' ? p.type.toUpperCase() : 'CHAT',
  };
}
