import { candidatesOf } from './sync-objects';
import { documentData, messageItem, rosterItem, userConversationItem, userInfoItems } from './sync-items';
import type { MessageRow, ParticipantRow } from './sync-store';

const HEX = '0123456789abcdef0123456789abcdef';
const CH = `CH${HEX}`;
const at = '2026-12-04T10:00:00.123+00:00';

const participant = (over: Partial<ParticipantRow> = {}): ParticipantRow => ({
  sid: `MB${HEX}`,
  conversation_sid: CH,
  identity: 'alice',
  user_sid: `US${HEX}`,
  role_sid: null,
  attributes: '{}',
  binding_type: null,
  address: null,
  proxy_address: null,
  projected_address: null,
  last_read_message_index: 3,
  last_read_timestamp: at,
  notification_level: 'default',
  date_created: at,
  date_updated: at,
  created_seq: 2,
  event_seq: 7,
  user_created_seq: 1,
  user_event_seq: 4,
  ...over,
});

const messageRowOf = (): MessageRow => ({
  sid: `IM${HEX}`,
  index: 0,
  author: 'alice',
  body: null,
  attributes: '{}',
  participant_sid: null,
  media: null,
  content_sid: null,
  subject: 'Hello',
  date_created: at,
  date_updated: null,
  created_seq: 1,
  event_seq: 1,
  receipts: null,
  media_categories: null,
});

describe('Sync object SIDs', () => {
  it('an MP SID may be a roster or a user-info map; the other prefixes name one object of one type', () => {
    expect(candidatesOf(`MP${HEX}`, 'map').map((c) => c.kind)).toEqual(['roster', 'userInfo']);
    expect(candidatesOf(`ET${HEX.toUpperCase()}`, 'document')).toEqual([{ kind: 'conversation', sid: `ET${HEX}`, conversationSid: CH }]);
    expect(candidatesOf(`ES${HEX}`, 'map')).toEqual([]);
    expect(candidatesOf('MYnot-hex', 'map')).toEqual([]);
  });
});

describe('Sync items as the SDK reads them', () => {
  it('a message: text, JSON-string attributes, media in camelCase, the aggregated receipt, its stream positions', () => {
    const row: MessageRow = {
      sid: `IM${HEX}`,
      index: 4,
      author: 'alice',
      body: 'hi',
      attributes: '{"a":1}',
      participant_sid: `MB${HEX}`,
      media: [{ sid: `ME${HEX}`, size: 7, content_type: 'image/png', filename: 'a.png' }],
      content_sid: null,
      subject: null,
      date_created: at,
      date_updated: null,
      created_seq: 5,
      event_seq: 9,
      receipts: { total: 2, sent: 2, delivered: 1, read: 0, failed: 0, undelivered: 0 },
      media_categories: { [`ME${HEX}`]: 'media' },
    };
    const item = messageItem(row);
    expect(item).toMatchObject({ key: '4', seq: 9, createdSeq: 5 });
    expect(item.data).toMatchObject({
      text: 'hi',
      attributes: '{"a":1}',
      type: 'media',
      memberSid: `MB${HEX}`,
      timestamp: '2026-12-04T10:00:00.123Z',
      lastUpdatedBy: null,
      medias: [{ sid: `ME${HEX}`, contentType: 'image/png', filename: 'a.png', size: 7, category: 'media' }],
      delivery: { total: 2, sent: 'all', delivered: 'some', read: 'none', failed: 'none', undelivered: 'none' },
    });
  });

  it("an email body is one of the message's medias, by its category, not its attachment", () => {
    const row = {
      ...messageRowOf(),
      media: [{ sid: `ME${HEX}`, size: 9, content_type: 'text/html', filename: null }],
      media_categories: { [`ME${HEX}`]: 'body' },
    };
    const { data } = messageItem(row);
    expect(data).toMatchObject({ type: 'text', medias: [{ sid: `ME${HEX}`, category: 'body', contentType: 'text/html' }] });
    expect(data).not.toHaveProperty('media');
  });

  it('roster items: a chat participant points at its user-info map; a phone has its type and binding', () => {
    expect(rosterItem(participant()).data).toMatchObject({
      identity: 'alice',
      type: 'chat',
      userInfo: `MP${HEX}`,
      lastConsumedMessageIndex: 3,
    });
    const phone = rosterItem(
      participant({ identity: null, user_sid: null, binding_type: 'sms', address: '+1555', proxy_address: '+1666' }),
    );
    expect(phone.data).toMatchObject({ identity: null, type: 'sms', bindings: { sms: { address: '+1555', proxy_address: '+1666' } } });
    expect(phone.data).not.toHaveProperty('userInfo');
  });

  it("a conversation list item: joined, the conversation's objects, the user's read horizon, positions in the user's stream", () => {
    expect(userConversationItem(participant())).toMatchObject({
      key: CH,
      seq: 4,
      createdSeq: 1,
      data: { status: 'joined', channel: `ET${HEX}`, messages: `ES${HEX}`, roster: `MP${HEX}`, lastConsumedMessageIndex: 3 },
    });
  });

  it('the document carries lastMessage only once a message exists, and never per-user fields', () => {
    const base = {
      sid: CH,
      friendly_name: 'Room',
      unique_name: null,
      attributes: '{}',
      created_by: 'alice',
      state: 'active',
      channel_type: 'private',
      bindings: null,
      date_created: at,
      date_updated: at,
    };
    expect(documentData({ ...base, last_index: null, last_at: null })).not.toHaveProperty('lastMessage');
    const data = documentData({ ...base, last_index: 2, last_at: at });
    expect(data).toMatchObject({ lastMessage: { index: 2 }, messages: `ES${HEX}`, roster: `MP${HEX}`, bindings: {}, type: 'private' });
    expect(data).not.toHaveProperty('status');
    expect(data).not.toHaveProperty('lastConsumedMessageIndex');
  });

  it('user info: friendlyName, attributes and reachability, each at its own position', () => {
    const items = userInfoItems({
      sid: `US${HEX}`,
      identity: 'alice',
      friendly_name: 'Alice',
      attributes: '{}',
      online: true,
      notifiable: false,
      friendly_name_seq: 3,
      attributes_seq: 1,
      reachability_seq: 8,
      date_updated: at,
    });
    expect(items.map((i) => [i.key, i.seq, i.data])).toEqual([
      ['friendlyName', 3, { value: 'Alice' }],
      ['attributes', 1, { value: '{}' }],
      ['reachability', 8, { online: true, notifiable: false }],
    ]);
  });
});
