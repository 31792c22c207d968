import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { isoDate } from '../common/wire-format';
import { integrationWire } from './flex-flow-rules';
import type { FlexChannelRecord, FlexFlowRecord } from './flex.types';

/** Flex API wire shapes (flex.v1.flex_flow, flex.v1.channel). */
@Injectable()
export class FlexMapper {
  constructor(private readonly config: AppConfig) {}

  flow(f: FlexFlowRecord) {
    return {
      sid: f.sid,
      account_sid: f.accountSid,
      date_created: isoDate(f.dateCreated),
      date_updated: isoDate(f.dateUpdated),
      friendly_name: f.friendlyName,
      chat_service_sid: f.chatServiceSid,
      channel_type: f.channelType,
      contact_identity: f.contactIdentity,
      enabled: f.enabled,
      integration_type: f.integrationType,
      integration: integrationWire(f),
      long_lived: f.longLived,
      janitor_enabled: f.janitorEnabled,
      url: `${this.config.publicUrl}/v1/FlexFlows/${f.sid}`,
    };
  }

  /** No TaskRouter: task_sid is always null (as Twilio answers for studio and external flows). */
  channel(c: FlexChannelRecord) {
    return {
      flex_flow_sid: c.flexFlowSid,
      account_sid: c.accountSid,
      sid: c.sid,
      task_sid: null,
      user_sid: c.userSid,
      date_created: isoDate(c.dateCreated),
      date_updated: isoDate(c.dateUpdated),
      url: `${this.config.publicUrl}/v1/Channels/${c.sid}`,
    };
  }
}
