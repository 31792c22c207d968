import { PageQuery } from '../common/paging';
import { TwilioParam } from '../common/params/twilio-param.decorator';
import { IsoDate, JsonString, OneOf, Sid, SidList, Text } from '../common/params/validators';
import { SidPrefix } from '../common/sid';

/** Message limits from Twilio's documentation. */
export const MESSAGE_LIMITS = { body: 1600, attributesBytes: 4 * 1024, author: 256, subject: 256, media: 10 } as const;

export class CreateMessageDto {
  @TwilioParam('Author')
  @Text(MESSAGE_LIMITS.author, { code: 50310 })
  author?: string;

  @TwilioParam('Body')
  @Text(MESSAGE_LIMITS.body, { code: 50504 })
  body?: string;

  @TwilioParam('Attributes')
  @JsonString(MESSAGE_LIMITS.attributesBytes)
  attributes?: string;

  @TwilioParam('MediaSid', { array: true })
  @SidList(SidPrefix.Media, MESSAGE_LIMITS.media, { code: 50510 })
  mediaSid?: string[];

  @TwilioParam('ContentSid')
  @Sid(SidPrefix.ContentTemplate)
  contentSid?: string;

  @TwilioParam('ContentVariables')
  @JsonString(16 * 1024, { code: 20001 })
  contentVariables?: string;

  @TwilioParam('Subject')
  @Text(MESSAGE_LIMITS.subject)
  subject?: string;

  @TwilioParam('DateCreated')
  @IsoDate({ code: 50308 })
  dateCreated?: Date;

  @TwilioParam('DateUpdated')
  @IsoDate({ code: 50309 })
  dateUpdated?: Date;
}

export class UpdateMessageDto {
  @TwilioParam('Author')
  @Text(MESSAGE_LIMITS.author, { code: 50310 })
  author?: string;

  @TwilioParam('Body')
  @Text(MESSAGE_LIMITS.body, { code: 50504 })
  body?: string;

  @TwilioParam('Attributes')
  @JsonString(MESSAGE_LIMITS.attributesBytes)
  attributes?: string;

  @TwilioParam('Subject')
  @Text(MESSAGE_LIMITS.subject)
  subject?: string;

  @TwilioParam('DateCreated')
  @IsoDate({ code: 50308 })
  dateCreated?: Date;

  @TwilioParam('DateUpdated')
  @IsoDate({ code: 50309 })
  dateUpdated?: Date;
}

export class ListMessagesQuery extends PageQuery {
  @TwilioParam('Order')
  @OneOf(['asc', 'desc'])
  order?: 'asc' | 'desc';
}
