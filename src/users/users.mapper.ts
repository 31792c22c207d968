import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { v1Path } from '../common/v1-paths';
import { isoDate } from '../common/wire-format';
import type { ServiceScope } from '../services/services.types';
import type { UserConversationRecord, UserRecord } from './users.types';

type Scope = Pick<ServiceScope, 'scoped' | 'serviceSid'>;

@Injectable()
export class UsersMapper {
  constructor(private readonly config: AppConfig) {}

  /** `single`: one user answered on its own (create, fetch, update); lists never show reachability. */
  user(u: UserRecord, scope: Scope, view: 'single' | 'list') {
    const url = this.config.publicUrl + v1Path(scope, 'Users', u.sid);
    return {
      sid: u.sid,
      account_sid: u.accountSid,
      chat_service_sid: u.serviceSid,
      role_sid: u.roleSid,
      identity: u.identity,
      friendly_name: u.friendlyName,
      attributes: u.attributes,
      is_online: view === 'single' ? u.isOnline : null,
      is_notifiable: view === 'single' ? u.isNotifiable : null,
      date_created: isoDate(u.dateCreated),
      date_updated: isoDate(u.dateUpdated),
      url,
      links: { user_conversations: `${url}/Conversations` },
    };
  }

  userConversation(r: UserConversationRecord, scope: Scope) {
    const { participant: p, conversation: c } = r;
    const conversationUrl = this.config.publicUrl + v1Path(scope, 'Conversations', c.sid);
    const timers: Record<string, string> = {};
    if (c.dateInactive) timers.date_inactive = isoDate(c.dateInactive)!;
    if (c.dateClosed) timers.date_closed = isoDate(c.dateClosed)!;
    return {
      account_sid: p.accountSid,
      chat_service_sid: p.serviceSid,
      conversation_sid: c.sid,
      unread_messages_count: r.unreadMessagesCount,
      last_read_message_index: p.lastReadMessageIndex,
      participant_sid: p.sid,
      user_sid: r.userSid,
      friendly_name: c.friendlyName,
      conversation_state: c.state,
      timers,
      attributes: c.attributes,
      date_created: isoDate(c.dateCreated),
      date_updated: isoDate(c.dateUpdated),
      created_by: c.createdBy,
      notification_level: p.notificationLevel,
      unique_name: c.uniqueName,
      url: this.config.publicUrl + v1Path(scope, 'Users', r.userSid, 'Conversations', c.sid),
      links: { participant: `${conversationUrl}/Participants/${p.sid}`, conversation: conversationUrl },
    };
  }
}
