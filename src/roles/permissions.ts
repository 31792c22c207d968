import { Errors } from '../common/errors';
import { CHAT_ONLY_PERMISSIONS, CONVERSATION_PERMISSIONS, type RoleType, SERVICE_PERMISSIONS } from '../services/default-roles';

export type ServicePermission = (typeof SERVICE_PERMISSIONS)[number];
export type ConversationPermission = (typeof CONVERSATION_PERMISSIONS)[number];
export type Permission = ServicePermission | ConversationPermission;

export const ROLE_TYPES: readonly RoleType[] = ['conversation', 'service'];

const ACCEPTED: Record<RoleType, readonly string[]> = { service: SERVICE_PERMISSIONS, conversation: CONVERSATION_PERMISSIONS };

/**
 * The permission set of a new or updated role: each name must belong to the role's type (50104);
 * duplicates are dropped, the caller's order is kept.
 */
export function rolePermissions(type: RoleType, permissions: readonly string[], options: { chat?: boolean } = {}): string[] {
  const accepted = options.chat ? [...ACCEPTED[type], ...CHAT_ONLY_PERMISSIONS] : ACCEPTED[type];
  const out: string[] = [];
  for (const permission of permissions) {
    const name = permission.trim();
    if (!accepted.includes(name)) throw Errors.permissionNotFound(name, type, accepted);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** A "...Own..." permission is also granted by its "...Any..." counterpart. */
const COVERED_BY: Partial<Record<Permission, Permission>> = {
  editOwnMessage: 'editAnyMessage',
  editOwnMessageAttributes: 'editAnyMessageAttributes',
  deleteOwnMessage: 'deleteAnyMessage',
  editOwnUserInfo: 'editAnyUserInfo',
  editOwnParticipantAttributes: 'editAnyParticipantAttributes',
};

/**
 * What a chat user holds: the permissions of its service role, and, inside a conversation it takes
 * part in, those of its participant's conversation role (null when it is not a participant, or
 * when no conversation is in question).
 */
export interface Grants {
  service: readonly string[];
  conversation: readonly string[] | null;
}

/**
 * The decision of RolesService.can: a permission is granted by the service role when it is a
 * service-scope permission (service-wide, e.g. a service admin's deleteAnyMessage applies in every
 * conversation), or by the conversation role when it is a conversation-scope permission and the user
 * is a participant. "Own" permissions are implied by their "Any" counterparts.
 */
export function isAllowed(grants: Grants, permission: Permission): boolean {
  const holds = (name: Permission) =>
    ((SERVICE_PERMISSIONS as readonly string[]).includes(name) && grants.service.includes(name)) ||
    (grants.conversation !== null && (CONVERSATION_PERMISSIONS as readonly string[]).includes(name) && grants.conversation.includes(name));
  const wider = COVERED_BY[permission];
  return holds(permission) || (wider !== undefined && holds(wider));
}

/** True for a permission name of either scope (for callers holding a plain string). */
export function isPermission(name: string): name is Permission {
  return (SERVICE_PERMISSIONS as readonly string[]).includes(name) || (CONVERSATION_PERMISSIONS as readonly string[]).includes(name);
}
