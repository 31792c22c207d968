import { PageQuery } from '../common/paging';
import { TwilioParam } from '../common/params/twilio-param.decorator';
import { Int, OneOf, OutboundUrl, Required, Sid, TextList } from '../common/params/validators';
import { SidPrefix } from '../common/sid';
import { CONVERSATION_FILTERS } from '../events/event-types';
import { webhookErrorCodes } from './conversation-webhook-errors';

/** Conversations' codes (50360-50372). */
const WH = webhookErrorCodes('v1');

export const MAX_CONVERSATION_WEBHOOKS = 5;
export const MAX_TRIGGERS = 5;
export const MAX_TRIGGER_LENGTH = 248;

export class ConversationWebhookFieldsDto {
  @TwilioParam('Configuration.Url')
  @OutboundUrl(512, { code: WH.urlTooLong })
  url?: string;

  @TwilioParam('Configuration.Method')
  @OneOf(['get', 'post'], { code: 50055 })
  method?: 'get' | 'post';

  @TwilioParam('Configuration.Filters', { array: true })
  @OneOf(CONVERSATION_FILTERS, { code: WH.invalidFilter })
  filters?: string[];

  @TwilioParam('Configuration.Triggers', { array: true })
  @TextList(100, 4096, { code: WH.invalidTrigger })
  triggers?: string[];

  @TwilioParam('Configuration.FlowSid')
  @Sid(SidPrefix.StudioFlow, { code: WH.invalidFlowSid })
  flowSid?: string;
}

export class CreateConversationWebhookDto extends ConversationWebhookFieldsDto {
  @TwilioParam('Target')
  @Required({ code: WH.typeMissing })
  @OneOf(['webhook', 'trigger', 'studio'], { code: WH.invalidType })
  target: 'webhook' | 'trigger' | 'studio';

  @TwilioParam('Configuration.ReplayAfter')
  @Int(0)
  replayAfter?: number;
}

export class UpdateConversationWebhookDto extends ConversationWebhookFieldsDto {}

export class ListConversationWebhooksQuery extends PageQuery {}
