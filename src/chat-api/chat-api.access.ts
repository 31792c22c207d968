import { Injectable } from '@nestjs/common';
import { TwilioError } from '../common/twilio-error';
import type { Permission } from '../roles/permissions';
import { RolesService } from '../roles/roles.service';
import type { AimCall } from './chat-api.call';
import { ChatApiRepository, type OwnParticipant } from './chat-api.repository';

/** Twilio's answer when a chat user may not do something; `why` names what was missing. */
export const unauthorized = (why: string) => new TwilioError(50107, 403, `User unauthorized to perform action (${why})`);

/** A chat user who is not a participant asks for what only participants may see or do. */
export const notParticipant = (identity: string, conversationId: string) =>
  new TwilioError(50400, 403, `User ${identity} is not a participant of conversation ${conversationId}`);

/**
 * What the caller may do, as Twilio decides it for chat users: the service role for service-wide
 * actions, the participant's conversation role inside a conversation (RolesService.can).
 */
@Injectable()
export class ChatAccess {
  constructor(
    private readonly roles: RolesService,
    private readonly repository: ChatApiRepository,
  ) {}

  /** Throws 50107 unless the caller holds the permission (in the conversation, when one is named). */
  async require(call: AimCall, permission: Permission, conversationId?: string): Promise<void> {
    const allowed = await this.roles.can(
      { serviceSid: call.scope.serviceSid, identity: call.session.identity, conversationSid: conversationId },
      permission,
    );
    if (!allowed) throw unauthorized(`the user's roles do not grant ${permission}`);
  }

  /** The caller's own participant in the conversation, or null. */
  participant(call: AimCall, conversationId: string): Promise<OwnParticipant | null> {
    return this.repository.participantOf(call.scope, conversationId, call.session.identity);
  }

  /** The caller's own participant; 50400 when the caller is not one. */
  async requireParticipant(call: AimCall, conversationId: string): Promise<OwnParticipant> {
    const participant = await this.participant(call, conversationId);
    if (!participant) throw notParticipant(call.session.identity, conversationId);
    return participant;
  }
}
