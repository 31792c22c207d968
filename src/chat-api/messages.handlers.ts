import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { encodeCursor, type PageQuery, pageRequest } from '../common/paging';
import type { Principal } from '../common/request-context';
import { TwilioError } from '../common/twilio-error';
import { ConversationsService } from '../conversations/conversations.service';
import { dateSidKey } from '../prisma/keyset';
import { MediaService } from '../media/media.service';
import { CreateMessageDto, UpdateMessageDto } from '../messages/messages.dto';
import { MessagesService } from '../messages/messages.service';
import { ChatAccess } from './chat-api.access';
import { type AimCall, created, jsonBody, noContent, ok, queryParam, validBody } from './chat-api.call';
import { messageJson, receiptJson } from './chat-api.mapper';

const RECEIPTS_PAGE_SIZE = 25;

/** `{messagesLink}`: send (A14-A16), edit (A17, A18), delete (A19), detailed receipts (A30). */
@Injectable()
export class MessagesHandlers {
  constructor(
    private readonly messages: MessagesService,
    private readonly conversations: ConversationsService,
    private readonly media: MediaService,
    private readonly access: ChatAccess,
  ) {}

  /**
   * A14 text, A15/A16 media (uploaded first to MCS by this identity), subject, content template.
   * The author is always the caller; sendMessage / sendMediaMessage come from its conversation role.
   */
  async send(call: AimCall) {
    const conversation = await this.conversations.fetch(call.scope, call.params.conversation);
    const body = jsonBody(call);
    // The Chat SDK sends its one attachment as media_sid.
    if (body.media_sid !== undefined && body.media_sids === undefined) body.media_sids = [body.media_sid];
    const dto = validBody(CreateMessageDto, body, {
      body: 'Body',
      attributes: 'Attributes',
      subject: 'Subject',
      media_sids: 'MediaSid',
      content_sid: 'ContentSid',
      content_variables: 'ContentVariables',
    });
    if (dto.body === '') dto.body = undefined;
    const withMedia = (dto.mediaSid?.length ?? 0) > 0;
    if (withMedia) await this.access.require(call, 'sendMediaMessage', conversation.sid);
    if (!withMedia || dto.body !== undefined) await this.access.require(call, 'sendMessage', conversation.sid);
    if (withMedia) await this.checkOwnMedia(call, dto.mediaSid!);
    dto.author = call.session.identity;
    const message = await this.messages.create(call.scope, conversation.sid, dto, call.ctx, 'SDK');
    return created(messageJson(message, call.links));
  }

  /** A17 body (edit…Message), A18 attributes (edit…MessageAttributes): "Own" for the caller's messages, "Any" otherwise. */
  async update(call: AimCall) {
    const { conversation: conversationId, message: messageSid } = call.params;
    const dto = validBody(UpdateMessageDto, jsonBody(call), { body: 'Body', attributes: 'Attributes', subject: 'Subject' });
    if (dto.body === undefined && dto.attributes === undefined && dto.subject === undefined) throw Errors.noParametersForUpdate();
    const conversation = await this.conversations.fetch(call.scope, conversationId);
    const message = await this.messages.fetch(call.scope, conversation.sid, messageSid);
    const own = message.author === call.session.identity;
    if (dto.body !== undefined || dto.subject !== undefined) {
      await this.access.require(call, own ? 'editOwnMessage' : 'editAnyMessage', conversation.sid);
    }
    if (dto.attributes !== undefined) {
      await this.access.require(call, own ? 'editOwnMessageAttributes' : 'editAnyMessageAttributes', conversation.sid);
    }
    return ok(messageJson(await this.messages.update(call.scope, conversation.sid, message.sid, dto, call.ctx), call.links));
  }

  /** A19. */
  async delete(call: AimCall) {
    const conversation = await this.conversations.fetch(call.scope, call.params.conversation);
    const message = await this.messages.fetch(call.scope, conversation.sid, call.params.message);
    const own = message.author === call.session.identity;
    await this.access.require(call, own ? 'deleteOwnMessage' : 'deleteAnyMessage', conversation.sid);
    await this.messages.delete(call.scope, conversation.sid, message.sid, call.ctx);
    return noContent();
  }

  /** A30: the message's delivery receipts (one per non-chat recipient), for participants, paged by PageToken. */
  async receipts(call: AimCall) {
    const conversation = await this.conversations.fetch(call.scope, call.params.conversation);
    await this.access.requireParticipant(call, conversation.sid);
    const query: PageQuery = { pageSize: RECEIPTS_PAGE_SIZE, pageToken: queryParam(call, 'PageToken') };
    const req = pageRequest(query, RECEIPTS_PAGE_SIZE, 2);
    const slice = await this.messages.receipts(call.scope, conversation.sid, call.params.message, req);
    const last = slice.items[slice.items.length - 1];
    const next = slice.hasNext && last ? encodeCursor({ dir: 'next', key: dateSidKey(last) }) : null;
    return ok({
      delivery_receipts: slice.items.map(receiptJson),
      meta: { previous_token: null, next_token: next },
    });
  }

  /** Media a chat user sends are its own uploads (MCS, with its token): another user's media SID is as good as unknown. */
  private async checkOwnMedia(call: AimCall, sids: string[]): Promise<void> {
    const principal: Principal = {
      accountSid: call.session.accountSid,
      credentialSid: call.session.apiKeySid,
      isApiKey: true,
      canManageAccounts: false,
      defaultServiceSid: call.scope.serviceSid,
      chatUser: { identity: call.session.identity, serviceSid: call.scope.serviceSid },
    };
    for (const sid of sids) {
      const media = await this.media.fetch(call.scope, principal, sid).catch((err: unknown) => {
        if (err instanceof TwilioError) return null;
        throw err;
      });
      if (!media || media.author !== call.session.identity) {
        throw new TwilioError(50507, 404, `Media ${sid} not found in service ${call.scope.serviceSid}`);
      }
    }
  }
}
