import { TwilioParam } from '../common/params/twilio-param.decorator';
import { Bool, Duration, Sid, Text } from '../common/params/validators';
import { SidPrefix } from '../common/sid';
import { PageQuery } from '../common/paging';

export class CreateServiceDto {
  @TwilioParam('FriendlyName')
  @Text(256, { code: 50003, minLength: 1 })
  friendlyName?: string;
}

export class ListServicesQuery extends PageQuery {}

export class UpdateServiceConfigurationDto {
  @TwilioParam('DefaultConversationCreatorRoleSid')
  @Sid(SidPrefix.Role)
  defaultConversationCreatorRoleSid?: string;

  @TwilioParam('DefaultConversationRoleSid')
  @Sid(SidPrefix.Role)
  defaultConversationRoleSid?: string;

  @TwilioParam('DefaultChatServiceRoleSid')
  @Sid(SidPrefix.Role)
  defaultChatServiceRoleSid?: string;

  @TwilioParam('ReachabilityEnabled')
  @Bool()
  reachabilityEnabled?: boolean;
}

export class UpdateAccountConfigurationDto {
  @TwilioParam('DefaultChatServiceSid')
  @Sid(SidPrefix.Service)
  defaultChatServiceSid?: string;

  @TwilioParam('DefaultMessagingServiceSid')
  @Sid(SidPrefix.MessagingService, { code: 50341 })
  defaultMessagingServiceSid?: string;

  @TwilioParam('DefaultInactiveTimer')
  @Duration({ code: 50379 })
  defaultInactiveTimer?: string;

  @TwilioParam('DefaultClosedTimer')
  @Duration({ code: 50380 })
  defaultClosedTimer?: string;
}
