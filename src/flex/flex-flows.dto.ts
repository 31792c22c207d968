import { PageQuery } from '../common/paging';
import { TwilioParam } from '../common/params/twilio-param.decorator';
import { Bool, Int, OneOf, OutboundUrl, Required, Sid, Text } from '../common/params/validators';
import { SidPrefix } from '../common/sid';
import { FLEX_CHANNEL_TYPES, FLEX_INTEGRATION_TYPES, type FlexChannelType, type FlexIntegrationType } from './flex.types';

export const FLEX_FLOW_LIMITS = { friendlyNameLength: 64, contactIdentityLength: 256, urlLength: 2048, taskParamLength: 256 } as const;

/** The optional fields of a Flex Flow, on create and update. */
export class FlexFlowFieldsDto {
  @TwilioParam('ContactIdentity')
  @Text(FLEX_FLOW_LIMITS.contactIdentityLength)
  contactIdentity?: string;

  @TwilioParam('Enabled')
  @Bool()
  enabled?: boolean;

  @TwilioParam('IntegrationType')
  @OneOf(FLEX_INTEGRATION_TYPES)
  integrationType?: FlexIntegrationType;

  @TwilioParam('Integration.FlowSid')
  @Sid(SidPrefix.StudioFlow)
  integrationFlowSid?: string;

  @TwilioParam('Integration.Url')
  @OutboundUrl(FLEX_FLOW_LIMITS.urlLength)
  integrationUrl?: string;

  @TwilioParam('Integration.RetryCount')
  @Int(0, 3)
  integrationRetryCount?: number;

  @TwilioParam('Integration.CreationOnMessage')
  @Bool()
  integrationCreationOnMessage?: boolean;

  // TaskRouter parameters: declared so that a request naming them is told why they cannot apply.
  @TwilioParam('Integration.WorkspaceSid')
  @Text(FLEX_FLOW_LIMITS.taskParamLength)
  integrationWorkspaceSid?: string;

  @TwilioParam('Integration.WorkflowSid')
  @Text(FLEX_FLOW_LIMITS.taskParamLength)
  integrationWorkflowSid?: string;

  @TwilioParam('Integration.Channel')
  @Text(FLEX_FLOW_LIMITS.taskParamLength)
  integrationChannel?: string;

  @TwilioParam('Integration.Timeout')
  @Int(0)
  integrationTimeout?: number;

  @TwilioParam('Integration.Priority')
  @Int(0)
  integrationPriority?: number;

  @TwilioParam('LongLived')
  @Bool()
  longLived?: boolean;

  @TwilioParam('JanitorEnabled')
  @Bool()
  janitorEnabled?: boolean;
}

export class CreateFlexFlowDto extends FlexFlowFieldsDto {
  @TwilioParam('FriendlyName')
  @Required({ message: 'FriendlyName is required' })
  @Text(FLEX_FLOW_LIMITS.friendlyNameLength)
  friendlyName!: string;

  @TwilioParam('ChatServiceSid')
  @Required({ message: 'ChatServiceSid is required: the IS sid of the chat service whose channels the flow makes' })
  @Sid(SidPrefix.Service)
  chatServiceSid!: string;

  @TwilioParam('ChannelType')
  @Required({ message: `ChannelType is required: one of ${FLEX_CHANNEL_TYPES.join(', ')}` })
  @OneOf(FLEX_CHANNEL_TYPES)
  channelType!: FlexChannelType;
}

export class UpdateFlexFlowDto extends FlexFlowFieldsDto {
  @TwilioParam('FriendlyName')
  @Text(FLEX_FLOW_LIMITS.friendlyNameLength, { minLength: 1 })
  friendlyName?: string;

  @TwilioParam('ChatServiceSid')
  @Sid(SidPrefix.Service)
  chatServiceSid?: string;

  @TwilioParam('ChannelType')
  @OneOf(FLEX_CHANNEL_TYPES)
  channelType?: FlexChannelType;
}

export class ListFlexFlowsQuery extends PageQuery {
  @TwilioParam('FriendlyName')
  @Text(FLEX_FLOW_LIMITS.friendlyNameLength)
  friendlyName?: string;
}
