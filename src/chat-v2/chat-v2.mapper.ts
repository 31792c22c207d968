import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { isoDate } from '../common/wire-format';
import { chatChannelType, type ConversationRecord } from '../conversations/conversations.types';
import type { InviteRecord } from '../invites/invites.types';
import type { MessageRecord } from '../messages/messages.types';
import type { ParticipantRecord } from '../participants/participants.types';
import type { PushBindingRecord, PushCredentialRecord, ServiceNotifications } from '../push/push.types';
import type { RoleRecord } from '../roles/roles.types';
import type { ChatSettingsRecord } from '../services/services.types';
import type { UserConversationRecord, UserRecord } from '../users/users.types';
import type { WebhookSettings } from '../webhooks/webhook-configuration.repository';
import { eventToChat, permissionToChat, roleTypeToChat } from './chat-v2.names';

/** Chat v2 allows 150 MB media; the router's media limit is its own (MEDIA_MAX_BYTES) but the field is Twilio's. */
const MEDIA_SIZE_LIMIT_MB = 150;

/** Wire shapes of Chat v2 (twilio_chat_v2.json): snake_case, absolute URLs under /v2. */
@Injectable()
export class ChatV2Mapper {
  private readonly origin: string;

  constructor(config: AppConfig) {
    this.origin = config.publicUrl;
  }

  private serviceUrl(serviceSid: string): string {
    return `${this.origin}/v2/Services/${serviceSid}`;
  }

  service(s: ChatSettingsRecord, webhooks: WebhookSettings, notifications: ServiceNotifications & { invited_to_channel?: unknown }) {
    const url = this.serviceUrl(s.sid);
    return {
      sid: s.sid,
      account_sid: s.accountSid,
      friendly_name: s.friendlyName,
      date_created: isoDate(s.dateCreated),
      date_updated: isoDate(s.dateUpdated),
      default_service_role_sid: s.defaultChatServiceRoleSid,
      default_channel_role_sid: s.defaultConversationRoleSid,
      default_channel_creator_role_sid: s.defaultConversationCreatorRoleSid,
      read_status_enabled: s.readStatusEnabled,
      reachability_enabled: s.reachabilityEnabled,
      typing_indicator_timeout: s.typingIndicatorTimeout,
      consumption_report_interval: s.consumptionReportInterval,
      limits: { channel_members: s.limitsChannelMembers, user_channels: s.limitsUserChannels },
      pre_webhook_url: webhooks.chatPreWebhookUrl ?? null,
      post_webhook_url: webhooks.chatPostWebhookUrl ?? null,
      webhook_method: webhooks.chatWebhookMethod ?? 'POST',
      webhook_filters: (webhooks.chatWebhookFilters ?? []).map(eventToChat),
      pre_webhook_retry_count: s.preWebhookRetryCount,
      post_webhook_retry_count: s.postWebhookRetryCount,
      notifications: {
        log_enabled: notifications.log_enabled,
        new_message: {
          enabled: notifications.new_message.enabled,
          template: notifications.new_message.template,
          sound: notifications.new_message.sound,
          badge_count_enabled: notifications.new_message.badge_count_enabled,
        },
        added_to_channel: notifications.added_to_conversation,
        removed_from_channel: notifications.removed_from_conversation,
        invited_to_channel: notifications.invited_to_channel ?? { enabled: false, template: null, sound: null },
      },
      media: {
        size_limit_mb: MEDIA_SIZE_LIMIT_MB,
        compatibility_message: s.mediaCompatibilityMessage ?? 'Media messages are not supported',
      },
      url,
      links: { channels: `${url}/Channels`, roles: `${url}/Roles`, users: `${url}/Users`, bindings: `${url}/Bindings` },
    };
  }

  channel(c: ConversationRecord, counts: { members: number; messages: number }) {
    const url = `${this.serviceUrl(c.serviceSid)}/Channels/${c.sid}`;
    return {
      sid: c.sid,
      account_sid: c.accountSid,
      service_sid: c.serviceSid,
      friendly_name: c.friendlyName,
      unique_name: c.uniqueName,
      attributes: c.attributes,
      type: chatChannelType(c.channelType),
      date_created: isoDate(c.dateCreated),
      date_updated: isoDate(c.dateUpdated),
      created_by: c.createdBy ?? 'system',
      members_count: counts.members,
      messages_count: counts.messages,
      url,
      links: {
        members: `${url}/Members`,
        messages: `${url}/Messages`,
        invites: `${url}/Invites`,
        webhooks: `${url}/Webhooks`,
        last_message: null,
      },
    };
  }

  member(p: ParticipantRecord) {
    return {
      sid: p.sid,
      account_sid: p.accountSid,
      channel_sid: p.conversationSid,
      service_sid: p.serviceSid,
      identity: p.identity,
      date_created: isoDate(p.dateCreated),
      date_updated: isoDate(p.dateUpdated),
      role_sid: p.roleSid,
      last_consumed_message_index: p.lastReadMessageIndex,
      last_consumption_timestamp: isoDate(p.lastReadTimestamp),
      url: `${this.serviceUrl(p.serviceSid)}/Channels/${p.conversationSid}/Members/${p.sid}`,
      attributes: p.attributes,
    };
  }

  message(m: MessageRecord) {
    const media = m.media?.[0];
    const edited = m.dateUpdated !== null && m.dateUpdated.getTime() !== m.dateCreated.getTime();
    return {
      sid: m.sid,
      account_sid: m.accountSid,
      attributes: m.attributes,
      service_sid: m.serviceSid,
      to: m.conversationSid,
      channel_sid: m.conversationSid,
      date_created: isoDate(m.dateCreated),
      date_updated: isoDate(m.dateUpdated ?? m.dateCreated),
      last_updated_by: m.lastUpdatedBy,
      was_edited: edited,
      from: m.author,
      body: m.body,
      index: m.index,
      type: media ? 'media' : 'text',
      media: media ? { sid: media.sid, size: media.size, content_type: media.content_type, filename: media.filename } : null,
      url: `${this.serviceUrl(m.serviceSid)}/Channels/${m.conversationSid}/Messages/${m.sid}`,
    };
  }

  invite(i: InviteRecord) {
    return {
      sid: i.sid,
      account_sid: i.accountSid,
      channel_sid: i.conversationSid,
      service_sid: i.serviceSid,
      identity: i.identity,
      date_created: isoDate(i.dateCreated),
      date_updated: isoDate(i.dateUpdated),
      role_sid: i.roleSid,
      created_by: i.createdBy,
      url: `${this.serviceUrl(i.serviceSid)}/Channels/${i.conversationSid}/Invites/${i.sid}`,
    };
  }

  role(r: RoleRecord) {
    return {
      sid: r.sid,
      account_sid: r.accountSid,
      service_sid: r.serviceSid,
      friendly_name: r.friendlyName,
      type: roleTypeToChat(r.type),
      permissions: r.permissions.map(permissionToChat),
      date_created: isoDate(r.dateCreated),
      date_updated: isoDate(r.dateUpdated),
      url: `${this.serviceUrl(r.serviceSid)}/Roles/${r.sid}`,
    };
  }

  user(u: UserRecord, joinedChannels: number) {
    const url = `${this.serviceUrl(u.serviceSid)}/Users/${u.sid}`;
    return {
      sid: u.sid,
      account_sid: u.accountSid,
      service_sid: u.serviceSid,
      attributes: u.attributes,
      friendly_name: u.friendlyName,
      role_sid: u.roleSid,
      identity: u.identity,
      is_online: u.isOnline,
      is_notifiable: u.isNotifiable,
      date_created: isoDate(u.dateCreated),
      date_updated: isoDate(u.dateUpdated),
      joined_channels_count: joinedChannels,
      links: { user_channels: `${url}/Channels`, user_bindings: `${url}/Bindings` },
      url,
    };
  }

  /** A joined channel (through the user's member), or an invited one. */
  userChannel(
    r:
      | { status: 'joined'; record: UserConversationRecord }
      | { status: 'invited'; invite: InviteRecord; userSid: string; unreadMessagesCount: number | null },
  ) {
    if (r.status === 'invited') {
      const { invite, userSid } = r;
      const channelUrl = `${this.serviceUrl(invite.serviceSid)}/Channels/${invite.conversationSid}`;
      return {
        account_sid: invite.accountSid,
        service_sid: invite.serviceSid,
        channel_sid: invite.conversationSid,
        user_sid: userSid,
        member_sid: null,
        status: 'invited',
        last_consumed_message_index: null,
        unread_messages_count: r.unreadMessagesCount,
        links: { channel: channelUrl, member: null },
        url: `${this.serviceUrl(invite.serviceSid)}/Users/${userSid}/Channels/${invite.conversationSid}`,
        notification_level: 'default',
      };
    }
    const { participant: p, conversation: c } = r.record;
    const channelUrl = `${this.serviceUrl(p.serviceSid)}/Channels/${c.sid}`;
    return {
      account_sid: p.accountSid,
      service_sid: p.serviceSid,
      channel_sid: c.sid,
      user_sid: r.record.userSid,
      member_sid: p.sid,
      status: 'joined',
      last_consumed_message_index: p.lastReadMessageIndex,
      unread_messages_count: r.record.unreadMessagesCount,
      links: { channel: channelUrl, member: `${channelUrl}/Members/${p.sid}` },
      url: `${this.serviceUrl(p.serviceSid)}/Users/${r.record.userSid}/Channels/${c.sid}`,
      notification_level: p.notificationLevel,
    };
  }

  binding(b: PushBindingRecord, userSid?: string) {
    const url = userSid
      ? `${this.serviceUrl(b.serviceSid)}/Users/${userSid}/Bindings/${b.sid}`
      : `${this.serviceUrl(b.serviceSid)}/Bindings/${b.sid}`;
    return {
      sid: b.sid,
      account_sid: b.accountSid,
      service_sid: b.serviceSid,
      date_created: isoDate(b.dateCreated),
      date_updated: isoDate(b.dateUpdated),
      endpoint: b.endpoint,
      identity: b.identity,
      ...(userSid ? { user_sid: userSid } : {}),
      credential_sid: b.credentialSid,
      binding_type: b.bindingType,
      message_types: b.messageTypes,
      url,
      ...(userSid ? {} : { links: { user: `${this.serviceUrl(b.serviceSid)}/Users/${b.identity}` } }),
    };
  }

  credential(c: PushCredentialRecord) {
    return {
      sid: c.sid,
      account_sid: c.accountSid,
      friendly_name: c.friendlyName,
      type: c.type,
      sandbox: c.sandbox ? 'True' : 'False',
      date_created: isoDate(c.dateCreated),
      date_updated: isoDate(c.dateUpdated),
      url: `${this.origin}/v2/Credentials/${c.sid}`,
    };
  }
}
