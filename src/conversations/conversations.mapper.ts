import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { v1Path } from '../common/v1-paths';
import { isoDate } from '../common/wire-format';
import type { ServiceScope } from '../services/services.types';
import type { ConversationRecord } from './conversations.types';

@Injectable()
export class ConversationsMapper {
  constructor(private readonly config: AppConfig) {}

  conversation(c: ConversationRecord, scope: Pick<ServiceScope, 'scoped' | 'serviceSid'>) {
    const url = this.config.publicUrl + v1Path(scope, 'Conversations', c.sid);
    const timers: Record<string, string> = {};
    if (c.dateInactive) timers.date_inactive = isoDate(c.dateInactive)!;
    if (c.dateClosed) timers.date_closed = isoDate(c.dateClosed)!;
    return {
      sid: c.sid,
      account_sid: c.accountSid,
      chat_service_sid: c.serviceSid,
      messaging_service_sid: c.messagingServiceSid,
      friendly_name: c.friendlyName,
      unique_name: c.uniqueName,
      attributes: c.attributes,
      date_created: isoDate(c.dateCreated),
      date_updated: isoDate(c.dateUpdated),
      state: c.state,
      timers,
      bindings: c.bindings ?? {},
      url,
      links: {
        participants: `${url}/Participants`,
        messages: `${url}/Messages`,
        webhooks: `${url}/Webhooks`,
        export: `${url}/Export`,
      },
    };
  }
}
