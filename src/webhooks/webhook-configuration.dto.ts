import { TwilioParam } from '../common/params/twilio-param.decorator';
import { OneOf, OutboundUrl } from '../common/params/validators';
import { ACCOUNT_FILTERS, SERVICE_FILTERS } from '../events/event-types';

export class UpdateServiceWebhooksDto {
  @TwilioParam('PreWebhookUrl')
  @OutboundUrl(1024, { code: 50077 })
  preWebhookUrl?: string;

  @TwilioParam('PostWebhookUrl')
  @OutboundUrl(1024, { code: 50078 })
  postWebhookUrl?: string;

  @TwilioParam('Filters', { array: true })
  @OneOf(SERVICE_FILTERS, { code: 50365 })
  filters?: string[];

  @TwilioParam('Method')
  @OneOf(['GET', 'POST'], { code: 50055 })
  method?: 'GET' | 'POST';
}

export class UpdateAccountWebhooksDto extends UpdateServiceWebhooksDto {
  @TwilioParam('Filters', { array: true })
  @OneOf(ACCOUNT_FILTERS, { code: 50365 })
  declare filters?: string[];

  /** `flex` routes events into Flex, which this router does not have: such events are not sent. */
  @TwilioParam('Target')
  @OneOf(['webhook', 'flex'])
  target?: 'webhook' | 'flex';
}
