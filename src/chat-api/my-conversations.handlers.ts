import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { TwilioError } from '../common/twilio-error';
import { encodeCursor, type PageQuery, pageRequest } from '../common/paging';
import { dateSidKey } from '../prisma/keyset';
import { UserConversationsService } from '../users/user-conversations.service';
import { UpdateUserConversationDto } from '../users/users.dto';
import { ChatAccess, unauthorized } from './chat-api.access';
import { type AimCall, jsonBody, ok, queryParam, validBody } from './chat-api.call';
import { invitedConversationJson, myConversationJson } from './chat-api.mapper';
import { ConversationsService } from '../conversations/conversations.service';
import { InvitesService } from '../invites/invites.service';
import { MY_CONVERSATIONS_PAGE_SIZE } from './configuration.handlers';

/**
 * `{my_conversations}`: the caller's own conversations (its chat participations), list (A2), one by
 * CH SID or unique name (A22, A23), read horizon (A20) and notification level (A21). Only the
 * caller's own list: another identity in the path is refused.
 */
@Injectable()
export class MyConversationsHandlers {
  constructor(
    private readonly userConversations: UserConversationsService,
    private readonly access: ChatAccess,
    private readonly invites: InvitesService,
    private readonly conversations: ConversationsService,
  ) {}

  /**
   * A2: pages of MY_CONVERSATIONS_PAGE_SIZE in the order joined; the SDK follows `meta.next_token`
   * until it is null. The first page also lists the channels the user is invited to (Chat, status
   * `invited`; at most the service's user channel limit): the Chat SDK learns of earlier invites here.
   */
  async list(call: AimCall) {
    this.checkOwnList(call);
    const query: PageQuery = { pageSize: MY_CONVERSATIONS_PAGE_SIZE, pageToken: queryParam(call, 'PageToken') };
    const req = pageRequest(query, MY_CONVERSATIONS_PAGE_SIZE, 2);
    const slice = await this.userConversations.list(call.scope, call.session.userSid, req);
    const last = slice.items[slice.items.length - 1];
    const invited = query.pageToken ? [] : await this.invitedConversations(call);
    return ok({
      conversations: [...invited, ...slice.items.map((r) => myConversationJson(r, call.links))],
      meta: {
        page_size: req.size,
        previous_token: null,
        next_token: slice.hasNext && last ? encodeCursor({ dir: 'next', key: dateSidKey(last.participant) }) : null,
      },
    });
  }

  /** A22 (unread count), A23 (by unique name). */
  async fetch(call: AimCall) {
    this.checkOwnList(call);
    return ok(
      myConversationJson(await this.userConversations.fetch(call.scope, call.session.userSid, call.params.conversation), call.links),
    );
  }

  /**
   * A20 `last_read_message_index` (int, or null: setAllMessagesUnread) answers the new
   * `unread_messages_count`; A21 `notification_level` needs editNotificationLevel.
   */
  async update(call: AimCall) {
    this.checkOwnList(call);
    const conversationId = call.params.conversation;
    const body = jsonBody(call);
    // The Chat SDK's name for the read horizon (updateLastConsumedMessageIndex, setNoMessagesConsumed).
    if ('last_consumed_message_index' in body && !('last_read_message_index' in body))
      body.last_read_message_index = body.last_consumed_message_index;
    const dto = validBody(UpdateUserConversationDto, body, {
      last_read_message_index: 'LastReadMessageIndex',
      notification_level: 'NotificationLevel',
    });
    if (body.last_read_message_index === null) dto.lastReadMessageIndex = null;
    if (dto.lastReadMessageIndex === undefined && dto.notificationLevel === undefined) throw Errors.noParametersForUpdate();
    if (dto.notificationLevel !== undefined) {
      await this.access.requireParticipant(call, conversationId);
      await this.access.require(call, 'editNotificationLevel', conversationId);
    }
    const updated = await this.userConversations.update(call.scope, call.session.userSid, conversationId, dto, call.ctx);
    return ok(myConversationJson(updated, call.links));
  }

  private async invitedConversations(call: AimCall) {
    const invites = await this.invites.invitedTo(call.scope, call.session.identity);
    const rows = await Promise.all(
      invites.map(async (invite) => {
        // A channel deleted since the invites were read is left out.
        const channel = await this.conversations.fetch(call.scope, invite.conversationSid).catch((err: unknown) => {
          if (err instanceof TwilioError && err.status === 404) return null;
          throw err;
        });
        return channel ? [invitedConversationJson(invite, channel, call.links)] : [];
      }),
    );
    return rows.flat();
  }

  private checkOwnList(call: AimCall): void {
    if (call.params.user !== call.session.identity) throw unauthorized('a user reads and changes only its own conversation list');
  }
}
