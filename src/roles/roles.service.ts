import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { PageRequest, PageSlice, sliceRows } from '../common/paging';
import { isSid, normalizeSid, SidPrefix } from '../common/sid';
import { resourcePath } from '../common/resource-path';
import { UnitOfWork } from '../prisma/unit-of-work';
import type { ServiceScope } from '../services/services.types';
import { type Grants, isAllowed, type Permission, rolePermissions } from './permissions';
import { RolesRepository, type RoleUsage } from './roles.repository';
import type { PermissionSubject, RoleInput, RoleRecord } from './roles.types';

@Injectable()
export class RolesService {
  constructor(
    private readonly roles: RolesRepository,
    private readonly uow: UnitOfWork,
  ) {}

  /** `chat`: through Chat v2, which also knows Chat-only permissions (inviteMember). */
  async create(scope: ServiceScope, dto: RoleInput, options: { chat?: boolean } = {}): Promise<RoleRecord> {
    const permissions = rolePermissions(dto.type, dto.permissions, options);
    return this.roles.insert(scope, { friendlyName: dto.friendlyName, type: dto.type, permissions });
  }

  async list(scope: ServiceScope, page: PageRequest): Promise<PageSlice<RoleRecord>> {
    return sliceRows(await this.roles.list(scope.accountSid, scope.serviceSid, page), page);
  }

  async fetch(scope: ServiceScope, sid: string): Promise<RoleRecord> {
    const role = await this.roles.find(scope.accountSid, scope.serviceSid, this.pathSid(scope, sid));
    if (!role) throw Errors.notFound(resourcePath(scope, 'Roles', sid));
    return role;
  }

  /** UpdateRole: the given permissions replace the whole set. */
  async update(
    scope: ServiceScope,
    sid: string,
    dto: Pick<RoleInput, 'permissions'>,
    options: { chat?: boolean } = {},
  ): Promise<RoleRecord> {
    const current = await this.fetch(scope, sid);
    const permissions = rolePermissions(current.type, dto.permissions, options);
    const updated = await this.roles.updatePermissions(scope.accountSid, scope.serviceSid, current.sid, permissions);
    if (!updated) throw Errors.notFound(resourcePath(scope, 'Roles', sid));
    return updated;
  }

  /** Deletes a role nothing refers to: not a service default, not held by a user or participant. */
  async delete(scope: ServiceScope, sid: string): Promise<void> {
    const roleSid = this.pathSid(scope, sid);
    await this.uow.run(async (db) => {
      if (!(await this.roles.lock(db, scope.accountSid, scope.serviceSid, roleSid)))
        throw Errors.notFound(resourcePath(scope, 'Roles', sid));
      const usage = await this.roles.usage(db, scope.serviceSid, roleSid);
      if (usage) throw Errors.roleInUse(roleSid, describeUsage(usage, scope));
      await this.roles.delete(db, roleSid);
    });
  }

  /**
   * Whether a chat user may do something: its service role (the user's, else the service default)
   * and, for a conversation it takes part in, its participant's conversation role. False when the
   * service does not exist. The decision itself is `isAllowed`.
   */
  async can(subject: PermissionSubject, permission: Permission): Promise<boolean> {
    const grants = await this.grants(subject);
    return grants !== null && isAllowed(grants, permission);
  }

  /**
   * What a chat user holds: its service role's permissions and, when it is a participant of the named
   * conversation, its conversation role's (else null). Null when the service does not exist.
   */
  async grants(subject: PermissionSubject): Promise<Grants | null> {
    const conversation =
      subject.conversationSid === undefined
        ? undefined
        : isSid(subject.conversationSid, SidPrefix.Conversation)
          ? { sid: normalizeSid(subject.conversationSid) }
          : { uniqueName: subject.conversationSid };
    const sids = await this.roles.roleSidsFor(subject.serviceSid, subject.identity, conversation);
    if (!sids) return null;
    const roles = await this.roles.permissionsOf(
      subject.serviceSid,
      [sids.service, sids.conversation].filter((s): s is string => s !== null),
    );
    const serviceRole = sids.service ? roles.get(sids.service) : undefined;
    const conversationRole = sids.conversation ? roles.get(sids.conversation) : undefined;
    return {
      service: serviceRole?.type === 'service' ? serviceRole.permissions : [],
      conversation: sids.participant ? (conversationRole?.type === 'conversation' ? conversationRole.permissions : []) : null,
    };
  }

  private pathSid(scope: ServiceScope, sid: string): string {
    const normalized = normalizeSid(sid);
    if (!isSid(normalized, SidPrefix.Role)) throw Errors.notFound(resourcePath(scope, 'Roles', sid));
    return normalized;
  }
}

function describeUsage(usage: RoleUsage, scope: ServiceScope): string {
  const configuration = `/v1/Services/${scope.serviceSid}/Configuration`;
  switch (usage.by) {
    case 'configuration':
      return `it is the service's ${usage.setting}; set another role there (POST ${configuration}) first`;
    case 'user':
      return `user ${usage.sid} holds it; give that user another RoleSid (POST ${resourcePath(scope, 'Users', usage.sid)}) or delete the user first`;
    case 'participant':
      return `participant ${usage.sid} of conversation ${usage.conversationSid} holds it; give it another RoleSid (POST ${resourcePath(scope, 'Conversations', usage.conversationSid, 'Participants', usage.sid)}) or remove it first`;
  }
}
