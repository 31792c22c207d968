export type AutoCreationType = 'default' | 'webhook' | 'studio';

export interface AddressConfigurationRecord {
  sid: string;
  accountSid: string;
  type: string;
  address: string;
  friendlyName: string | null;
  addressCountry: string | null;
  autoCreationEnabled: boolean;
  autoCreationType: string | null;
  autoCreationServiceSid: string | null;
  webhookUrl: string | null;
  webhookMethod: string | null;
  webhookFilters: string[];
  studioFlowSid: string | null;
  studioRetryCount: number | null;
  dateCreated: Date;
  dateUpdated: Date;
}
