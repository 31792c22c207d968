export type AccountStatus = 'active' | 'suspended' | 'closed';

export interface AccountRecord {
  sid: string;
  friendlyName: string;
  ownerAccountSid: string | null;
  status: string;
  type: string;
  dateCreated: Date;
  dateUpdated: Date;
}

export interface ApiKeyRecord {
  sid: string;
  accountSid: string;
  friendlyName: string;
  dateCreated: Date;
  dateUpdated: Date;
}

/** What authenticating a credential needs, cached per credential SID. */
export interface CredentialRecord {
  credentialSid: string;
  accountSid: string;
  secret: string;
  status: string;
  defaultServiceSid: string;
  isApiKey: boolean;
  /** The auth token, or a main API key. */
  canManageAccounts: boolean;
}
