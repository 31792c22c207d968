import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { PageRequest, PageSlice, sliceRows } from '../common/paging';
import { resourcePath } from '../common/resource-path';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { participantEventFields } from '../participants/participant-events';
import { ParticipantsRepository } from '../participants/participants.repository';
import { ParticipantsService } from '../participants/participants.service';
import { UnitOfWork } from '../prisma/unit-of-work';
import type { ServiceScope } from '../services/services.types';
import type { ActionContext } from '../events/event-types';
import { ChangeFeed } from '../events/change-feed';
import { UserConversationsRepository, type UserConversationRow } from './user-conversations.repository';
import { UsersRepository } from './users.repository';
import type { UserConversationRecord, UserConversationUpdateInput, UserRecord } from './users.types';

/**
 * UserConversations: a user's view of the conversations it takes part in. The read horizon and the
 * notification level live on the user's participant, so this resource and Participant share them.
 */
@Injectable()
export class UserConversationsService {
  constructor(
    private readonly userConversations: UserConversationsRepository,
    private readonly users: UsersRepository,
    private readonly conversations: ConversationsRepository,
    private readonly participants: ParticipantsRepository,
    private readonly participantsService: ParticipantsService,
    private readonly uow: UnitOfWork,
    private readonly feed: ChangeFeed,
  ) {}

  async list(scope: ServiceScope, userId: string, page: PageRequest): Promise<PageSlice<UserConversationRecord>> {
    const user = await this.user(scope, userId, resourcePath(scope, 'Users', userId, 'Conversations'));
    const slice = sliceRows(await this.userConversations.list(scope, user, page), page);
    return { ...slice, items: await this.withUnreadCounts(slice.items) };
  }

  async fetch(scope: ServiceScope, userId: string, conversationId: string): Promise<UserConversationRecord> {
    const path = resourcePath(scope, 'Users', userId, 'Conversations', conversationId);
    const user = await this.user(scope, userId, path);
    const row = await this.userConversations.find(scope, user, conversationId);
    if (!row) throw Errors.notFound(path);
    return (await this.withUnreadCounts([row]))[0];
  }

  /**
   * The user's views of several of its participations at once (a page of Chat's ListUserChannel):
   * one read for the participations and one for their unread counts, by participant SID; those
   * gone meanwhile are absent.
   */
  async ofParticipants(
    scope: ServiceScope,
    user: { sid: string; identity: string },
    participantSids: string[],
  ): Promise<Map<string, UserConversationRecord>> {
    const rows = await this.userConversations.findByParticipants(scope, user, participantSids);
    return new Map((await this.withUnreadCounts(rows)).map((r) => [r.participant.sid, r]));
  }

  /** NotificationLevel and the read horizon (LastReadMessageIndex, LastReadTimestamp) of the user's participant. */
  async update(
    scope: ServiceScope,
    userId: string,
    conversationId: string,
    dto: UserConversationUpdateInput,
    ctx: ActionContext,
  ): Promise<UserConversationRecord> {
    const path = resourcePath(scope, 'Users', userId, 'Conversations', conversationId);
    const user = await this.user(scope, userId, path);
    const row = await this.uow.run(async (db) => {
      const conversation = await this.conversations.findForUpdate(db, scope.accountSid, scope.serviceSid, conversationId);
      if (!conversation) throw Errors.notFound(path);
      const current = await this.userConversations.find(scope, user, conversation.sid, db);
      if (!current) throw Errors.notFound(path);
      const updated = await this.participants.update(db, current.participant.sid, {
        notificationLevel: dto.notificationLevel,
        lastReadMessageIndex: dto.lastReadMessageIndex,
        lastReadTimestamp: dto.lastReadTimestamp ?? (dto.lastReadMessageIndex !== undefined ? new Date() : undefined),
        dateUpdated: new Date(),
      });
      if (!updated) throw Errors.notFound(path);
      // The user's own list item changes; a moved read horizon changes the roster item too.
      const horizon = dto.lastReadMessageIndex !== undefined;
      await this.feed.record(db, ctx, {
        type: 'participant.updated',
        accountSid: updated.accountSid,
        serviceSid: updated.serviceSid,
        conversationSid: horizon ? updated.conversationSid : null,
        identity: user.identity,
        subject: { kind: 'participant', sid: updated.sid, roster: horizon, userItem: true },
        fields: participantEventFields(updated),
      });
      return this.userConversations.find(scope, user, conversation.sid, db);
    });
    if (!row) throw Errors.notFound(path);
    return (await this.withUnreadCounts([row]))[0];
  }

  /** The user leaves the conversation: its participant is removed (with the Participant resource's webhooks). */
  async delete(scope: ServiceScope, userId: string, conversationId: string, ctx: ActionContext): Promise<void> {
    const path = resourcePath(scope, 'Users', userId, 'Conversations', conversationId);
    const user = await this.user(scope, userId, path);
    const row = await this.userConversations.find(scope, user, conversationId);
    if (!row) throw Errors.notFound(path);
    await this.participantsService.delete(scope, row.conversation.sid, row.participant.sid, ctx);
  }

  private async user(scope: ServiceScope, userId: string, path: string): Promise<UserRecord> {
    const user = await this.users.find(scope.accountSid, scope.serviceSid, userId);
    if (!user) throw Errors.notFound(path);
    return user;
  }

  private async withUnreadCounts(rows: UserConversationRow[]): Promise<UserConversationRecord[]> {
    const counts = await this.userConversations.unreadCounts(rows.map((r) => r.participant));
    return rows.map((r) => ({
      ...r,
      unreadMessagesCount: r.participant.lastReadMessageIndex === null ? null : (counts.get(r.participant.sid) ?? 0),
    }));
  }
}
