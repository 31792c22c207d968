import { Injectable } from '@nestjs/common';
import { PageRequest, PageSlice, sliceRows } from '../common/paging';
import { TwilioError } from '../common/twilio-error';
import { InvitesService } from '../invites/invites.service';
import type { InviteRecord } from '../invites/invites.types';
import type { ServiceScope } from '../services/services.types';
import { UserConversationsService } from '../users/user-conversations.service';
import type { UserConversationRecord } from '../users/users.types';
import { UsersService } from '../users/users.service';
import { ChatV2Repository, type UserChannelKey } from './chat-v2.repository';

export type UserChannel =
  | { status: 'joined'; record: UserConversationRecord }
  | { status: 'invited'; invite: InviteRecord; userSid: string; unreadMessagesCount: number | null };

/** A user's channel: joined (its member's view) or, failing that, invited (an open invite). */
@Injectable()
export class UserChannelsService {
  constructor(
    private readonly userConversations: UserConversationsService,
    private readonly users: UsersService,
    private readonly invites: InvitesService,
    private readonly repository: ChatV2Repository,
  ) {}

  /**
   * ListUserChannel: joined and invited channels, in the order the user joined or was invited. A page
   * is read in a fixed number of queries whatever its size: its keys, then its memberships (with
   * their unread counts) and its invites together.
   */
  async list(scope: ServiceScope, userId: string, page: PageRequest): Promise<PageSlice<UserChannel & { key: UserChannelKey }>> {
    const user = await this.users.fetch(scope, userId);
    const slice = sliceRows(await this.repository.userChannelKeys(scope.serviceSid, user, page), page);
    const sidsOf = (kind: UserChannelKey['kind']) => slice.items.filter((k) => k.kind === kind).map((k) => k.sid);
    const [joined, invites] = await Promise.all([
      this.userConversations.ofParticipants(scope, user, sidsOf('joined')),
      this.invites.bySids(scope, sidsOf('invited')),
    ]);
    const items: (UserChannel & { key: UserChannelKey })[] = [];
    for (const key of slice.items) {
      const record = key.kind === 'joined' ? joined.get(key.sid) : undefined;
      const invite = key.kind === 'invited' ? invites.get(key.sid) : undefined;
      if (record) items.push({ status: 'joined', record, key });
      else if (invite) items.push({ status: 'invited', invite, userSid: user.sid, unreadMessagesCount: null, key });
    }
    return { ...slice, items };
  }

  async fetch(scope: ServiceScope, userId: string, channelId: string): Promise<UserChannel> {
    try {
      return { status: 'joined', record: await this.userConversations.fetch(scope, userId, channelId) };
    } catch (err) {
      if (!(err instanceof TwilioError) || err.status !== 404) throw err;
      const user = await this.users.fetch(scope, userId);
      const invite = (await this.invites.invitedTo(scope, user.identity)).find(
        (i) => i.conversationSid === channelId || i.conversationSid.toLowerCase() === channelId.toLowerCase(),
      );
      if (!invite) throw err;
      return { status: 'invited', invite, userSid: user.sid, unreadMessagesCount: null };
    }
  }
}
