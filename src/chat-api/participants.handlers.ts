import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { isSid, normalizeSid, SidPrefix } from '../common/sid';
import { ConversationsService } from '../conversations/conversations.service';
import { CreateParticipantDto, UpdateParticipantDto } from '../participants/participants.dto';
import { ParticipantsService } from '../participants/participants.service';
import { ServicesService } from '../services/services.service';
import { ChannelAccessService } from '../channel-access/channel-access.service';
import { ChatAccess } from './chat-api.access';
import { type AimCall, created, jsonBody, noContent, ok, validBody } from './chat-api.call';
import { participantJson } from './chat-api.mapper';

/** `{participantsLink}`: join (A8), add (A9), add non-chat (A10), leave (A11), remove (A12), attributes (A13). */
@Injectable()
export class ParticipantsHandlers {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly conversations: ConversationsService,
    private readonly services: ServicesService,
    private readonly access: ChatAccess,
    private readonly channelAccess: ChannelAccessService,
  ) {}

  async add(call: AimCall) {
    const conversation = await this.conversations.fetch(call.scope, call.params.conversation);
    const body = jsonBody(call);
    let dto: CreateParticipantDto;
    if (body.messaging_binding !== undefined && body.messaging_binding !== null) {
      // A10: an SMS/WhatsApp participant, validated as REST validates MessagingBinding.*.
      const binding = body.messaging_binding;
      if (typeof binding !== 'object' || Array.isArray(binding)) throw Errors.invalidParameter('messaging_binding must be an object');
      await this.access.require(call, 'addNonChatParticipant', conversation.sid);
      dto = validBody(
        CreateParticipantDto,
        { ...(binding as Record<string, unknown>), attributes: body.attributes },
        {
          address: 'MessagingBinding.Address',
          proxy_address: 'MessagingBinding.ProxyAddress',
          attributes: 'Attributes',
        },
      );
      if (dto.messagingBindingAddress === undefined) throw Errors.addressEmpty();
      if (dto.messagingBindingProxyAddress === undefined) throw Errors.proxyAddressEmpty();
    } else {
      dto = validBody(CreateParticipantDto, body, { identity: 'Identity', attributes: 'Attributes' });
      if (dto.identity === undefined || dto.identity.trim() === '') throw Errors.identityRequired();
      if (dto.identity === call.session.identity) {
        // A8 join, as the channel rules allow (a Chat private channel: by invite, or its creator).
        // The creator joins with the service's conversation-creator role.
        await this.channelAccess.check(call.scope, call.session.identity, conversation.sid, { kind: 'join' });
        if (conversation.createdBy === call.session.identity) {
          const configuration = await this.services.fetchConfiguration(call.scope.accountSid, call.scope.serviceSid, call.links.service);
          dto.roleSid = configuration.defaultConversationCreatorRoleSid ?? undefined;
        }
      } else {
        // A9: addParticipant (Chat's addMember); a Chat private channel is hidden from non-members (50300).
        await this.channelAccess.check(call.scope, call.session.identity, conversation.sid, { kind: 'addMember' });
      }
    }
    const participant = await this.participants.create(call.scope, conversation.sid, dto, call.ctx);
    return created(participantJson(participant, call.links));
  }

  /** A11 leave (the caller's own identity or MB SID: leaveConversation) or A12 remove (anyone else: removeParticipant). */
  async remove(call: AimCall) {
    const conversation = await this.conversations.fetch(call.scope, call.params.conversation);
    const own = await this.isOwn(call, conversation.sid);
    await this.access.require(call, own ? 'leaveConversation' : 'removeParticipant', conversation.sid);
    const target = await this.participants.fetch(call.scope, conversation.sid, call.params.participant);
    await this.participants.delete(call.scope, conversation.sid, target.sid, call.ctx);
    return noContent();
  }

  /** A13: attributes of the caller's own participant, or of another one. */
  async update(call: AimCall) {
    const conversation = await this.conversations.fetch(call.scope, call.params.conversation);
    const dto = validBody(UpdateParticipantDto, jsonBody(call), { attributes: 'Attributes' });
    if (dto.attributes === undefined) throw Errors.noParametersForUpdate();
    const own = await this.isOwn(call, conversation.sid);
    await this.access.require(call, own ? 'editOwnParticipantAttributes' : 'editAnyParticipantAttributes', conversation.sid);
    const target = await this.participants.fetch(call.scope, conversation.sid, call.params.participant);
    return ok(participantJson(await this.participants.update(call.scope, conversation.sid, target.sid, dto, call.ctx), call.links));
  }

  /** Whether the path's participant (identity or MB SID) is the caller's own, decided before anything about others is revealed. */
  private async isOwn(call: AimCall, conversationSid: string): Promise<boolean> {
    const id = call.params.participant;
    if (!isSid(id, SidPrefix.Participant)) return id === call.session.identity;
    const mine = await this.access.participant(call, conversationSid);
    return mine !== null && mine.sid === normalizeSid(id);
  }
}
