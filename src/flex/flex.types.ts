/** Flex Flow channel types (Twilio's enum). */
export const FLEX_CHANNEL_TYPES = ['web', 'sms', 'facebook', 'whatsapp', 'line', 'custom'] as const;
export type FlexChannelType = (typeof FLEX_CHANNEL_TYPES)[number];

/** Integration types Twilio accepts; `task` is refused here (no TaskRouter), see flex-flow-rules.ts. */
export const FLEX_INTEGRATION_TYPES = ['studio', 'external', 'task'] as const;
export type FlexIntegrationType = (typeof FLEX_INTEGRATION_TYPES)[number];

/** Integration.RetryCount: 0 to 3, 3 when not given (Twilio's documented range and default). */
export const DEFAULT_RETRY_COUNT = 3;
export const MAX_RETRY_COUNT = 3;

export interface FlexIntegration {
  url: string | null;
  flowSid: string | null;
  retryCount: number | null;
  creationOnMessage: boolean | null;
}

export interface FlexFlowRecord {
  sid: string;
  accountSid: string;
  friendlyName: string;
  chatServiceSid: string;
  channelType: FlexChannelType;
  contactIdentity: string | null;
  enabled: boolean;
  integrationType: Exclude<FlexIntegrationType, 'task'>;
  integration: FlexIntegration;
  longLived: boolean;
  janitorEnabled: boolean;
  dateCreated: Date;
  dateUpdated: Date;
}

/** The fields a flow create or update writes, once validated and merged with the current flow. */
export type FlexFlowWrite = Omit<FlexFlowRecord, 'sid' | 'accountSid' | 'dateCreated' | 'dateUpdated'>;

export interface FlexChannelRecord {
  /** The chat channel's (conversation's) CH sid. */
  sid: string;
  accountSid: string;
  flexFlowSid: string;
  identity: string;
  userSid: string;
  target: string | null;
  longLived: boolean;
  webhookSid: string;
  dateCreated: Date;
  dateUpdated: Date;
}
