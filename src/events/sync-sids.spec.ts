import { conversationSyncSids, userSyncSids } from './sync-sids';

describe('Sync object SIDs', () => {
  it('derives a conversation document, messages list and roster from the CH sid', () => {
    expect(conversationSyncSids('CH0123456789abcdef0123456789ABCDEF')).toEqual({
      document: 'ET0123456789abcdef0123456789abcdef',
      messages: 'ES0123456789abcdef0123456789abcdef',
      roster: 'MP0123456789abcdef0123456789abcdef',
    });
  });

  it('derives a user-info map and a conversation list map from the US sid', () => {
    expect(userSyncSids('US00000000000000000000000000000001')).toEqual({
      info: 'MP00000000000000000000000000000001',
      conversations: 'MY00000000000000000000000000000001',
    });
  });
});
