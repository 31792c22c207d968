import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { v1Path } from '../common/v1-paths';
import { isoDate } from '../common/wire-format';
import type { ServiceScope } from '../services/services.types';
import type { MessageRecord } from './messages.types';
import type { ReceiptRecord } from './receipts.repository';

@Injectable()
export class MessagesMapper {
  constructor(private readonly config: AppConfig) {}

  message(m: MessageRecord, scope: Pick<ServiceScope, 'scoped' | 'serviceSid'>) {
    const url = this.config.publicUrl + v1Path(scope, 'Conversations', m.conversationSid, 'Messages', m.sid);
    return {
      sid: m.sid,
      account_sid: m.accountSid,
      ...(scope.scoped ? { chat_service_sid: m.serviceSid } : {}),
      conversation_sid: m.conversationSid,
      body: m.body,
      media: m.media,
      author: m.author,
      participant_sid: m.participantSid,
      attributes: m.attributes,
      date_created: isoDate(m.dateCreated),
      date_updated: isoDate(m.dateUpdated),
      index: m.index,
      delivery: m.delivery,
      content_sid: m.contentSid,
      url,
      links: { delivery_receipts: `${url}/Receipts`, channel_metadata: `${url}/ChannelMetadata` },
    };
  }

  receipt(r: ReceiptRecord, scope: Pick<ServiceScope, 'scoped' | 'serviceSid'>) {
    return {
      sid: r.sid,
      account_sid: r.accountSid,
      ...(scope.scoped ? { chat_service_sid: r.serviceSid } : {}),
      conversation_sid: r.conversationSid,
      message_sid: r.messageSid,
      channel_message_sid: r.channelMessageSid,
      status: r.status,
      error_code: r.errorCode,
      participant_sid: r.participantSid,
      date_created: isoDate(r.dateCreated),
      date_updated: isoDate(r.dateUpdated),
      url: this.config.publicUrl + v1Path(scope, 'Conversations', r.conversationSid, 'Messages', r.messageSid, 'Receipts', r.sid),
    };
  }
}
