import { Injectable } from '@nestjs/common';
import { ProxyAddressOwnership } from '../address-configuration/proxy-address-ownership';
import { parseChannelAddress } from '../common/channel-address';
import { Errors } from '../common/errors';
import { PageRequest, PageSlice, sliceRows } from '../common/paging';
import { TwilioError } from '../common/twilio-error';
import { resourcePath } from '../common/resource-path';
import { ConversationsRepository } from '../conversations/conversations.repository';
import type { ConversationRecord } from '../conversations/conversations.types';
import { isUniqueViolation } from '../prisma/database-errors';
import { Db, UnitOfWork } from '../prisma/unit-of-work';
import { ServicesRepository } from '../services/services.repository';
import type { ServiceScope } from '../services/services.types';
import { newParticipant, proxy } from './participant-rules';
import { newParticipantEventFields, participantEventFields } from './participant-events';
import { ChangeFeed, type ChangeInput } from '../events/change-feed';
import { conversationSyncSids, userSyncSids } from '../events/sync-sids';
import type { ActionContext, EventFields } from '../events/event-types';
import { PreEventHooks } from '../webhooks/pre-event.hooks';
import { PARTICIPANT_LIMITS } from './participants.dto';
import { ParticipantsRepository } from './participants.repository';
import type {
  NewParticipant,
  ParticipantConversationRecord,
  ParticipantInput,
  ParticipantRecord,
  ParticipantUpdateInput,
} from './participants.types';

@Injectable()
export class ParticipantsService {
  constructor(
    private readonly participants: ParticipantsRepository,
    private readonly conversations: ConversationsRepository,
    private readonly services: ServicesRepository,
    private readonly uow: UnitOfWork,
    private readonly preHooks: PreEventHooks,
    private readonly feed: ChangeFeed,
    private readonly ownership: ProxyAddressOwnership,
  ) {}

  async create(scope: ServiceScope, conversationId: string, dto: ParticipantInput, ctx: ActionContext): Promise<ParticipantRecord> {
    const participant = newParticipant({
      identity: dto.identity,
      address: dto.messagingBindingAddress,
      proxyAddress: dto.messagingBindingProxyAddress,
      projectedAddress: dto.messagingBindingProjectedAddress,
      roleSid: dto.roleSid,
      attributes: dto.attributes,
      lastReadMessageIndex: dto.lastReadMessageIndex,
      lastReadTimestamp: dto.lastReadTimestamp,
      dateCreated: dto.dateCreated,
      dateUpdated: dto.dateUpdated,
    });
    await this.preHooks.run(ctx, scope, 'onParticipantAdd', newParticipantEventFields(conversationId, participant));
    return this.uow.run(async (db) => {
      const conversation = await this.conversations.findForUpdate(db, scope.accountSid, scope.serviceSid, conversationId);
      if (!conversation) throw Errors.notFound(resourcePath(scope, 'Conversations', conversationId, 'Participants'));
      const created = await this.addAll(db, scope, conversation, [participant], 'single');
      await this.recordAdded(db, ctx, created);
      return created[0];
    });
  }

  /** participant.added (onParticipantAdded) for each, inside the transaction that added them: the roster, and a chat user's own list. */
  async recordAdded(db: Db, ctx: ActionContext, participants: ParticipantRecord[]): Promise<void> {
    for (const p of participants) {
      const chat = p.identity !== null && p.userSid !== null;
      await this.feed.record(db, ctx, {
        type: 'participant.added',
        accountSid: p.accountSid,
        serviceSid: p.serviceSid,
        conversationSid: p.conversationSid,
        identity: chat ? p.identity : null,
        subject: { kind: 'participant', sid: p.sid, created: true, userItem: chat },
        revived: chat ? [{ objectSid: userSyncSids(p.userSid!).conversations, itemKey: p.conversationSid }] : [],
        fields: participantEventFields(p),
      });
    }
  }

  /**
   * Adds validated participants to a conversation whose row the transaction holds locked, enforcing
   * Twilio's limits, the identity rule (50433) and the binding rule (50416; 50425 for several at once).
   */
  async addAll(
    db: Db,
    scope: ServiceScope,
    conversation: ConversationRecord,
    participants: NewParticipant[],
    mode: 'single' | 'batch',
  ): Promise<ParticipantRecord[]> {
    if (conversation.state === 'closed') throw Errors.conversationClosed(conversation.sid);
    const counts = await this.participants.counts(db, conversation.sid);
    const nonChat = participants.filter((p) => p.kind === 'binding').length;
    // The service's limits (Chat v2's Limits.*), at most Twilio's 1,000 participants.
    const limits = await this.services.limitsOf(scope.serviceSid, db);
    const maxParticipants = Math.min(limits.channelMembers, PARTICIPANT_LIMITS.total);
    if (counts.total + participants.length > maxParticipants) throw Errors.participantsLimit(maxParticipants);
    if (counts.nonChat + nonChat > PARTICIPANT_LIMITS.nonChat) throw Errors.nonChatParticipantsLimit(PARTICIPANT_LIMITS.nonChat);
    const roles = await this.defaultRoles(db, scope, participants);
    // Each chat user's row is locked (made when new) before its conversations are counted: the
    // conversation's lock above serialises additions to this conversation only, this one those of
    // the user to any conversation, so each addition counts the ones committed before it.
    const identities = participants.flatMap((p) => (p.kind === 'chat' ? [p.identity] : []));
    const users = await this.participants.lockUsers(db, scope.accountSid, scope.serviceSid, identities, roles.user);
    await this.requireUserChannelRoom(db, scope.serviceSid, identities, limits.userChannels);

    await this.claimAddresses(db, scope, participants);
    // A chat user joining a channel it was invited to (Chat v2) takes the invite's role; the invite goes.
    const invited = await this.participants.takeInvites(
      db,
      conversation.sid,
      participants.flatMap((p) => (p.kind === 'chat' ? [p.identity] : [])),
    );
    const created: ParticipantRecord[] = [];
    const taken: { address: string; proxyAddress: string; conversationSid: string }[] = [];
    for (const p of participants) {
      const result = await this.participants.insert(
        db,
        {
          accountSid: scope.accountSid,
          serviceSid: scope.serviceSid,
          conversationSid: conversation.sid,
          conversationState: conversation.state,
        },
        {
          ...p,
          roleSid: p.roleSid ?? (p.kind === 'chat' ? invited.get(p.identity) : undefined) ?? roles.conversation,
          userSid: p.kind === 'chat' ? users.get(p.identity)! : null,
        },
      );
      if ('ok' in result) created.push(result.ok);
      else if (result.conflict === 'identity') throw Errors.participantExists(p.kind === 'chat' ? p.identity : '');
      else if (p.kind === 'binding') {
        if (mode === 'single') throw Errors.bindingInUse(result.conversationSid);
        taken.push({ address: p.address, proxyAddress: p.proxyAddress, conversationSid: result.conversationSid });
      }
    }
    if (taken.length) throw Errors.bindingsInUse(taken);
    return created;
  }

  async fetch(scope: ServiceScope, conversationId: string, id: string): Promise<ParticipantRecord> {
    const participant = await this.participants.find(scope, conversationId, id);
    if (!participant) throw Errors.notFound(resourcePath(scope, 'Conversations', conversationId, 'Participants', id));
    return participant;
  }

  /** A conversation's participants, optionally only those of some identities (Chat v2's Identity filter). */
  async list(scope: ServiceScope, conversationId: string, page: PageRequest, identities?: string[]): Promise<PageSlice<ParticipantRecord>> {
    const conversation = await this.conversations.find(scope.accountSid, scope.serviceSid, conversationId);
    if (!conversation) throw Errors.notFound(resourcePath(scope, 'Conversations', conversationId, 'Participants'));
    return sliceRows(await this.participants.list(conversation.sid, page, identities), page);
  }

  async update(
    scope: ServiceScope,
    conversationId: string,
    id: string,
    dto: ParticipantUpdateInput,
    ctx: ActionContext,
  ): Promise<ParticipantRecord> {
    const notFound = () => Errors.notFound(resourcePath(scope, 'Conversations', conversationId, 'Participants', id));
    if (ctx.webhooks) {
      const current = await this.fetch(scope, conversationId, id);
      await this.preHooks.run(ctx, scope, 'onParticipantUpdate', {
        ...participantEventFields(current),
        ...(dto.attributes !== undefined ? { Attributes: dto.attributes } : {}),
        ...(dto.roleSid !== undefined ? { RoleSid: dto.roleSid } : {}),
        ...(dto.identity !== undefined ? { Identity: dto.identity } : {}),
      });
    }
    return this.uow.run(async (db) => {
      const conversation = await this.conversations.findForUpdate(db, scope.accountSid, scope.serviceSid, conversationId);
      if (!conversation) throw notFound();
      const current = await this.participants.find(scope, conversation.sid, id, db);
      if (!current) throw notFound();
      if (dto.roleSid !== undefined) await this.checkConversationRole(db, scope, dto.roleSid);

      const data: Parameters<ParticipantsRepository['update']>[2] = {
        attributes: dto.attributes,
        roleSid: dto.roleSid,
        lastReadMessageIndex: dto.lastReadMessageIndex,
        lastReadTimestamp: dto.lastReadTimestamp ?? (dto.lastReadMessageIndex !== undefined ? new Date() : undefined),
        dateCreated: dto.dateCreated,
        dateUpdated: dto.dateUpdated ?? new Date(),
      };
      if (dto.identity !== undefined && dto.identity !== current.identity) {
        if (current.identity === null) throw Errors.identityNotAcceptable();
        if (dto.identity.trim() === '') throw Errors.identityRequired();
        data.identity = dto.identity;
        // The new identity's user row is locked before its conversations are counted, as in addAll.
        const users = await this.participants.lockUsers(db, scope.accountSid, scope.serviceSid, [dto.identity], null);
        data.userSid = users.get(dto.identity)!;
        const { userChannels } = await this.services.limitsOf(scope.serviceSid, db);
        await this.requireUserChannelRoom(db, scope.serviceSid, [dto.identity], userChannels);
      }
      if (dto.messagingBindingProjectedAddress !== undefined) {
        if (current.identity === null) throw Errors.bindingParameterNotSupported('MessagingBinding.ProjectedAddress');
        data.projectedAddress = isNullText(dto.messagingBindingProjectedAddress) ? null : proxy(dto.messagingBindingProjectedAddress).value;
        if (data.projectedAddress)
          await this.ownership.claim(db, scope.accountSid, data.projectedAddress, Errors.projectedAddressNotAuthorized);
        data.bindingType = data.projectedAddress ? 'sms' : null;
      }
      if (dto.messagingBindingProxyAddress !== undefined) {
        await this.rebind(db, scope, conversation, current, dto.messagingBindingProxyAddress, data);
      }
      let updated;
      try {
        updated = await this.participants.update(db, current.sid, data);
      } catch (err) {
        if (isUniqueViolation(err)) throw Errors.participantExists(dto.identity ?? '');
        throw err;
      }
      if (!updated) throw notFound();
      // A moved read horizon changes the chat user's own list item too.
      const horizon = dto.lastReadMessageIndex !== undefined && updated.identity !== null && updated.userSid !== null;
      await this.feed.record(db, ctx, {
        type: 'participant.updated',
        accountSid: updated.accountSid,
        serviceSid: updated.serviceSid,
        conversationSid: updated.conversationSid,
        identity: horizon ? updated.identity : null,
        subject: { kind: 'participant', sid: updated.sid, userItem: horizon },
        fields: participantEventFields(updated),
      });
      return updated;
    });
  }

  async delete(scope: ServiceScope, conversationId: string, id: string, ctx: ActionContext): Promise<void> {
    if (ctx.webhooks)
      await this.preHooks.run(ctx, scope, 'onParticipantRemove', participantEventFields(await this.fetch(scope, conversationId, id)));
    await this.uow.run(async (db) => {
      const participant = await this.participants.find(scope, conversationId, id, db);
      const notFound = () => Errors.notFound(resourcePath(scope, 'Conversations', conversationId, 'Participants', id));
      if (!participant) throw notFound();
      if (!(await this.participants.delete(db, participant.sid))) throw notFound();
      await this.feed.record(db, ctx, removedChange(participant, participantEventFields(participant)));
    });
  }

  /** ParticipantConversations: every conversation of one identity or one address in the service. */
  async conversationsOf(
    scope: ServiceScope,
    lookup: { identity?: string; address?: string },
    page: PageRequest,
  ): Promise<PageSlice<ParticipantConversationRecord>> {
    if (lookup.identity !== undefined && lookup.address !== undefined) throw Errors.oneLookupParameter();
    let by: { identity: string } | { address: string };
    if (lookup.identity !== undefined) by = { identity: lookup.identity };
    else if (lookup.address !== undefined) {
      const parsed = parseChannelAddress(lookup.address);
      by = { address: 'address' in parsed ? parsed.address.value : lookup.address.trim() };
    } else throw Errors.lookupParameterRequired();
    return sliceRows(await this.participants.listWithConversations(scope.accountSid, scope.serviceSid, by, page), page);
  }

  private async rebind(
    db: Db,
    scope: ServiceScope,
    conversation: ConversationRecord,
    current: ParticipantRecord,
    rawProxy: string,
    data: Parameters<ParticipantsRepository['update']>[2],
  ): Promise<void> {
    if (current.address === null) throw Errors.bindingParameterNotSupported('MessagingBinding.ProxyAddress');
    const next = proxy(rawProxy);
    if (next.type !== current.bindingType) throw Errors.addressTypeMismatch();
    if (next.value === current.address) throw Errors.addressEqualsProxy();
    if (next.value === current.proxyAddress) return;
    await this.ownership.claim(db, scope.accountSid, next.value);
    await this.participants.unbind(db, current.sid);
    if (conversation.state !== 'closed') {
      const holder = await this.participants.bind(db, scope.accountSid, current.address, next.value, conversation.sid, current.sid);
      if (holder) throw Errors.bindingInUse(holder);
    }
    data.proxyAddress = next.value;
  }

  /**
   * The participants' proxy addresses (50413) and projected addresses (50439) are the account's own,
   * or become so; claimed in one order, so that two requests claiming the same new numbers cannot
   * deadlock.
   */
  private async claimAddresses(db: Db, scope: ServiceScope, participants: NewParticipant[]): Promise<void> {
    const claims = new Map<string, typeof Errors.proxyAddressNotAuthorized>();
    for (const p of participants) {
      if (p.kind === 'binding') claims.set(p.proxyAddress, Errors.proxyAddressNotAuthorized);
      else if (p.projectedAddress && !claims.has(p.projectedAddress)) claims.set(p.projectedAddress, Errors.projectedAddressNotAuthorized);
    }
    for (const address of [...claims.keys()].sort()) await this.ownership.claim(db, scope.accountSid, address, claims.get(address));
  }

  /** Limits.UserChannels: each identity (its user row locked by the caller) is in fewer conversations than the limit, or 50208. */
  private async requireUserChannelRoom(db: Db, serviceSid: string, identities: string[], limit: number): Promise<void> {
    for (const [identity, count] of await this.participants.conversationCounts(db, serviceSid, identities)) {
      if (count >= limit) throw Errors.userConversationsLimit(identity, limit);
    }
  }

  /** Role SIDs for new participants: the given conversation role, else the service defaults. */
  private async defaultRoles(db: Db, scope: ServiceScope, participants: NewParticipant[]) {
    for (const p of participants) if (p.roleSid) await this.checkConversationRole(db, scope, p.roleSid);
    const configuration = await this.services.findConfiguration(scope.accountSid, scope.serviceSid, db);
    return {
      conversation: configuration?.defaultConversationRoleSid ?? null,
      user: configuration?.defaultChatServiceRoleSid ?? null,
    };
  }

  /** Runs inside the caller's transaction: a pool query there could wait on the lock the caller holds. */
  private async checkConversationRole(db: Db, scope: ServiceScope, roleSid: string): Promise<void> {
    const [role] = await this.services.rolesOf(scope.serviceSid, [roleSid], db);
    if (!role || role.type !== 'conversation') {
      throw new TwilioError(50109, 400, `Conversation role ${roleSid} not found in service ${scope.serviceSid}`);
    }
  }
}

const isNullText = (value: string) => value.trim() === '' || value.trim().toLowerCase() === 'null';

/** participant.removed: the roster item goes, and a chat user's own list item, both remembered for clients that were away. */
export function removedChange(p: ParticipantRecord, fields: EventFields): ChangeInput {
  const chat = p.identity !== null && p.userSid !== null;
  return {
    type: 'participant.removed',
    accountSid: p.accountSid,
    serviceSid: p.serviceSid,
    conversationSid: p.conversationSid,
    identity: chat ? p.identity : null,
    subject: { kind: 'participant', sid: p.sid, roster: false },
    tombstones: [
      { objectSid: conversationSyncSids(p.conversationSid).roster, itemKey: p.sid, data: { identity: p.identity }, stream: 'conversation' },
      ...(chat
        ? [
            {
              objectSid: userSyncSids(p.userSid!).conversations,
              itemKey: p.conversationSid,
              data: { status: 'notParticipating' },
              stream: 'user' as const,
            },
          ]
        : []),
    ],
    fields: { ...fields, DateRemoved: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') },
  };
}
