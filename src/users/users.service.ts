import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { PageRequest, PageSlice, sliceRows } from '../common/paging';
import { resourcePath } from '../common/resource-path';
import { isoDate } from '../common/wire-format';
import { participantEventFields } from '../participants/participant-events';
import { type Db, UnitOfWork } from '../prisma/unit-of-work';
import { ServicesRepository } from '../services/services.repository';
import type { ServiceScope } from '../services/services.types';
import type { ActionContext } from '../events/event-types';
import { ChangeFeed, type UserInfoKey } from '../events/change-feed';
import { removedChange } from '../participants/participants.service';
import type { EventFields } from '../events/event-types';
import { PreEventHooks } from '../webhooks/pre-event.hooks';
import { UsersRepository, type UserWrite } from './users.repository';
import type { UserInput, UserRecord, UserUpdateInput } from './users.types';

const USER_SID_SHAPE = /^US[0-9a-f]{32}$/i;

/**
 * Users of a service. Create, update and delete take the action context (source, X-Twilio-Webhook-Enabled)
 * and return the record, so that user events (onUserAdded, onUserUpdated) can be recorded at these call sites.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly services: ServicesRepository,
    private readonly uow: UnitOfWork,
    private readonly feed: ChangeFeed,
    private readonly preHooks: PreEventHooks,
  ) {}

  /** CreateUser: a new identity in the service, with the service's default user role unless RoleSid is given. */
  async create(scope: ServiceScope, dto: UserInput, ctx: ActionContext): Promise<UserRecord> {
    if (USER_SID_SHAPE.test(dto.identity)) throw Errors.identityLooksLikeSid();
    if (dto.roleSid !== undefined) await this.checkServiceRole(scope, dto.roleSid);
    const roleSid =
      dto.roleSid ?? (await this.services.findConfiguration(scope.accountSid, scope.serviceSid))?.defaultChatServiceRoleSid ?? null;
    return this.uow.run(async (db) => {
      const user = await this.users.insert(db, scope, {
        identity: dto.identity,
        friendlyName: emptyToNull(dto.friendlyName),
        attributes: dto.attributes ?? '{}',
        roleSid,
      });
      if (!user) throw Errors.userExists(dto.identity);
      await this.feed.record(db, ctx, {
        type: 'user.added',
        accountSid: user.accountSid,
        serviceSid: user.serviceSid,
        identity: user.identity,
        subject: { kind: 'user', sid: user.sid, keys: ['friendlyName', 'attributes'] },
        fields: userEventFields(user),
      });
      return user;
    });
  }

  /**
   * The user of an identity, created (with the service's default role, recorded as `user.added`) when
   * it does not exist yet: what Twilio does when a chat client connects with a new identity. Safe
   * against a concurrent creation of the same identity.
   */
  async ensure(scope: ServiceScope, identity: string, ctx: ActionContext): Promise<UserRecord> {
    const existing = await this.users.find(scope.accountSid, scope.serviceSid, identity);
    if (existing && existing.identity === identity) return existing;
    try {
      return await this.create(scope, { identity }, ctx);
    } catch (err) {
      const raced = await this.users.find(scope.accountSid, scope.serviceSid, identity);
      if (raced && raced.identity === identity) return raced;
      throw err;
    }
  }

  /**
   * Inside the caller's transaction: the user of an identity, created when missing (with the service's
   * default role and the given friendly name, recorded as `user.added`), its row locked until commit,
   * so that work keyed by the identity (a Flex channel's reuse) is serialised per user.
   */
  async ensureLocked(db: Db, scope: ServiceScope, identity: string, friendlyName: string | null, ctx: ActionContext): Promise<UserRecord> {
    if (USER_SID_SHAPE.test(identity)) throw Errors.identityLooksLikeSid();
    const configuration = await this.services.findConfiguration(scope.accountSid, scope.serviceSid, db);
    const created = await this.users.insert(db, scope, {
      identity,
      friendlyName: emptyToNull(friendlyName ?? undefined),
      attributes: '{}',
      roleSid: configuration?.defaultChatServiceRoleSid ?? null,
    });
    if (created) {
      await this.feed.record(db, ctx, {
        type: 'user.added',
        accountSid: created.accountSid,
        serviceSid: created.serviceSid,
        identity: created.identity,
        subject: { kind: 'user', sid: created.sid, keys: ['friendlyName', 'attributes'] },
        fields: userEventFields(created),
      });
    }
    const user = await this.users.findForUpdate(db, scope.accountSid, scope.serviceSid, identity);
    if (!user) throw Errors.notFound(resourcePath(scope, 'Users', identity));
    return user;
  }

  async list(scope: ServiceScope, page: PageRequest): Promise<PageSlice<UserRecord>> {
    return sliceRows(await this.users.list(scope.accountSid, scope.serviceSid, page), page);
  }

  /** A user by US SID or identity. */
  async fetch(scope: ServiceScope, id: string): Promise<UserRecord> {
    const user = await this.users.find(scope.accountSid, scope.serviceSid, id);
    if (!user) throw Errors.notFound(resourcePath(scope, 'Users', id));
    return user;
  }

  async update(scope: ServiceScope, id: string, dto: UserUpdateInput, ctx: ActionContext): Promise<UserRecord> {
    if (dto.roleSid !== undefined) await this.checkServiceRole(scope, dto.roleSid);
    if (ctx.webhooks) {
      const current = await this.fetch(scope, id);
      await this.preHooks.run(ctx, scope, 'onUserUpdate', {
        ...userEventFields(current),
        ...(dto.friendlyName !== undefined ? { FriendlyName: dto.friendlyName } : {}),
        ...(dto.attributes !== undefined ? { Attributes: dto.attributes } : {}),
        ...(dto.roleSid !== undefined ? { RoleSid: dto.roleSid } : {}),
      });
    }
    return this.uow.run(async (db) => {
      const current = await this.users.findForUpdate(db, scope.accountSid, scope.serviceSid, id);
      if (!current) throw Errors.notFound(resourcePath(scope, 'Users', id));
      const data: UserWrite & { dateUpdated: Date } = {
        friendlyName: dto.friendlyName === undefined ? undefined : emptyToNull(dto.friendlyName),
        attributes: dto.attributes,
        roleSid: dto.roleSid,
        dateUpdated: new Date(),
      };
      const user = await this.users.update(db, current.sid, data);
      const keys: UserInfoKey[] = [];
      if (data.friendlyName !== undefined) keys.push('friendlyName');
      if (data.attributes !== undefined) keys.push('attributes');
      await this.feed.record(db, ctx, {
        type: 'user.updated',
        accountSid: user.accountSid,
        serviceSid: user.serviceSid,
        identity: user.identity,
        subject: { kind: 'user', sid: user.sid, keys },
        fields: { ...userEventFields(user), DateCreated: isoDate(user.dateCreated), IsOnline: 'false', IsNotifiable: 'false' },
      });
      return user;
    });
  }

  /** DeleteUser: the user and its chat participants, as Twilio does for Chat users. */
  async delete(scope: ServiceScope, id: string, ctx: ActionContext): Promise<UserRecord> {
    return this.uow.run(async (db) => {
      const user = await this.users.findForUpdate(db, scope.accountSid, scope.serviceSid, id);
      if (!user) throw Errors.notFound(resourcePath(scope, 'Users', id));
      // Each participant's removal is recorded while the user's rows still exist, then they go.
      for (const p of await this.users.chatParticipants(db, scope.serviceSid, user.identity)) {
        await this.feed.record(db, ctx, removedChange(p, participantEventFields(p)));
      }
      await this.users.delete(db, user);
      return user;
    });
  }

  /** RoleSid of a user: a service role of this service (50100 when unknown, 50105 when of the conversation type). */
  private async checkServiceRole(scope: ServiceScope, roleSid: string): Promise<void> {
    const [role] = await this.services.rolesOf(scope.serviceSid, [roleSid]);
    if (!role) throw Errors.roleNotFound(roleSid, scope.serviceSid);
    if (role.type !== 'service') {
      throw Errors.roleTypeInvalid(`Role ${roleSid} is a ${role.type} role; a user needs a service role`);
    }
  }
}

const emptyToNull = (value: string | undefined) => (value === undefined || value === '' ? null : value);

/** The fields user events carry (Twilio's names). */
function userEventFields(u: UserRecord): EventFields {
  return {
    ChatServiceSid: u.serviceSid,
    UserSid: u.sid,
    Identity: u.identity,
    RoleSid: u.roleSid,
    Attributes: u.attributes,
    FriendlyName: u.friendlyName,
    DateCreated: isoDate(u.dateCreated),
    DateUpdated: isoDate(u.dateUpdated),
  };
}
