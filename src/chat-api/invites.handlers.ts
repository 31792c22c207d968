import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { isoDate } from '../common/wire-format';
import { ConversationsService } from '../conversations/conversations.service';
import { InvitesService } from '../invites/invites.service';
import { ChannelAccessService } from '../channel-access/channel-access.service';
import { type AimCall, created, jsonBody, noContent } from './chat-api.call';

/**
 * `{conversations}/{CH}/Invites`: the Chat SDK's `channel.invite(identity)` (C3) and
 * `channel.decline()` (C4, its own invite; a member who may remove members may also revoke another's),
 * decided by Chat's channel rules (src/channel-access).
 * The invited user's channel list shows the channel as `invited` through the change feed.
 */
@Injectable()
export class InvitesHandlers {
  constructor(
    private readonly invites: InvitesService,
    private readonly conversations: ConversationsService,
    private readonly channelAccess: ChannelAccessService,
  ) {}

  /** C3: Chat's rule (ChannelAccessService): the channel visible to the caller, and inviteMember (or addParticipant) granted. */
  async invite(call: AimCall) {
    const channelSid = (await this.channelAccess.check(call.scope, call.session.identity, call.params.conversation, { kind: 'invite' }))!;
    const identity = jsonBody(call).identity;
    if (typeof identity !== 'string' || identity.trim() === '') throw Errors.identityRequired();
    const invite = await this.invites.create(call.scope, channelSid, { identity }, call.session.identity, call.ctx);
    return created({
      sid: invite.sid,
      account_sid: invite.accountSid,
      chat_service_sid: invite.serviceSid,
      conversation_sid: invite.conversationSid,
      identity: invite.identity,
      role_sid: invite.roleSid,
      created_by: invite.createdBy,
      date_created: isoDate(invite.dateCreated),
      date_updated: isoDate(invite.dateUpdated),
    });
  }

  /** C4: the invitee declines its own invite; revoking another identity's needs removeParticipant (Chat's removeMember). */
  async remove(call: AimCall) {
    const identity = call.params.identity;
    const own = identity === call.session.identity;
    const channelSid = own
      ? (await this.conversations.fetch(call.scope, call.params.conversation)).sid
      : (await this.channelAccess.check(call.scope, call.session.identity, call.params.conversation, {
          kind: 'removeMember',
          self: false,
        }))!;
    await this.invites.deleteFor(call.scope, channelSid, identity, call.ctx);
    return noContent();
  }
}
