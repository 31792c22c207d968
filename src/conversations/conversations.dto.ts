import { PageQuery } from '../common/paging';
import { TwilioParam } from '../common/params/twilio-param.decorator';
import { Duration, IsoDate, JsonString, OneOf, Sid, Text } from '../common/params/validators';
import { SidPrefix } from '../common/sid';

export const CONVERSATION_STATES = ['initializing', 'active', 'inactive', 'closed'] as const;

/** Fields shared by CreateConversation, UpdateConversation and ConversationWithParticipants. */
export class ConversationFieldsDto {
  @TwilioParam('FriendlyName')
  @Text(256, { code: 50003 })
  friendlyName?: string;

  @TwilioParam('UniqueName')
  @Text(256, { code: 50004 })
  uniqueName?: string;

  @TwilioParam('Attributes')
  @JsonString(16 * 1024)
  attributes?: string;

  @TwilioParam('MessagingServiceSid')
  @Sid(SidPrefix.MessagingService, { code: 50341 })
  messagingServiceSid?: string;

  @TwilioParam('State')
  @OneOf(CONVERSATION_STATES, { code: 50378, emptyCode: 50374 })
  state?: (typeof CONVERSATION_STATES)[number];

  @TwilioParam('Timers.Inactive')
  @Duration({ code: 50379 })
  timersInactive?: string;

  @TwilioParam('Timers.Closed')
  @Duration({ code: 50380 })
  timersClosed?: string;

  @TwilioParam('DateCreated')
  @IsoDate({ code: 50308 })
  dateCreated?: Date;

  @TwilioParam('DateUpdated')
  @IsoDate({ code: 50309 })
  dateUpdated?: Date;

  @TwilioParam('Bindings.Email.Address')
  @Text(256)
  bindingsEmailAddress?: string;

  @TwilioParam('Bindings.Email.Name')
  @Text(256)
  bindingsEmailName?: string;
}

export class CreateConversationDto extends ConversationFieldsDto {}

export class UpdateConversationDto extends ConversationFieldsDto {}

export class ListConversationsQuery extends PageQuery {
  @TwilioParam('State')
  @OneOf(['active', 'inactive', 'closed'], { code: 50378 })
  state?: string;

  @TwilioParam('StartDate')
  @IsoDate()
  startDate?: Date;

  @TwilioParam('EndDate')
  @IsoDate()
  endDate?: Date;
}
