import { Injectable } from '@nestjs/common';
import { TwilioError } from '../common/twilio-error';
import { InvitesService } from '../invites/invites.service';
import type { InviteRecord } from '../invites/invites.types';
import type { ServiceScope } from '../services/services.types';
import { UserConversationsService } from '../users/user-conversations.service';
import type { UserConversationRecord } from '../users/users.types';
import { UsersService } from '../users/users.service';

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
  ) {}

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
