import { PageQuery } from '../common/paging';
import { TwilioParam } from '../common/params/twilio-param.decorator';
import { Bool, Required, Sid, Text } from '../common/params/validators';
import { SidPrefix } from '../common/sid';

export const FLEX_CHANNEL_LIMITS = {
  identityLength: 256,
  friendlyNameLength: 256,
  uniqueNameLength: 256,
  targetLength: 256,
  dataLength: 16 * 1024,
} as const;

export class CreateFlexChannelDto {
  @TwilioParam('FlexFlowSid')
  @Required({ message: 'FlexFlowSid is required' })
  @Sid(SidPrefix.FlexFlow)
  flexFlowSid!: string;

  @TwilioParam('Identity')
  @Required({ message: "Identity is required: the customer's chat identity" })
  @Text(FLEX_CHANNEL_LIMITS.identityLength)
  identity!: string;

  @TwilioParam('ChatUserFriendlyName')
  @Required({ message: 'ChatUserFriendlyName is required' })
  @Text(FLEX_CHANNEL_LIMITS.friendlyNameLength)
  chatUserFriendlyName!: string;

  @TwilioParam('ChatFriendlyName')
  @Required({ message: 'ChatFriendlyName is required' })
  @Text(FLEX_CHANNEL_LIMITS.friendlyNameLength)
  chatFriendlyName!: string;

  @TwilioParam('Target')
  @Text(FLEX_CHANNEL_LIMITS.targetLength)
  target?: string;

  @TwilioParam('ChatUniqueName')
  @Text(FLEX_CHANNEL_LIMITS.uniqueNameLength)
  chatUniqueName?: string;

  @TwilioParam('PreEngagementData')
  @Text(FLEX_CHANNEL_LIMITS.dataLength)
  preEngagementData?: string;

  @TwilioParam('TaskSid')
  @Sid(SidPrefix.Task)
  taskSid?: string;

  @TwilioParam('TaskAttributes')
  @Text(FLEX_CHANNEL_LIMITS.dataLength)
  taskAttributes?: string;

  @TwilioParam('LongLived')
  @Bool()
  longLived?: boolean;
}

export class ListFlexChannelsQuery extends PageQuery {}
