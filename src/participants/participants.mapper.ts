import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { v1Path } from '../common/v1-paths';
import { isoDate } from '../common/wire-format';
import type { ServiceScope } from '../services/services.types';
import type { ParticipantConversationRecord, ParticipantRecord } from './participants.types';

type Scope = Pick<ServiceScope, 'scoped' | 'serviceSid'>;

export function messagingBinding(p: Pick<ParticipantRecord, 'bindingType' | 'address' | 'proxyAddress' | 'projectedAddress'>) {
  if (p.address !== null) return { type: p.bindingType, address: p.address, proxy_address: p.proxyAddress };
  if (p.projectedAddress !== null) return { type: p.bindingType ?? 'sms', projected_address: p.projectedAddress };
  return null;
}

/** ParticipantConversations spell the binding out with every field, null when unset (Twilio's example). */
function fullMessagingBinding(p: Pick<ParticipantRecord, 'bindingType' | 'address' | 'proxyAddress' | 'projectedAddress'>) {
  const binding = messagingBinding(p);
  if (binding === null) return null;
  return {
    address: p.address,
    proxy_address: p.proxyAddress,
    type: binding.type,
    level: null,
    name: null,
    projected_address: p.projectedAddress,
  };
}

@Injectable()
export class ParticipantsMapper {
  constructor(private readonly config: AppConfig) {}

  participant(p: ParticipantRecord, scope: Scope) {
    return {
      account_sid: p.accountSid,
      ...(scope.scoped ? { chat_service_sid: p.serviceSid } : {}),
      conversation_sid: p.conversationSid,
      sid: p.sid,
      identity: p.identity,
      attributes: p.attributes,
      messaging_binding: messagingBinding(p),
      role_sid: p.roleSid,
      date_created: isoDate(p.dateCreated),
      date_updated: isoDate(p.dateUpdated),
      url: this.config.publicUrl + v1Path(scope, 'Conversations', p.conversationSid, 'Participants', p.sid),
      last_read_message_index: p.lastReadMessageIndex,
      last_read_timestamp: isoDate(p.lastReadTimestamp),
    };
  }

  participantConversation({ participant: p, conversation: c }: ParticipantConversationRecord, scope: Scope) {
    const conversationUrl = this.config.publicUrl + v1Path(scope, 'Conversations', c.sid);
    const timers: Record<string, string> = {};
    if (c.dateInactive) timers.date_inactive = isoDate(c.dateInactive)!;
    if (c.dateClosed) timers.date_closed = isoDate(c.dateClosed)!;
    return {
      account_sid: p.accountSid,
      chat_service_sid: p.serviceSid,
      participant_sid: p.sid,
      participant_user_sid: p.userSid,
      participant_identity: p.identity,
      participant_messaging_binding: fullMessagingBinding(p),
      conversation_sid: c.sid,
      conversation_unique_name: c.uniqueName,
      conversation_friendly_name: c.friendlyName,
      conversation_attributes: c.attributes,
      conversation_date_created: isoDate(c.dateCreated),
      conversation_date_updated: isoDate(c.dateUpdated),
      conversation_created_by: c.createdBy,
      conversation_state: c.state,
      conversation_timers: timers,
      links: { participant: `${conversationUrl}/Participants/${p.sid}`, conversation: conversationUrl },
    };
  }
}
