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
