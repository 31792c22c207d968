import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { isoDate } from '../common/wire-format';
import type { AddressConfigurationRecord } from './address-configuration.types';

@Injectable()
export class AddressConfigurationMapper {
  constructor(private readonly config: AppConfig) {}

  configuration(c: AddressConfigurationRecord) {
    const autoCreation: Record<string, unknown> = { enabled: c.autoCreationEnabled, type: c.autoCreationType };
    if (c.autoCreationServiceSid) autoCreation.conversation_service_sid = c.autoCreationServiceSid;
    if (c.autoCreationType === 'webhook') {
      Object.assign(autoCreation, { webhook_url: c.webhookUrl, webhook_method: c.webhookMethod, webhook_filters: c.webhookFilters });
    }
    if (c.autoCreationType === 'studio') {
      Object.assign(autoCreation, { studio_flow_sid: c.studioFlowSid, studio_retry_count: c.studioRetryCount });
    }
    return {
      account_sid: c.accountSid,
      sid: c.sid,
      address: c.address,
      type: c.type,
      friendly_name: c.friendlyName,
      address_country: c.addressCountry,
      auto_creation: autoCreation,
      date_created: isoDate(c.dateCreated),
      date_updated: isoDate(c.dateUpdated),
      url: `${this.config.publicUrl}/v1/Configuration/Addresses/${c.sid}`,
    };
  }
}
