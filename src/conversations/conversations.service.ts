import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { PageRequest, PageSlice, sliceRows } from '../common/paging';
import { isSid, newSid, SidPrefix } from '../common/sid';
import { TimerPolicy } from '../common/timer-policy';
import { resourcePath } from '../common/resource-path';
import { isUniqueViolation } from '../prisma/database-errors';
import { Db, UnitOfWork } from '../prisma/unit-of-work';
import { ServicesRepository } from '../services/services.repository';
import type { ServiceScope } from '../services/services.types';
import { timerInstants } from './conversation-timers';
import { conversationEventFields, stateEventFields } from './conversation-events';
import { ChangeFeed } from '../events/change-feed';
import { userSyncSids } from '../events/sync-sids';
import type { ActionContext } from '../events/event-types';
import { PreEventHooks } from '../webhooks/pre-event.hooks';
import { nextTimer, TimersQueue } from './timers.queue';
import { ConversationsRepository } from './conversations.repository';
import {
  storedChannelTypes,
  type ConversationFilter,
  type ConversationInput,
  type ConversationRecord,
  type ConversationState,
  type ConversationWrite,
} from './conversations.types';

@Injectable()
export class ConversationsService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly services: ServicesRepository,
    private readonly timers: TimerPolicy,
    private readonly uow: UnitOfWork,
    private readonly preHooks: PreEventHooks,
    private readonly feed: ChangeFeed,
    private readonly timersQueue: TimersQueue,
  ) {}

  async create(scope: ServiceScope, dto: ConversationInput, ctx: ActionContext): Promise<ConversationRecord> {
    // created_by: the chat user who created it from an SDK (null through REST, as on Twilio).
    const row = { ...(await this.prepareCreate(scope, dto)), createdBy: ctx.clientIdentity ?? dto.createdBy ?? null };
    await this.preAdd(ctx, scope, row);
    const conversation = await this.uow.run(async (db) => {
      const conversation = await this.insert(db, scope, row);
      await this.recordAdded(db, ctx, conversation);
      return conversation;
    });
    await this.scheduleTimers(conversation);
    return conversation;
  }

  /** After a commit that set a conversation's timers: its timer job fires at the next one. */
  async scheduleTimers(c: ConversationRecord): Promise<void> {
    const at = nextTimer(c);
    if (at || c.state === 'closed') await this.timersQueue.schedule(c.sid, at);
  }

  /** onConversationAdd: the hook may change the friendly name, or refuse the conversation. */
  async preAdd(ctx: ActionContext, scope: ServiceScope, row: ConversationWrite, extra: Record<string, string | null> = {}): Promise<void> {
    const modified = await this.preHooks.run(ctx, scope, 'onConversationAdd', {
      FriendlyName: row.friendlyName,
      UniqueName: row.uniqueName,
      Attributes: row.attributes,
      ChatServiceSid: scope.serviceSid,
      MessagingServiceSid: row.messagingServiceSid,
      State: row.state,
      ...extra,
    });
    if (modified.friendly_name !== undefined) row.friendlyName = modified.friendly_name;
  }

  /** conversation.added (onConversationAdded), inside the transaction that created the conversation. */
  async recordAdded(db: Db, ctx: ActionContext, c: ConversationRecord): Promise<void> {
    await this.feed.record(db, ctx, {
      type: 'conversation.added',
      accountSid: c.accountSid,
      serviceSid: c.serviceSid,
      conversationSid: c.sid,
      fields: conversationEventFields(c),
    });
  }

  /**
   * Validates a new conversation and fills Twilio's defaults (state active, the account's default
   * timers), before anything is written. Shared with ConversationWithParticipants.
   */
  async prepareCreate(
    scope: ServiceScope,
    dto: ConversationInput,
    options: { initialState?: ConversationState } = {},
  ): Promise<ConversationWrite & { sid: string }> {
    if (dto.state === 'closed') throw Errors.initialStateClosed();
    if (dto.state === 'initializing') throw Errors.stateInvalid('initializing');
    this.checkUniqueName(dto.uniqueName);
    let timerInactive = this.validTimer('inactive', dto.timersInactive);
    let timerClosed = this.validTimer('closed', dto.timersClosed);
    if (timerInactive === undefined && timerClosed === undefined) {
      const defaults = await this.services.findAccountConfiguration(scope.accountSid);
      timerInactive = defaults?.defaultInactiveTimer ?? undefined;
      timerClosed = defaults?.defaultClosedTimer ?? undefined;
    }
    const state: ConversationState = options.initialState ?? dto.state ?? 'active';
    const dateCreated = dto.dateCreated ?? new Date();
    return {
      sid: newSid(SidPrefix.Conversation),
      friendlyName: dto.friendlyName ?? null,
      uniqueName: emptyToNull(dto.uniqueName),
      attributes: dto.attributes ?? '{}',
      messagingServiceSid: dto.messagingServiceSid ?? null,
      state,
      timerInactive: timerInactive ?? null,
      timerClosed: timerClosed ?? null,
      ...timerInstants(state, { inactive: timerInactive ?? null, closed: timerClosed ?? null }, new Date()),
      bindings: emailBindings(dto) ?? {},
      channelType: dto.channelType ?? 'conversation',
      dateCreated,
      dateUpdated: dto.dateUpdated ?? dateCreated,
    };
  }

  /** Inserts a prepared conversation; a taken unique name is 50353. */
  async insert(db: Db, scope: ServiceScope, row: ConversationWrite & { sid: string }): Promise<ConversationRecord> {
    try {
      return await this.conversations.insert(db, { ...row, accountSid: scope.accountSid, serviceSid: scope.serviceSid });
    } catch (err) {
      if (isUniqueViolation(err)) throw Errors.uniqueNameExists(row.uniqueName ?? '');
      throw err;
    }
  }

  async fetch(scope: ServiceScope, id: string): Promise<ConversationRecord> {
    const conversation = await this.conversations.find(scope.accountSid, scope.serviceSid, id);
    if (!conversation) throw Errors.notFound(resourcePath(scope, 'Conversations', id));
    return conversation;
  }

  async list(scope: ServiceScope, filter: ConversationFilter, page: PageRequest): Promise<PageSlice<ConversationRecord>> {
    const rows = await this.conversations.list(
      scope.accountSid,
      scope.serviceSid,
      {
        state: filter.state,
        startDate: filter.startDate,
        endDate: filter.endDate,
        channelTypes: filter.channelTypes && storedChannelTypes(filter.channelTypes),
      },
      page,
    );
    return sliceRows(rows, page);
  }

  async update(scope: ServiceScope, id: string, dto: ConversationInput, ctx: ActionContext): Promise<ConversationRecord> {
    this.checkUniqueName(dto.uniqueName);
    const timerInactive = this.validTimer('inactive', dto.timersInactive);
    const timerClosed = this.validTimer('closed', dto.timersClosed);
    if (ctx.webhooks) {
      const current = await this.fetch(scope, id);
      const modified = await this.preHooks.run(ctx, scope, 'onConversationUpdate', {
        ...conversationEventFields(current),
        ...(dto.friendlyName !== undefined ? { FriendlyName: dto.friendlyName } : {}),
        ...(dto.attributes !== undefined ? { Attributes: dto.attributes } : {}),
        ...(dto.state !== undefined ? { State: dto.state } : {}),
      });
      if (modified.friendly_name !== undefined) dto.friendlyName = modified.friendly_name;
    }
    try {
      const updated = await this.uow.run(async (db) => {
        const current = await this.conversations.findForUpdate(db, scope.accountSid, scope.serviceSid, id);
        if (!current) throw Errors.notFound(resourcePath(scope, 'Conversations', id));
        if (current.state === 'closed') throw Errors.conversationClosed(current.sid);
        if (dto.state === 'initializing' && current.state !== 'initializing') throw Errors.stateInvalid('initializing');

        const state = dto.state ?? (current.state as ConversationState);
        const timers = {
          inactive: timerInactive === undefined ? current.timerInactive : timerInactive,
          closed: timerClosed === undefined ? current.timerClosed : timerClosed,
        };
        const timersChanged = state !== current.state || timerInactive !== undefined || timerClosed !== undefined;
        const write: ConversationWrite = {
          friendlyName: dto.friendlyName,
          uniqueName: dto.uniqueName === undefined ? undefined : emptyToNull(dto.uniqueName),
          attributes: dto.attributes,
          messagingServiceSid: dto.messagingServiceSid,
          state,
          timerInactive: timers.inactive,
          timerClosed: timers.closed,
          ...(timersChanged ? timerInstants(state, timers, new Date()) : {}),
          bindings: emailBindings(dto) ?? undefined,
          createdBy: dto.createdBy,
          dateCreated: dto.dateCreated,
          dateUpdated: dto.dateUpdated ?? new Date(),
        };
        const updated = await this.conversations.update(db, current.sid, write);
        if (state === 'closed') await this.conversations.releaseBindings(db, current.sid);
        const target = { accountSid: updated.accountSid, serviceSid: updated.serviceSid, conversationSid: updated.sid };
        await this.feed.record(db, ctx, { type: 'conversation.updated', ...target, fields: conversationEventFields(updated) });
        if (state !== current.state) {
          await this.feed.record(db, ctx, {
            type: 'conversation.state_updated',
            ...target,
            fields: stateEventFields(updated, current.state, 'API'),
          });
        }
        return updated;
      });
      await this.scheduleTimers(updated);
      return updated;
    } catch (err) {
      if (isUniqueViolation(err)) throw Errors.uniqueNameExists(dto.uniqueName ?? '');
      throw err;
    }
  }

  async delete(scope: ServiceScope, id: string, ctx: ActionContext): Promise<void> {
    if (ctx.webhooks) await this.preHooks.run(ctx, scope, 'onConversationRemove', conversationEventFields(await this.fetch(scope, id)));
    await this.uow.run(async (db) => {
      const current = await this.conversations.findForUpdate(db, scope.accountSid, scope.serviceSid, id);
      if (!current) throw Errors.notFound(resourcePath(scope, 'Conversations', id));
      const target = { accountSid: current.accountSid, serviceSid: current.serviceSid };
      // Each chat participant's conversation list loses the conversation first, then the conversation goes.
      for (const member of await this.conversations.chatMembers(db, current.sid)) {
        await this.feed.record(db, ctx, {
          type: 'user_conversation.removed',
          ...target,
          identity: member.identity,
          subject: { kind: 'participant', sid: member.participantSid, roster: false },
          tombstones: [
            {
              objectSid: userSyncSids(member.userSid).conversations,
              itemKey: current.sid,
              data: { status: 'notParticipating' },
              stream: 'user',
            },
          ],
        });
      }
      // So do the lists of the users invited to it (Chat); the invites go with the conversation.
      for (const invitee of await this.conversations.invitedUsers(db, current.sid)) {
        await this.feed.record(db, ctx, {
          type: 'invite.removed',
          ...target,
          identity: invitee.identity,
          subject: { kind: 'invite', sid: invitee.inviteSid },
          tombstones: [
            { objectSid: userSyncSids(invitee.userSid).conversations, itemKey: current.sid, data: { status: 'invited' }, stream: 'user' },
          ],
        });
      }
      await this.feed.record(db, ctx, {
        type: 'conversation.removed',
        ...target,
        conversationSid: current.sid,
        fields: { ...conversationEventFields(current), DateRemoved: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') },
      });
      await this.conversations.delete(db, current.sid);
    });
  }

  private checkUniqueName(uniqueName: string | undefined): void {
    if (uniqueName && /^CH[0-9a-f]{32}$/i.test(uniqueName)) throw Errors.uniqueNameLooksLikeSid();
  }

  private validTimer(kind: 'inactive' | 'closed', value: string | undefined): string | null | undefined {
    if (value === undefined) return undefined;
    if (value.trim() === '') return null;
    this.timers[kind](value);
    return value.trim().toUpperCase();
  }
}

const emptyToNull = (value: string | undefined) => (value === undefined || value === '' ? null : value);

function emailBindings(dto: ConversationInput): Record<string, unknown> | undefined {
  if (dto.bindingsEmailAddress === undefined && dto.bindingsEmailName === undefined) return undefined;
  return { email: { projected_address: dto.bindingsEmailAddress ?? null, name: dto.bindingsEmailName ?? null } };
}

/** True when a path id names a conversation by SID (otherwise it is a unique name). */
export const isConversationSid = (id: string) => isSid(id, SidPrefix.Conversation);
