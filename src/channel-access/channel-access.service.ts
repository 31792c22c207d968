import { Injectable } from '@nestjs/common';
import { PageRequest, PageSlice, sliceRows } from '../common/paging';
import type { ConversationRecord } from '../conversations/conversations.types';
import { RolesService } from '../roles/roles.service';
import type { ServiceScope } from '../services/services.types';
import { ChannelAccessRepository } from './channel-access.repository';
import { type ChannelAction, type ChannelFacts, channelNotFound, channelVisible, decide } from './channel-access.rules';

const NO_GRANTS = { service: [], conversation: null };

/**
 * Who may do what with Chat channels (public / private, service and channel roles), for chat users
 * acting through an SDK. REST callers are the backend and are not subject to it, as on Twilio.
 */
@Injectable()
export class ChannelAccessService {
  constructor(
    private readonly repository: ChannelAccessRepository,
    private readonly roles: RolesService,
  ) {}

  /**
   * Throws Twilio's error (50107, 50300, 50404; 50433 for a Conversations-made conversation) unless
   * the identity may do the action; answers the channel's SID. Every chat-SDK path that peeks at,
   * joins, adds to or invites to a channel asks here, whichever SDK it comes from.
   */
  async check(scope: ServiceScope, identity: string, channelId: string | null, action: ChannelAction): Promise<string | null> {
    const channel = channelId === null ? null : await this.repository.channel(scope.accountSid, scope.serviceSid, channelId, identity);
    if (channelId !== null && channel === null) throw channelNotFound(channelId);
    const facts: ChannelFacts = {
      channel,
      identity,
      member: channel?.member ?? false,
      invited: channel?.invited ?? false,
      creator: channel?.creator ?? false,
      grants: NO_GRANTS,
    };
    // A peek at a channel seen without any role (a member's, an invitee's, a public one) needs no role lookup.
    if (action.kind === 'view' && channelVisible(facts)) return channel!.sid;
    const grants = await this.roles.grants({ serviceSid: scope.serviceSid, identity, conversationSid: channel?.sid });
    const denied = decide(action, { ...facts, grants: grants ?? NO_GRANTS }, channelId ?? undefined);
    if (denied) throw denied;
    return channel?.sid ?? null;
  }

  /** The channels an identity may see (public, joined, invited). */
  async visibleChannels(scope: ServiceScope, identity: string, page: PageRequest): Promise<PageSlice<ConversationRecord>> {
    return sliceRows(await this.repository.visible(scope.accountSid, scope.serviceSid, identity, page), page);
  }

  /** The service's public channels (the SDK's public channel descriptors). */
  async publicChannels(scope: ServiceScope, page: PageRequest): Promise<PageSlice<ConversationRecord>> {
    return sliceRows(await this.repository.publicChannels(scope.accountSid, scope.serviceSid, page), page);
  }
}
