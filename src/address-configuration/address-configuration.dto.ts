import { PageQuery } from '../common/paging';
import { TwilioParam } from '../common/params/twilio-param.decorator';
import { Bool, Int, OneOf, OutboundUrl, Required, Sid, Text } from '../common/params/validators';
import { SidPrefix } from '../common/sid';

/** Types Twilio's resource names; this router carries sms and whatsapp. */
export const ADDRESS_TYPES = ['sms', 'whatsapp', 'messenger', 'gbm', 'email', 'rcs', 'apple', 'chat'] as const;
export const SUPPORTED_ADDRESS_TYPES = ['sms', 'whatsapp'] as const;

/** Post-event webhooks an auto-created conversation's webhook may subscribe to (Twilio's list). */
export const AUTO_CREATION_FILTERS = [
  'onMessageAdded',
  'onMessageUpdated',
  'onMessageRemoved',
  'onConversationUpdated',
  'onConversationStateUpdated',
  'onConversationRemoved',
  'onParticipantAdded',
  'onParticipantUpdated',
  'onParticipantRemoved',
  'onDeliveryUpdated',
] as const;

export class AutoCreationFields {
  @TwilioParam('FriendlyName')
  @Text(256, { code: 50003 })
  friendlyName?: string;

  @TwilioParam('AutoCreation.Enabled')
  @Bool()
  autoCreationEnabled?: boolean;

  @TwilioParam('AutoCreation.Type')
  @OneOf(['webhook', 'studio', 'default'])
  autoCreationType?: 'webhook' | 'studio' | 'default';

  @TwilioParam('AutoCreation.ConversationServiceSid')
  @Sid(SidPrefix.Service)
  autoCreationConversationServiceSid?: string;

  @TwilioParam('AutoCreation.WebhookUrl')
  @OutboundUrl(1024, { code: 50369 })
  autoCreationWebhookUrl?: string;

  @TwilioParam('AutoCreation.WebhookMethod')
  @OneOf(['GET', 'POST'], { code: 50055 })
  autoCreationWebhookMethod?: 'GET' | 'POST';

  @TwilioParam('AutoCreation.WebhookFilters', { array: true })
  @OneOf(AUTO_CREATION_FILTERS, { code: 50365 })
  autoCreationWebhookFilters?: string[];

  @TwilioParam('AutoCreation.StudioFlowSid')
  @Sid(SidPrefix.StudioFlow, { code: 50367 })
  autoCreationStudioFlowSid?: string;

  @TwilioParam('AutoCreation.StudioRetryCount')
  @Int(0, 3, { code: 50065 })
  autoCreationStudioRetryCount?: number;
}

export class CreateAddressConfigurationDto extends AutoCreationFields {
  @TwilioParam('Type')
  @Required()
  @OneOf(ADDRESS_TYPES)
  type: (typeof ADDRESS_TYPES)[number];

  @TwilioParam('Address')
  @Required()
  @Text(256, { minLength: 1 })
  address: string;

  @TwilioParam('AddressCountry')
  @Text(2, { minLength: 2 })
  addressCountry?: string;
}

export class UpdateAddressConfigurationDto extends AutoCreationFields {}

export class ListAddressConfigurationsQuery extends PageQuery {
  @TwilioParam('Type')
  @OneOf(ADDRESS_TYPES)
  type?: string;
}
