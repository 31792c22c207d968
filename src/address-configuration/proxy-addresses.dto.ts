import { PageQuery } from '../common/paging';
import { TwilioParam } from '../common/params/twilio-param.decorator';
import { Int, OneOf, Required, Sid, Text } from '../common/params/validators';
import { SidPrefix } from '../common/sid';

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
  @Required({ code: 50408 })
  @Text(256, { minLength: 1, code: 50408 })
  address: string;
}

export class UpdateProxyAddressDto extends ProxyAddressSettingsDto {
  /** Moves the address to this account (the caller or one of its subaccounts; any account for the operator). */
  @TwilioParam('AccountSid')
  @Sid(SidPrefix.Account)
  accountSid?: string;
}

export class ListProxyAddressesQuery extends PageQuery {}
