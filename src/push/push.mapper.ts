import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { isoDate } from '../common/wire-format';
import type { PushBindingRecord, PushCredentialRecord, ServiceNotificationsRecord } from './push.types';

/** Wire shapes of push credentials, bindings and notification templates. */
@Injectable()
export class PushMapper {
  constructor(private readonly config: AppConfig) {}

  /** No secret field exists on the record, so none can reach the wire. `sandbox` is a string, as Twilio writes it. */
  credential(c: PushCredentialRecord) {
    return {
      sid: c.sid,
      account_sid: c.accountSid,
      friendly_name: c.friendlyName,
      type: c.type,
      sandbox: c.sandbox ? 'True' : 'False',
      date_created: isoDate(c.dateCreated),
      date_updated: isoDate(c.dateUpdated),
      url: `${this.config.publicUrl}/v1/Credentials/${c.sid}`,
    };
  }

  binding(b: PushBindingRecord) {
    return {
      sid: b.sid,
      account_sid: b.accountSid,
      chat_service_sid: b.serviceSid,
      credential_sid: b.credentialSid,
      date_created: isoDate(b.dateCreated),
      date_updated: isoDate(b.dateUpdated),
      endpoint: b.endpoint,
      identity: b.identity,
      binding_type: b.bindingType,
      message_types: b.messageTypes,
      url: `${this.config.publicUrl}/v1/Services/${b.serviceSid}/Bindings/${b.sid}`,
    };
  }

  notifications(n: ServiceNotificationsRecord) {
    return {
      account_sid: n.accountSid,
      chat_service_sid: n.serviceSid,
      ...n.notifications,
      url: `${this.config.publicUrl}/v1/Services/${n.serviceSid}/Configuration/Notifications`,
    };
  }
}
