export const PUSH_CREDENTIAL_TYPES = ['apn', 'gcm', 'fcm'] as const;
export type PushCredentialType = (typeof PUSH_CREDENTIAL_TYPES)[number];

export const PUSH_BINDING_TYPES = ['apn', 'gcm', 'fcm', 'twilsock'] as const;

/** A push credential as the API shows it: its secrets are stored apart and never leave the repository. */
export interface PushCredentialRecord {
  sid: string;
  accountSid: string;
  friendlyName: string | null;
  type: PushCredentialType;
  sandbox: boolean;
  dateCreated: Date;
  dateUpdated: Date;
}

/** What a credential keeps secret: the APN certificate and key, the GCM API key, the FCM secret. */
export interface PushCredentialSecrets {
  certificate?: string;
  privateKey?: string;
  apiKey?: string;
  secret?: string;
}

export interface PushBindingRecord {
  sid: string;
  accountSid: string;
  serviceSid: string;
  credentialSid: string | null;
  endpoint: string;
  identity: string;
  bindingType: string;
  messageTypes: string[];
  dateCreated: Date;
  dateUpdated: Date;
}

export interface PushBindingFilter {
  bindingTypes?: string[];
  identities?: string[];
}

/** Push notification templates of a service, in Twilio's (snake_case) shape. */
export interface NotificationTemplate {
  enabled: boolean;
  template: string | null;
  sound: string | null;
}

export interface ServiceNotifications {
  log_enabled: boolean;
  new_message: NotificationTemplate & { badge_count_enabled: boolean; with_media: { enabled: boolean; template: string | null } };
  added_to_conversation: NotificationTemplate;
  removed_from_conversation: NotificationTemplate;
  /** Chat v2 only (Notifications.InvitedToChannel); absent until set. */
  invited_to_channel?: NotificationTemplate;
}

export interface ServiceNotificationsRecord {
  accountSid: string;
  serviceSid: string;
  notifications: ServiceNotifications;
}
