import { PageQuery } from '../common/paging';
import { TwilioParam } from '../common/params/twilio-param.decorator';
import { Int, IsoDate, JsonString, OneOf, Required, Sid, Text } from '../common/params/validators';
import { SidPrefix } from '../common/sid';

/** User limits: identity as for participants, attributes as Twilio documents for users (16 KB). */
export const USER_LIMITS = { identityLength: 256, friendlyNameLength: 256, attributesBytes: 16 * 1024 } as const;

export const NOTIFICATION_LEVELS = ['default', 'muted'] as const;
export type NotificationLevel = (typeof NOTIFICATION_LEVELS)[number];

export class UserFieldsDto {
  @TwilioParam('FriendlyName')
  @Text(USER_LIMITS.friendlyNameLength, { code: 50003 })
  friendlyName?: string;

  @TwilioParam('Attributes')
  @JsonString(USER_LIMITS.attributesBytes)
  attributes?: string;

  @TwilioParam('RoleSid')
  @Sid(SidPrefix.Role, { code: 50100 })
  roleSid?: string;
}

export class CreateUserDto extends UserFieldsDto {
  @TwilioParam('Identity')
  @Required({ code: 50204, message: 'Identity is required' })
  @Text(USER_LIMITS.identityLength, { code: 50207 })
  identity!: string;
}

export class UpdateUserDto extends UserFieldsDto {}

export class ListUsersQuery extends PageQuery {}

export class UpdateUserConversationDto {
  @TwilioParam('NotificationLevel')
  @OneOf(NOTIFICATION_LEVELS, { code: 50210, emptyCode: 50210 })
  notificationLevel?: NotificationLevel;

  @TwilioParam('LastReadMessageIndex')
  @Int(0, 2_147_483_647, { code: 50421 })
  /** null (never from REST: the SDK's setAllMessagesUnread) clears the read horizon. */
  lastReadMessageIndex?: number | null;

  @TwilioParam('LastReadTimestamp')
  @IsoDate()
  lastReadTimestamp?: Date;
}

export class ListUserConversationsQuery extends PageQuery {}
