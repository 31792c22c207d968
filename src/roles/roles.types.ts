import type { RoleType } from '../services/default-roles';

export interface RoleRecord {
  sid: string;
  accountSid: string;
  serviceSid: string;
  friendlyName: string;
  type: RoleType;
  permissions: string[];
  dateCreated: Date;
  dateUpdated: Date;
}

/** Who asks, where: a chat user (by identity) of a service, optionally inside a conversation (CH SID or unique name). */
export interface PermissionSubject {
  serviceSid: string;
  identity: string;
  conversationSid?: string;
}

/** A new role through either API (Chat v2 role types and permission names are mapped before this). */
export interface RoleInput {
  friendlyName: string;
  type: RoleType;
  permissions: string[];
}
