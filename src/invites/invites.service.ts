import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { PageRequest, PageSlice, sliceRows } from '../common/paging';
import { resourcePath } from '../common/resource-path';
import { isSid, normalizeSid, SidPrefix } from '../common/sid';
import { TwilioError } from '../common/twilio-error';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { UnitOfWork } from '../prisma/unit-of-work';
import { ServicesRepository } from '../services/services.repository';
import type { ServiceScope } from '../services/services.types';
import { ChangeFeed } from '../events/change-feed';
import { type ActionContext, restContext } from '../events/event-types';
import { userSyncSids } from '../events/sync-sids';
import { InvitesRepository } from './invites.repository';
import type { InviteInput, InviteRecord } from './invites.types';

/**
 * Invites to channels (Chat v2): an invited identity may join a private channel, and takes the
 * invite's channel role when it does (ParticipantsService.addAll consumes the invite).
 */
@Injectable()
export class InvitesService {
  constructor(
    private readonly invites: InvitesRepository,
    private readonly conversations: ConversationsRepository,
    private readonly services: ServicesRepository,
    private readonly uow: UnitOfWork,
    private readonly feed: ChangeFeed,
  ) {}

  async create(
    scope: ServiceScope,
    channelId: string,
    input: InviteInput,
    createdBy: string | null,
    ctx: ActionContext = restContext(false),
  ): Promise<InviteRecord> {
    if (input.identity.trim() === '') throw Errors.identityRequired();
    return this.uow.run(async (db) => {
      const conversation = await this.conversations.findForUpdate(db, scope.accountSid, scope.serviceSid, channelId);
      if (!conversation) throw Errors.notFound(resourcePath(scope, 'Conversations', channelId, 'Invites'));
      if (input.roleSid !== undefined) {
        const [role] = await this.services.rolesOf(scope.serviceSid, [input.roleSid], db);
        if (!role) throw Errors.roleNotFound(input.roleSid, scope.serviceSid);
        if (role.type !== 'conversation')
          throw Errors.roleTypeInvalid(`Role ${input.roleSid} is a ${role.type} role; an invite takes a channel role`);
      }
      if (await this.invites.isParticipant(db, conversation.sid, input.identity)) {
        throw new TwilioError(50404, 409, `Member already exists: ${input.identity} is already a member of channel ${conversation.sid}`);
      }
      const invite = await this.invites.insert(db, {
        accountSid: scope.accountSid,
        serviceSid: scope.serviceSid,
        conversationSid: conversation.sid,
        identity: input.identity,
        roleSid: input.roleSid ?? null,
        createdBy,
      });
      if (!invite)
        throw new TwilioError(50212, 409, `User already invited: ${input.identity} is already invited to channel ${conversation.sid}`);
      const userSid = await this.invites.userSid(db, scope.serviceSid, invite.identity);
      await this.feed.record(db, ctx, {
        type: 'invite.added',
        accountSid: scope.accountSid,
        serviceSid: scope.serviceSid,
        identity: invite.identity,
        subject: { kind: 'invite', sid: invite.sid, created: true },
        // The channel may be back in a list it had left.
        revived: userSid ? [{ objectSid: userSyncSids(userSid).conversations, itemKey: conversation.sid }] : [],
      });
      return invite;
    });
  }

  async list(
    scope: ServiceScope,
    channelId: string,
    identities: string[] | undefined,
    page: PageRequest,
  ): Promise<PageSlice<InviteRecord>> {
    const conversation = await this.channel(scope, channelId, resourcePath(scope, 'Conversations', channelId, 'Invites'));
    return sliceRows(await this.invites.list(conversation, identities, page), page);
  }

  async fetch(scope: ServiceScope, channelId: string, sid: string): Promise<InviteRecord> {
    const path = resourcePath(scope, 'Conversations', channelId, 'Invites', sid);
    const conversation = await this.channel(scope, channelId, path);
    const invite = isSid(normalizeSid(sid), SidPrefix.Invite) ? await this.invites.find(conversation, normalizeSid(sid)) : null;
    if (!invite) throw Errors.notFound(path);
    return invite;
  }

  async delete(scope: ServiceScope, channelId: string, sid: string, ctx: ActionContext = restContext(false)): Promise<void> {
    const path = resourcePath(scope, 'Conversations', channelId, 'Invites', sid);
    const conversation = await this.channel(scope, channelId, path);
    if (!isSid(normalizeSid(sid), SidPrefix.Invite)) throw Errors.notFound(path);
    if (!(await this.remove(scope, conversation, { sid: normalizeSid(sid) }, ctx))) throw Errors.notFound(path);
  }

  /** An identity's invite to a channel goes (the Chat SDK's decline); 404 when it has none. */
  async deleteFor(scope: ServiceScope, channelId: string, identity: string, ctx: ActionContext): Promise<void> {
    const path = resourcePath(scope, 'Conversations', channelId, 'Invites', identity);
    const conversation = await this.channel(scope, channelId, path);
    if (!(await this.remove(scope, conversation, { identity }, ctx))) throw Errors.notFound(path);
  }

  /** Deletes an invite and takes its item out of the invited user's channel list (a tombstone for clients that were away). */
  private remove(scope: ServiceScope, conversationSid: string, by: { sid: string } | { identity: string }, ctx: ActionContext) {
    return this.uow.run(async (db) => {
      const invite = await this.invites.delete(db, conversationSid, by);
      if (!invite) return false;
      const userSid = await this.invites.userSid(db, scope.serviceSid, invite.identity);
      await this.feed.record(db, ctx, {
        type: 'invite.removed',
        accountSid: scope.accountSid,
        serviceSid: scope.serviceSid,
        identity: invite.identity,
        subject: { kind: 'invite', sid: invite.sid },
        tombstones: userSid
          ? [{ objectSid: userSyncSids(userSid).conversations, itemKey: conversationSid, data: { status: 'invited' }, stream: 'user' }]
          : [],
      });
      return true;
    });
  }

  /** The open invites of an identity in a service. */
  invitedTo(scope: ServiceScope, identity: string): Promise<InviteRecord[]> {
    return this.invites.invitedTo(scope.serviceSid, identity);
  }

  /** The service's invites of these SIDs (those still open), by SID. */
  async bySids(scope: ServiceScope, sids: string[]): Promise<Map<string, InviteRecord>> {
    return new Map((await this.invites.findMany(scope.serviceSid, sids)).map((i) => [i.sid, i]));
  }

  private async channel(scope: ServiceScope, channelId: string, path: string): Promise<string> {
    const conversation = await this.conversations.find(scope.accountSid, scope.serviceSid, channelId);
    if (!conversation) throw Errors.notFound(path);
    return conversation.sid;
  }
}
