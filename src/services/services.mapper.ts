import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { isoDate } from '../common/wire-format';
import type { AccountConfigurationRecord, ServiceConfigurationRecord, ServiceRecord } from './services.types';

/** Wire shapes of services and configuration (snake_case, absolute URLs). */
@Injectable()
export class ServicesMapper {
  private readonly origin: string;

  constructor(config: AppConfig) {
    this.origin = config.publicUrl;
  }

  service(s: ServiceRecord) {
    const url = `${this.origin}/v1/Services/${s.sid}`;
    return {
      sid: s.sid,
      account_sid: s.accountSid,
      friendly_name: s.friendlyName,
      date_created: isoDate(s.dateCreated),
      date_updated: isoDate(s.dateUpdated),
      url,
      links: {
        conversations: `${url}/Conversations`,
        users: `${url}/Users`,
        roles: `${url}/Roles`,
        bindings: `${url}/Bindings`,
        configuration: `${url}/Configuration`,
        participant_conversations: `${url}/ParticipantConversations`,
        conversation_with_participants: `${url}/ConversationWithParticipants`,
      },
    };
  }

  serviceConfiguration(c: ServiceConfigurationRecord) {
    const url = `${this.origin}/v1/Services/${c.sid}/Configuration`;
    return {
      chat_service_sid: c.sid,
      default_conversation_creator_role_sid: c.defaultConversationCreatorRoleSid,
      default_conversation_role_sid: c.defaultConversationRoleSid,
      default_chat_service_role_sid: c.defaultChatServiceRoleSid,
      reachability_enabled: c.reachabilityEnabled,
      url,
      links: { notifications: `${url}/Notifications`, webhooks: `${url}/Webhooks` },
    };
  }

  accountConfiguration(c: AccountConfigurationRecord) {
    return {
      account_sid: c.accountSid,
      default_chat_service_sid: c.defaultChatServiceSid,
      default_messaging_service_sid: c.defaultMessagingServiceSid,
      default_inactive_timer: c.defaultInactiveTimer,
      default_closed_timer: c.defaultClosedTimer,
      url: `${this.origin}/v1/Configuration`,
      links: {
        service: `${this.origin}/v1/Services/${c.defaultChatServiceSid}/Configuration`,
        webhooks: `${this.origin}/v1/Configuration/Webhooks`,
      },
    };
  }
}
