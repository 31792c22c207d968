import { ConversationFieldsDto } from '../conversations/conversations.dto';
import { TwilioParam } from '../common/params/twilio-param.decorator';
import { TextList } from '../common/params/validators';

export const MAX_PARTICIPANTS_PER_REQUEST = 10;

export class CreateConversationWithParticipantsDto extends ConversationFieldsDto {
  /** Each item a JSON string in the Participant resource's snake_case shape. Counted by the service (50426). */
  @TwilioParam('Participant', { array: true })
  @TextList(1000, 8 * 1024)
  participant?: string[];
}
