import { PageQuery } from '../common/paging';
import { TwilioParam } from '../common/params/twilio-param.decorator';
import { Int, IsoDate, JsonString, Sid, Text } from '../common/params/validators';
import { SidPrefix } from '../common/sid';

/** Participant limits from Twilio's documentation. */
export const PARTICIPANT_LIMITS = { identityLength: 256, attributesBytes: 4 * 1024, total: 1000, nonChat: 50 } as const;

export class CreateParticipantDto {
  @TwilioParam('Identity')
  @Text(PARTICIPANT_LIMITS.identityLength, { code: 50207 })
  identity?: string;

  @TwilioParam('MessagingBinding.Address')
  @Text(256, { code: 50407 })
  messagingBindingAddress?: string;

  @TwilioParam('MessagingBinding.ProxyAddress')
  @Text(256, { code: 50408 })
  messagingBindingProxyAddress?: string;

  @TwilioParam('MessagingBinding.ProjectedAddress')
  @Text(256, { code: 50408 })
  messagingBindingProjectedAddress?: string;

  @TwilioParam('RoleSid')
  @Sid(SidPrefix.Role, { code: 50109 })
  roleSid?: string;

  @TwilioParam('Attributes')
  @JsonString(PARTICIPANT_LIMITS.attributesBytes)
  attributes?: string;

  @TwilioParam('DateCreated')
  @IsoDate({ code: 50308 })
  dateCreated?: Date;

  @TwilioParam('DateUpdated')
  @IsoDate({ code: 50309 })
  dateUpdated?: Date;
}

export class UpdateParticipantDto {
  @TwilioParam('Identity')
  @Text(PARTICIPANT_LIMITS.identityLength, { code: 50207 })
  identity?: string;

  @TwilioParam('RoleSid')
  @Sid(SidPrefix.Role, { code: 50109 })
  roleSid?: string;

  @TwilioParam('Attributes')
  @JsonString(PARTICIPANT_LIMITS.attributesBytes)
  attributes?: string;

  @TwilioParam('MessagingBinding.ProxyAddress')
  @Text(256, { code: 50408 })
  messagingBindingProxyAddress?: string;

  @TwilioParam('MessagingBinding.ProjectedAddress')
  @Text(256, { code: 50408 })
  messagingBindingProjectedAddress?: string;

  @TwilioParam('LastReadMessageIndex')
  @Int(0, 2_147_483_647, { code: 50421 })
  lastReadMessageIndex?: number;

  @TwilioParam('LastReadTimestamp')
  @IsoDate()
  lastReadTimestamp?: Date;

  @TwilioParam('DateCreated')
  @IsoDate({ code: 50308 })
  dateCreated?: Date;

  @TwilioParam('DateUpdated')
  @IsoDate({ code: 50309 })
  dateUpdated?: Date;
}

export class ListParticipantsQuery extends PageQuery {}

export class ListParticipantConversationsQuery extends PageQuery {
  @TwilioParam('Identity')
  @Text(PARTICIPANT_LIMITS.identityLength)
  identity?: string;

  @TwilioParam('Address')
  @Text(256)
  address?: string;
}
