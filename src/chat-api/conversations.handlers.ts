import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { TwilioError } from '../common/twilio-error';
import { CreateConversationDto, UpdateConversationDto } from '../conversations/conversations.dto';
import { ConversationsService } from '../conversations/conversations.service';
import type { ChannelType, ConversationRecord } from '../conversations/conversations.types';
import { encodeCursor, pageRequest } from '../common/paging';
import { dateSidKey } from '../prisma/keyset';
import { ChannelAccessService } from '../channel-access/channel-access.service';
import { ChatAccess } from './chat-api.access';
import { type AimCall, created, jsonBody, noContent, ok, queryParam, validBody } from './chat-api.call';
import { conversationJson } from './chat-api.mapper';
import { ChatApiRepository } from './chat-api.repository';

const CONVERSATION_FIELDS = { friendly_name: 'FriendlyName', unique_name: 'UniqueName', attributes: 'Attributes' };
const PUBLIC_CHANNELS_PAGE_SIZE = 50;

/** The Chat SDK's channel `type` (it always sends one); absent, the Conversations SDK: a Conversations-made conversation. */
function channelTypeOf(type: unknown): ChannelType {
  if (type === undefined || type === null) return 'conversation';
  if (type === 'private') return 'private';
  if (type === 'public') return 'public';
  throw Errors.invalidParameter(`type must be public or private, not ${JSON.stringify(type)}`);
}

/** `{conversations}`: create (A3), update (A4-A6), delete (A7), fetch (A24, A25), recipients and channel metadata (A31-A33). */
@Injectable()
export class ConversationsHandlers {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly access: ChatAccess,
    private readonly repository: ChatApiRepository,
    private readonly channelAccess: ChannelAccessService,
  ) {}

  /**
   * A3. The creator is not a participant (Twilio's docs: create, then join); created_by is the identity.
   * The Chat SDK's createChannel sends `type` (public or private); the Conversations SDK none (private).
   */
  async create(call: AimCall) {
    await this.access.require(call, 'createConversation');
    const body = jsonBody(call);
    const dto = validBody(CreateConversationDto, body, CONVERSATION_FIELDS);
    const conversation = await this.conversations.create(call.scope, { ...dto, channelType: channelTypeOf(body.type) }, call.ctx);
    return created(
      conversationJson(conversation, call.links, {
        status: 'notParticipating',
        notificationLevel: null,
        participantsCount: 0,
        messagesCount: 0,
      }),
    );
  }

  /**
   * A24/A25 (peekConversationBySid, getConversationBySid / getChannelBySid for one not in the user's
   * list, getParticipantsCount/getMessagesCount). Participants see it as `joined`; others may peek
   * (`notParticipating`: metadata and counts, never messages or roster) as the channel rules allow
   * (ChannelAccessService): a Chat private channel only its invitees and creator (50300 to others),
   * a Conversations-made one also users who may join conversations (the Conversations SDK's `join()`
   * needs this fetch first; Twilio documents peekConversationBySid as "get a conversation without
   * joining it"), anyone else 50107.
   */
  async fetch(call: AimCall) {
    const conversation = await this.conversations.fetch(call.scope, call.params.conversation);
    await this.channelAccess.check(call.scope, call.session.identity, conversation.sid, { kind: 'view' });
    const participant = await this.access.participant(call, conversation.sid);
    return ok(await this.view(call, conversation, participant ? 'joined' : 'notParticipating', participant?.notificationLevel ?? null));
  }

  /**
   * The Chat SDK's public channel descriptors (getPublicChannelDescriptors): every public channel of
   * the service, oldest first, in pages of 50 with `meta.next_token`; the caller's status in each.
   */
  async listPublic(call: AimCall) {
    const req = pageRequest(
      { pageSize: PUBLIC_CHANNELS_PAGE_SIZE, pageToken: queryParam(call, 'PageToken') },
      PUBLIC_CHANNELS_PAGE_SIZE,
      2,
    );
    const slice = await this.channelAccess.publicChannels(call.scope, req);
    const sids = slice.items.map((c) => c.sid);
    const [joined, counts] = await Promise.all([this.repository.joinedAmong(sids, call.session.identity), this.repository.countsOf(sids)]);
    const items = slice.items.map((c) =>
      conversationJson(c, call.links, {
        status: joined.has(c.sid) ? 'joined' : 'notParticipating',
        notificationLevel: null,
        participantsCount: counts.get(c.sid)!.participants,
        messagesCount: counts.get(c.sid)!.messages,
      }),
    );
    const last = slice.items[slice.items.length - 1];
    return ok({
      conversations: items,
      meta: {
        page_size: req.size,
        previous_token: null,
        next_token: slice.hasNext && last ? encodeCursor({ dir: 'next', key: dateSidKey(last) }) : null,
      },
    });
  }

  /** A4 friendly name, A5 unique name ("" clears it), A6 attributes: each needs its permission. */
  async update(call: AimCall) {
    const conversationId = call.params.conversation;
    const body = jsonBody(call);
    const dto = validBody(UpdateConversationDto, body, CONVERSATION_FIELDS);
    if (dto.friendlyName === undefined && dto.uniqueName === undefined && dto.attributes === undefined)
      throw Errors.noParametersForUpdate();
    await this.conversations.fetch(call.scope, conversationId);
    if (dto.friendlyName !== undefined || dto.uniqueName !== undefined)
      await this.access.require(call, 'editConversationName', conversationId);
    if (dto.attributes !== undefined) await this.access.require(call, 'editConversationAttributes', conversationId);
    const updated = await this.conversations.update(call.scope, conversationId, dto, call.ctx);
    const participant = await this.access.participant(call, updated.sid);
    return ok(await this.view(call, updated, participant ? 'joined' : 'notParticipating', participant?.notificationLevel ?? null));
  }

  /** A7. */
  async delete(call: AimCall) {
    const conversationId = call.params.conversation;
    await this.conversations.fetch(call.scope, conversationId);
    await this.access.require(call, 'deleteConversation', conversationId);
    await this.conversations.delete(call.scope, conversationId, call.ctx);
    return noContent();
  }

  /** A31/A32: email recipients; none are kept (no email channel), so an empty page for participants. */
  async messageRecipients(call: AimCall) {
    const conversation = await this.conversations.fetch(call.scope, call.params.conversation);
    await this.access.requireParticipant(call, conversation.sid);
    return ok({ message_recipients: [], meta: { previous_token: null, next_token: null } });
  }

  /** A33: no channel metadata is kept; the SDK reads exactly this 404 body as "none" and caches it. */
  async channelMetadata(call: AimCall): Promise<never> {
    const conversation = await this.conversations.fetch(call.scope, call.params.conversation);
    await this.access.requireParticipant(call, conversation.sid);
    throw new TwilioError(50530, 404, `Message ${call.params.message} has no channel metadata`);
  }

  private async view(call: AimCall, c: ConversationRecord, status: 'joined' | 'notParticipating', notificationLevel: string | null) {
    const counts = await this.repository.counts(c.sid);
    return conversationJson(c, call.links, {
      status,
      notificationLevel,
      participantsCount: counts.participants,
      messagesCount: counts.messages,
    });
  }
}
