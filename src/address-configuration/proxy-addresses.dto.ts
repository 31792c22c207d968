import { PageQuery } from '../common/paging';
import { TwilioParam } from '../common/params/twilio-param.decorator';
import { Int, OneOf, Text } from '../common/params/validators';

export const CHANNEL_PROVIDERS = ['twilio', 'simulator'] as const;

export class ProxyAddressSettingsDto {
  @TwilioParam('ChannelProvider')
  @OneOf(CHANNEL_PROVIDERS)
  channelProvider?: (typeof CHANNEL_PROVIDERS)[number];

  /** Messages per second the router sends from this address. */
  @TwilioParam('SendRate')
  @Int(1, 100_000)
  sendRate?: number;
}

export class CreateProxyAddressDto extends ProxyAddressSettingsDto {
  @TwilioParam('Address')
  @Text(256, { minLength: 1 })
  address: string;
}

export class ListProxyAddressesQuery extends PageQuery {}
