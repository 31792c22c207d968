import type { RestApi } from '../common/resource-path';

export interface ServiceRecord {
  sid: string;
  accountSid: string;
  friendlyName: string;
  dateCreated: Date;
  dateUpdated: Date;
}

export interface ServiceConfigurationRecord {
  sid: string;
  accountSid: string;
  defaultConversationCreatorRoleSid: string | null;
  defaultConversationRoleSid: string | null;
  defaultChatServiceRoleSid: string | null;
  reachabilityEnabled: boolean;
}

export interface AccountConfigurationRecord {
  accountSid: string;
  defaultChatServiceSid: string;
  defaultMessagingServiceSid: string | null;
  defaultInactiveTimer: string | null;
  defaultClosedTimer: string | null;
}

/**
 * Where a /v1 request acts: the account and the conversation service, explicit
 * (`/v1/Services/{IS}/...`, scoped = true) or the account's default service.
 */
export interface ServiceScope {
  accountSid: string;
  serviceSid: string;
  scoped: boolean;
  /** The API the request came through (error paths name its resources); Conversations v1 when absent. */
  api?: RestApi;
}

/** A service's Programmable Chat settings (Chat v2's Service resource), besides roles, webhooks and notifications. */
export interface ChatSettingsRecord {
  sid: string;
  accountSid: string;
  friendlyName: string;
  defaultConversationCreatorRoleSid: string | null;
  defaultConversationRoleSid: string | null;
  defaultChatServiceRoleSid: string | null;
  reachabilityEnabled: boolean;
  readStatusEnabled: boolean;
  typingIndicatorTimeout: number;
  consumptionReportInterval: number;
  preWebhookRetryCount: number;
  postWebhookRetryCount: number;
  limitsChannelMembers: number;
  limitsUserChannels: number;
  mediaCompatibilityMessage: string | null;
  dateCreated: Date;
  dateUpdated: Date;
}

/** The Chat settings an update may change (validated; absent when not given). */
export interface ChatSettingsInput {
  friendlyName?: string;
  readStatusEnabled?: boolean;
  typingIndicatorTimeout?: number;
  consumptionReportInterval?: number;
  preWebhookRetryCount?: number;
  postWebhookRetryCount?: number;
  limitsChannelMembers?: number;
  limitsUserChannels?: number;
  mediaCompatibilityMessage?: string;
}

/** Default roles and reachability, as either API names them (validated role SIDs). */
export interface ServiceConfigurationInput {
  defaultConversationCreatorRoleSid?: string;
  defaultConversationRoleSid?: string;
  defaultChatServiceRoleSid?: string;
  reachabilityEnabled?: boolean;
}
