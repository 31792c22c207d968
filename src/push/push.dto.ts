import { PageQuery } from '../common/paging';
import { TwilioParam } from '../common/params/twilio-param.decorator';
import { Bool, OneOf, Required, Text, TextList } from '../common/params/validators';
import { PUSH_BINDING_TYPES, PUSH_CREDENTIAL_TYPES, type PushCredentialType } from './push.types';

/** Certificates, keys and FCM service-account JSON fit comfortably; anything larger is not a credential. */
export const CREDENTIAL_LIMITS = { friendlyNameLength: 64, secretLength: 64 * 1024 } as const;

/** Fields of CreateCredential and UpdateCredential besides Type. */
class PushCredentialFieldsDto {
  @TwilioParam('FriendlyName')
  @Text(CREDENTIAL_LIMITS.friendlyNameLength)
  friendlyName?: string;

  @TwilioParam('Certificate')
  @Text(CREDENTIAL_LIMITS.secretLength)
  certificate?: string;

  @TwilioParam('PrivateKey')
  @Text(CREDENTIAL_LIMITS.secretLength)
  privateKey?: string;

  @TwilioParam('Sandbox')
  @Bool()
  sandbox?: boolean;

  @TwilioParam('ApiKey')
  @Text(CREDENTIAL_LIMITS.secretLength)
  apiKey?: string;

  @TwilioParam('Secret')
  @Text(CREDENTIAL_LIMITS.secretLength)
  secret?: string;
}

export class CreatePushCredentialDto extends PushCredentialFieldsDto {
  @TwilioParam('Type')
  @Required({ message: 'Type is required: apn, gcm or fcm' })
  @OneOf(PUSH_CREDENTIAL_TYPES)
  type!: PushCredentialType;
}

export class UpdatePushCredentialDto extends PushCredentialFieldsDto {
  @TwilioParam('Type')
  @OneOf(PUSH_CREDENTIAL_TYPES)
  type?: PushCredentialType;
}

export class ListPushCredentialsQuery extends PageQuery {}

export class ListPushBindingsQuery extends PageQuery {
  @TwilioParam('BindingType', { array: true })
  @OneOf(PUSH_BINDING_TYPES, { code: 50209 })
  bindingTypes?: string[];

  @TwilioParam('Identity', { array: true })
  @TextList(100, 256)
  identities?: string[];
}

const TEMPLATE_LENGTH = 4096;
const SOUND_LENGTH = 256;

export class UpdateServiceNotificationsDto {
  @TwilioParam('LogEnabled')
  @Bool()
  logEnabled?: boolean;

  @TwilioParam('NewMessage.Enabled')
  @Bool()
  newMessageEnabled?: boolean;

  @TwilioParam('NewMessage.Template')
  @Text(TEMPLATE_LENGTH)
  newMessageTemplate?: string;

  @TwilioParam('NewMessage.Sound')
  @Text(SOUND_LENGTH)
  newMessageSound?: string;

  @TwilioParam('NewMessage.BadgeCountEnabled')
  @Bool()
  newMessageBadgeCountEnabled?: boolean;

  @TwilioParam('NewMessage.WithMedia.Enabled')
  @Bool()
  newMessageWithMediaEnabled?: boolean;

  @TwilioParam('NewMessage.WithMedia.Template')
  @Text(TEMPLATE_LENGTH)
  newMessageWithMediaTemplate?: string;

  @TwilioParam('AddedToConversation.Enabled')
  @Bool()
  addedToConversationEnabled?: boolean;

  @TwilioParam('AddedToConversation.Template')
  @Text(TEMPLATE_LENGTH)
  addedToConversationTemplate?: string;

  @TwilioParam('AddedToConversation.Sound')
  @Text(SOUND_LENGTH)
  addedToConversationSound?: string;

  @TwilioParam('RemovedFromConversation.Enabled')
  @Bool()
  removedFromConversationEnabled?: boolean;

  @TwilioParam('RemovedFromConversation.Template')
  @Text(TEMPLATE_LENGTH)
  removedFromConversationTemplate?: string;

  @TwilioParam('RemovedFromConversation.Sound')
  @Text(SOUND_LENGTH)
  removedFromConversationSound?: string;
}
