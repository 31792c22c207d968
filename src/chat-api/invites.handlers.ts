import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { isoDate } from '../common/wire-format';
import { ConversationsService } from '../conversations/conversations.service';
import { InvitesService } from '../invites/invites.service';
import { ChatAccess } from './chat-api.access';
import { type AimCall, created, jsonBody, noContent } from './chat-api.call';

/**
 * `{conversations}/{CH}/Invites`: the Chat SDK's `channel.invite(identity)` (C3) and
 * `channel.decline()` (C4, its own invite; a member who may remove members may also revoke another's).
 * The invited user's channel list shows the channel as `invited` through the change feed.
 */
@Injectable()
export class InvitesHandlers {
  constructor(
    private readonly invites: InvitesService,
    private readonly conversations: ConversationsService,
    private readonly access: ChatAccess,
  ) {}

  /** C3: members whose channel role grants addParticipant invite (Chat's inviteMember sits with it in the channel admin role). */
  async invite(call: AimCall) {
    const conversation = await this.conversations.fetch(call.scope, call.params.conversation);
    await this.access.requireParticipant(call, conversation.sid);
    await this.access.require(call, 'addParticipant', conversation.sid);
    const identity = jsonBody(call).identity;
    if (typeof identity !== 'string' || identity.trim() === '') throw Errors.identityRequired();
    const invite = await this.invites.create(call.scope, conversation.sid, { identity }, call.session.identity, call.ctx);
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

  /** C4: the invitee declines its own invite; revoking another identity's needs removeParticipant. */
  async remove(call: AimCall) {
    const conversation = await this.conversations.fetch(call.scope, call.params.conversation);
    const identity = call.params.identity;
    if (identity !== call.session.identity) await this.access.require(call, 'removeParticipant', conversation.sid);
    await this.invites.deleteFor(call.scope, conversation.sid, identity, call.ctx);
    return noContent();
  }
}
