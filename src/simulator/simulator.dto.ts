import { TwilioParam } from '../common/params/twilio-param.decorator';
import { Int, OneOf, Required, Text, TextList } from '../common/params/validators';
import { FAULT_ACTIONS, type FaultAction } from './fault-rules';

/** POST /simulator/phones/{phone}/messages: the phone texts a router proxy address. */
export class PhoneMessageDto {
  @TwilioParam('To')
  @Required()
  @Text(256)
  to!: string;

  @TwilioParam('Body')
  @Text(1600, { code: 21617 })
  body?: string;

  @TwilioParam('MediaUrl', { array: true })
  @TextList(10, 2048, { code: 21623 })
  mediaUrls?: string[];

  /** Content types of the media, in MediaUrl order; guessed from the URL's extension when absent. */
  @TwilioParam('MediaContentType', { array: true })
  @TextList(10, 255)
  mediaContentTypes?: string[];

  /** Replays a carrier retry: the same MessageSid as an earlier message. */
  @TwilioParam('MessageSid')
  @Text(34)
  messageSid?: string;
}

/** POST /simulator/faults. */
export class FaultRuleDto {
  @TwilioParam('To')
  @Required()
  @Text(256)
  to!: string;

  @TwilioParam('From')
  @Text(256)
  from?: string;

  @TwilioParam('Action')
  @Required()
  @OneOf(FAULT_ACTIONS)
  action!: FaultAction;

  @TwilioParam('Count')
  @Int(-1, 1_000_000)
  count?: number;

  @TwilioParam('ErrorCode')
  @Int(1, 99_999)
  errorCode?: number;

  @TwilioParam('Status')
  @Int(100, 599)
  status?: number;

  @TwilioParam('RetryAfter')
  @Int(0, 86_400)
  retryAfter?: number;

  @TwilioParam('DelayMs')
  @Int(0, 120_000)
  delayMs?: number;
}
