import { PageQuery } from '../common/paging';
import { TwilioParam } from '../common/params/twilio-param.decorator';
import { Bool, Int, IsoDate, JsonString, OneOf, OutboundUrl, Required, Sid, Text, TextList } from '../common/params/validators';
import { SidPrefix } from '../common/sid';
import { MESSAGE_LIMITS } from '../messages/messages.dto';
import { PARTICIPANT_LIMITS } from '../participants/participants.dto';
import { ROLE_LIMITS } from '../roles/roles.dto';
import { NOTIFICATION_LEVELS, type NotificationLevel, USER_LIMITS } from '../users/users.dto';
import { webhookErrorCodes } from '../webhooks/conversation-webhook-errors';
import { CHAT_CHANNEL_EVENTS, CHAT_EVENTS, CHAT_ROLE_TYPES, type ChatRoleType } from './chat-v2.names';

/** Chat v2 request parameters, by the names of twilio_chat_v2.json. */

const CHANNEL_TYPES = ['public', 'private'] as const;
const TEMPLATE_LENGTH = 4096;
const SOUND_LENGTH = 256;

export class CreateChatServiceDto {
  @TwilioParam('FriendlyName')
  @Required({ code: 50000, message: 'FriendlyName is required' })
  @Text(256, { code: 50003 })
  friendlyName!: string;
}

export class UpdateChatServiceDto {
  @TwilioParam('FriendlyName')
  @Text(256, { code: 50003, minLength: 1 })
  friendlyName?: string;

  @TwilioParam('DefaultServiceRoleSid')
  @Sid(SidPrefix.Role, { code: 50100 })
  defaultServiceRoleSid?: string;

  @TwilioParam('DefaultChannelRoleSid')
  @Sid(SidPrefix.Role, { code: 50100 })
  defaultChannelRoleSid?: string;

  @TwilioParam('DefaultChannelCreatorRoleSid')
  @Sid(SidPrefix.Role, { code: 50100 })
  defaultChannelCreatorRoleSid?: string;

  @TwilioParam('ReadStatusEnabled')
  @Bool()
  readStatusEnabled?: boolean;

  @TwilioParam('ReachabilityEnabled')
  @Bool()
  reachabilityEnabled?: boolean;

  @TwilioParam('TypingIndicatorTimeout')
  @Int(1, 600, { code: 50053 })
  typingIndicatorTimeout?: number;

  @TwilioParam('ConsumptionReportInterval')
  @Int(1, 3600)
  consumptionReportInterval?: number;

  @TwilioParam('Notifications.NewMessage.Enabled')
  @Bool()
  newMessageEnabled?: boolean;

  @TwilioParam('Notifications.NewMessage.Template')
  @Text(TEMPLATE_LENGTH)
  newMessageTemplate?: string;

  @TwilioParam('Notifications.NewMessage.Sound')
  @Text(SOUND_LENGTH)
  newMessageSound?: string;

  @TwilioParam('Notifications.NewMessage.BadgeCountEnabled')
  @Bool()
  newMessageBadgeCountEnabled?: boolean;

  @TwilioParam('Notifications.AddedToChannel.Enabled')
  @Bool()
  addedToChannelEnabled?: boolean;

  @TwilioParam('Notifications.AddedToChannel.Template')
  @Text(TEMPLATE_LENGTH)
  addedToChannelTemplate?: string;

  @TwilioParam('Notifications.AddedToChannel.Sound')
  @Text(SOUND_LENGTH)
  addedToChannelSound?: string;

  @TwilioParam('Notifications.RemovedFromChannel.Enabled')
  @Bool()
  removedFromChannelEnabled?: boolean;

  @TwilioParam('Notifications.RemovedFromChannel.Template')
  @Text(TEMPLATE_LENGTH)
  removedFromChannelTemplate?: string;

  @TwilioParam('Notifications.RemovedFromChannel.Sound')
  @Text(SOUND_LENGTH)
  removedFromChannelSound?: string;

  @TwilioParam('Notifications.InvitedToChannel.Enabled')
  @Bool()
  invitedToChannelEnabled?: boolean;

  @TwilioParam('Notifications.InvitedToChannel.Template')
  @Text(TEMPLATE_LENGTH)
  invitedToChannelTemplate?: string;

  @TwilioParam('Notifications.InvitedToChannel.Sound')
  @Text(SOUND_LENGTH)
  invitedToChannelSound?: string;

  @TwilioParam('Notifications.LogEnabled')
  @Bool()
  logEnabled?: boolean;

  @TwilioParam('PreWebhookUrl')
  @OutboundUrl(1024, { code: 50077 })
  preWebhookUrl?: string;

  @TwilioParam('PostWebhookUrl')
  @OutboundUrl(1024, { code: 50078 })
  postWebhookUrl?: string;

  @TwilioParam('WebhookMethod')
  @OneOf(['GET', 'POST'], { code: 50055 })
  webhookMethod?: 'GET' | 'POST';

  @TwilioParam('WebhookFilters', { array: true })
  @OneOf(CHAT_EVENTS, { code: 50054 })
  webhookFilters?: string[];

  @TwilioParam('Limits.ChannelMembers')
  @Int(1, 1000)
  limitsChannelMembers?: number;

  @TwilioParam('Limits.UserChannels')
  @Int(1, 1000)
  limitsUserChannels?: number;

  @TwilioParam('Media.CompatibilityMessage')
  @Text(1024)
  mediaCompatibilityMessage?: string;

  @TwilioParam('PreWebhookRetryCount')
  @Int(0, 3, { code: 50065 })
  preWebhookRetryCount?: number;

  @TwilioParam('PostWebhookRetryCount')
  @Int(0, 3, { code: 50065 })
  postWebhookRetryCount?: number;
}

class ChannelFieldsDto {
  @TwilioParam('FriendlyName')
  @Text(256, { code: 50003 })
  friendlyName?: string;

  @TwilioParam('UniqueName')
  @Text(256, { code: 50004 })
  uniqueName?: string;

  @TwilioParam('Attributes')
  @JsonString(16 * 1024)
  attributes?: string;

  @TwilioParam('DateCreated')
  @IsoDate({ code: 50308 })
  dateCreated?: Date;

  @TwilioParam('DateUpdated')
  @IsoDate({ code: 50309 })
  dateUpdated?: Date;

  @TwilioParam('CreatedBy')
  @Text(256)
  createdBy?: string;
}

export class CreateChannelDto extends ChannelFieldsDto {
  @TwilioParam('Type')
  @OneOf(CHANNEL_TYPES)
  channelType?: 'public' | 'private';
}

export class UpdateChannelDto extends ChannelFieldsDto {}

export class ListChannelsQuery extends PageQuery {
  @TwilioParam('Type', { array: true })
  @OneOf(CHANNEL_TYPES)
  channelTypes?: ('public' | 'private')[];
}

class MemberFieldsDto {
  @TwilioParam('RoleSid')
  @Sid(SidPrefix.Role, { code: 50100 })
  roleSid?: string;

  @TwilioParam('LastConsumedMessageIndex')
  @Int(0, 2_147_483_647, { code: 50421 })
  lastConsumedMessageIndex?: number;

  @TwilioParam('LastConsumptionTimestamp')
  @IsoDate()
  lastConsumptionTimestamp?: Date;

  @TwilioParam('DateCreated')
  @IsoDate({ code: 50308 })
  dateCreated?: Date;

  @TwilioParam('DateUpdated')
  @IsoDate({ code: 50309 })
  dateUpdated?: Date;

  @TwilioParam('Attributes')
  @JsonString(PARTICIPANT_LIMITS.attributesBytes)
  attributes?: string;
}

export class CreateMemberDto extends MemberFieldsDto {
  @TwilioParam('Identity')
  @Required({ code: 50204, message: 'Identity is required' })
  @Text(PARTICIPANT_LIMITS.identityLength, { code: 50207 })
  identity!: string;
}

export class UpdateMemberDto extends MemberFieldsDto {}

export class ListMembersQuery extends PageQuery {
  @TwilioParam('Identity', { array: true })
  @TextList(100, PARTICIPANT_LIMITS.identityLength)
  identities?: string[];
}

class MessageFieldsDto {
  @TwilioParam('From')
  @Text(MESSAGE_LIMITS.author, { code: 50310 })
  from?: string;

  @TwilioParam('Body')
  @Text(MESSAGE_LIMITS.body, { code: 50504 })
  body?: string;

  @TwilioParam('Attributes')
  @JsonString(MESSAGE_LIMITS.attributesBytes)
  attributes?: string;

  @TwilioParam('DateCreated')
  @IsoDate({ code: 50308 })
  dateCreated?: Date;

  @TwilioParam('DateUpdated')
  @IsoDate({ code: 50309 })
  dateUpdated?: Date;

  @TwilioParam('LastUpdatedBy')
  @Text(MESSAGE_LIMITS.author)
  lastUpdatedBy?: string;
}

export class CreateChatMessageDto extends MessageFieldsDto {
  @TwilioParam('MediaSid')
  @Sid(SidPrefix.Media, { code: 50510 })
  mediaSid?: string;
}

export class UpdateChatMessageDto extends MessageFieldsDto {}

export class ListChatMessagesQuery extends PageQuery {
  @TwilioParam('Order')
  @OneOf(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export class CreateInviteDto {
  @TwilioParam('Identity')
  @Required({ code: 50204, message: 'Identity is required' })
  @Text(PARTICIPANT_LIMITS.identityLength, { code: 50207 })
  identity!: string;

  @TwilioParam('RoleSid')
  @Sid(SidPrefix.Role, { code: 50100 })
  roleSid?: string;
}

export class ListInvitesQuery extends PageQuery {
  @TwilioParam('Identity', { array: true })
  @TextList(100, PARTICIPANT_LIMITS.identityLength)
  identities?: string[];
}

export class CreateChatRoleDto {
  @TwilioParam('FriendlyName')
  @Required({ code: 50000, message: 'FriendlyName is required' })
  @Text(ROLE_LIMITS.friendlyNameLength, { code: 50003 })
  friendlyName!: string;

  @TwilioParam('Type')
  @Required({ code: 50105, message: 'Type is required: channel or deployment' })
  @OneOf(CHAT_ROLE_TYPES, { code: 50105 })
  type!: ChatRoleType;

  @TwilioParam('Permission', { array: true })
  @Required({ message: 'Permission is required: repeat the parameter once per permission' })
  @TextList(ROLE_LIMITS.permissions, ROLE_LIMITS.permissionLength)
  permissions!: string[];
}

export class UpdateChatRoleDto {
  @TwilioParam('Permission', { array: true })
  @Required({ message: 'Permission is required: repeat the parameter once per permission; it replaces the whole set' })
  @TextList(ROLE_LIMITS.permissions, ROLE_LIMITS.permissionLength)
  permissions!: string[];
}

class ChatUserFieldsDto {
  @TwilioParam('RoleSid')
  @Sid(SidPrefix.Role, { code: 50100 })
  roleSid?: string;

  @TwilioParam('Attributes')
  @JsonString(USER_LIMITS.attributesBytes)
  attributes?: string;

  @TwilioParam('FriendlyName')
  @Text(USER_LIMITS.friendlyNameLength, { code: 50003 })
  friendlyName?: string;
}

export class CreateChatUserDto extends ChatUserFieldsDto {
  @TwilioParam('Identity')
  @Required({ code: 50204, message: 'Identity is required' })
  @Text(USER_LIMITS.identityLength, { code: 50207 })
  identity!: string;
}

export class UpdateChatUserDto extends ChatUserFieldsDto {}

export class UpdateUserChannelDto {
  @TwilioParam('NotificationLevel')
  @OneOf(NOTIFICATION_LEVELS, { code: 50210, emptyCode: 50210 })
  notificationLevel?: NotificationLevel;

  @TwilioParam('LastConsumedMessageIndex')
  @Int(0, 2_147_483_647, { code: 50421 })
  lastConsumedMessageIndex?: number;

  @TwilioParam('LastConsumptionTimestamp')
  @IsoDate()
  lastConsumptionTimestamp?: Date;
}

/** Chat's channel webhook codes (50320-50332), where Conversations answers 50360-50372. */
const WH = webhookErrorCodes('chat');

class ChannelWebhookFieldsDto {
  @TwilioParam('Configuration.Url')
  @OutboundUrl(512, { code: WH.urlTooLong })
  url?: string;

  @TwilioParam('Configuration.Method')
  @OneOf(['GET', 'POST'], { code: 50055 })
  method?: 'GET' | 'POST';

  @TwilioParam('Configuration.Filters', { array: true })
  @OneOf(CHAT_CHANNEL_EVENTS, { code: WH.invalidFilter })
  filters?: string[];

  // Count (at most 5) and length (1 to 248) are the service's rules, with their own codes.
  @TwilioParam('Configuration.Triggers', { array: true })
  @TextList(100, 4096, { code: WH.invalidTrigger })
  triggers?: string[];

  @TwilioParam('Configuration.FlowSid')
  @Sid(SidPrefix.StudioFlow, { code: WH.invalidFlowSid })
  flowSid?: string;

  @TwilioParam('Configuration.RetryCount')
  @Int(0, 3, { code: 50065 })
  retryCount?: number;
}

export class CreateChannelWebhookDto extends ChannelWebhookFieldsDto {
  @TwilioParam('Type')
  @Required({ code: WH.typeMissing, message: 'Type is required: webhook, trigger or studio' })
  @OneOf(['webhook', 'trigger', 'studio'], { code: WH.invalidType })
  type!: 'webhook' | 'trigger' | 'studio';
}

export class UpdateChannelWebhookDto extends ChannelWebhookFieldsDto {}

export class ListChatBindingsQuery extends PageQuery {
  @TwilioParam('BindingType', { array: true })
  @OneOf(['gcm', 'apn', 'fcm'], { code: 50209 })
  bindingTypes?: string[];

  @TwilioParam('Identity', { array: true })
  @TextList(100, 256)
  identities?: string[];
}

export class ChatPageQuery extends PageQuery {}
