import { PageQuery } from '../common/paging';
import { TwilioParam } from '../common/params/twilio-param.decorator';
import { OneOf, Text } from '../common/params/validators';

export class CreateAccountDto {
  @TwilioParam('FriendlyName')
  @Text(64)
  friendlyName?: string;
}

export class UpdateAccountDto {
  @TwilioParam('FriendlyName')
  @Text(64)
  friendlyName?: string;

  @TwilioParam('Status')
  @OneOf(['active', 'suspended', 'closed'])
  status?: 'active' | 'suspended' | 'closed';
}

export class ListAccountsQuery extends PageQuery {
  @TwilioParam('FriendlyName')
  @Text(64)
  friendlyName?: string;

  @TwilioParam('Status')
  @OneOf(['active', 'suspended', 'closed'])
  status?: string;
}

export class CreateKeyDto {
  @TwilioParam('FriendlyName')
  @Text(64)
  friendlyName?: string;

  /**
   * standard (default) or main. Twilio creates main keys in its Console only; here the auth token
   * (or a main key) creates them with KeyType=main. restricted is accepted as a standard key.
   */
  @TwilioParam('KeyType')
  @OneOf(['standard', 'main', 'restricted'])
  keyType?: string;

  @TwilioParam('Policy')
  @Text(16_384)
  policy?: string;
}

export class UpdateKeyDto {
  @TwilioParam('FriendlyName')
  @Text(64)
  friendlyName?: string;
}

export class ListKeysQuery extends PageQuery {}
