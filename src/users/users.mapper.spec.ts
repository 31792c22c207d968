import type { AppConfig } from '../config/app-config';
import { UsersMapper } from './users.mapper';
import type { UserConversationRecord, UserRecord } from './users.types';

const config = { publicUrl: 'https://router.example' } as AppConfig;
const mapper = new UsersMapper(config);
const IS = `IS${'1'.repeat(32)}`;
const US = `US${'2'.repeat(32)}`;
const CH = `CH${'3'.repeat(32)}`;
const MB = `MB${'4'.repeat(32)}`;

const user: UserRecord = {
  sid: US,
  accountSid: `AC${'5'.repeat(32)}`,
  serviceSid: IS,
  identity: 'alice',
  friendlyName: null,
  attributes: '{}',
  roleSid: `RL${'6'.repeat(32)}`,
  isOnline: false,
  isNotifiable: false,
  dateCreated: new Date('2024-01-02T03:04:05.678Z'),
  dateUpdated: new Date('2024-01-02T03:04:06.000Z'),
};

describe('UsersMapper', () => {
  it('shows reachability on a single user only; lists always say null', () => {
    expect(mapper.user(user, { scoped: false, serviceSid: IS }, 'single')).toMatchObject({ is_online: false, is_notifiable: false });
    expect(mapper.user(user, { scoped: false, serviceSid: IS }, 'list')).toMatchObject({ is_online: null, is_notifiable: null });
    expect(mapper.user({ ...user, isOnline: null, isNotifiable: null }, { scoped: false, serviceSid: IS }, 'single')).toMatchObject({
      is_online: null,
      is_notifiable: null,
    });
  });

  it('writes dates without milliseconds and URLs of the scope the request used', () => {
    expect(mapper.user(user, { scoped: false, serviceSid: IS }, 'single')).toMatchObject({
      date_created: '2024-01-02T03:04:05Z',
      url: `https://router.example/v1/Users/${US}`,
      links: { user_conversations: `https://router.example/v1/Users/${US}/Conversations` },
    });
    expect(mapper.user(user, { scoped: true, serviceSid: IS }, 'single').url).toBe(`https://router.example/v1/Services/${IS}/Users/${US}`);
  });

  it('a user conversation carries the conversation, the read horizon and links to both resources', () => {
    const record: UserConversationRecord = {
      userSid: US,
      participant: {
        sid: MB,
        accountSid: user.accountSid,
        serviceSid: IS,
        lastReadMessageIndex: 4,
        lastReadTimestamp: null,
        notificationLevel: 'muted',
        dateCreated: user.dateCreated,
      },
      conversation: {
        sid: CH,
        friendlyName: 'Support',
        uniqueName: null,
        attributes: '{"a":1}',
        state: 'inactive',
        dateInactive: new Date('2024-02-01T00:00:00Z'),
        dateClosed: null,
        createdBy: null,
        channelType: 'private',
        dateCreated: user.dateCreated,
        dateUpdated: user.dateUpdated,
      },
      unreadMessagesCount: 2,
    };
    expect(mapper.userConversation(record, { scoped: true, serviceSid: IS })).toEqual({
      account_sid: user.accountSid,
      chat_service_sid: IS,
      conversation_sid: CH,
      unread_messages_count: 2,
      last_read_message_index: 4,
      participant_sid: MB,
      user_sid: US,
      friendly_name: 'Support',
      conversation_state: 'inactive',
      timers: { date_inactive: '2024-02-01T00:00:00Z' },
      attributes: '{"a":1}',
      date_created: '2024-01-02T03:04:05Z',
      date_updated: '2024-01-02T03:04:06Z',
      created_by: null,
      notification_level: 'muted',
      unique_name: null,
      url: `https://router.example/v1/Services/${IS}/Users/${US}/Conversations/${CH}`,
      links: {
        participant: `https://router.example/v1/Services/${IS}/Conversations/${CH}/Participants/${MB}`,
        conversation: `https://router.example/v1/Services/${IS}/Conversations/${CH}`,
      },
    });
  });
});
