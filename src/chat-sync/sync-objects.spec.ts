import { candidatesOf } from './sync-objects';

const HEX = '0123456789abcdef0123456789abcdef';

describe('candidatesOf', () => {
  it('resolves the Chat SDK channel name CH<hex>.channel to the conversation document, marked as named by Chat', () => {
    expect(candidatesOf(`CH${HEX.toUpperCase()}.channel`, 'document')).toEqual([
      { kind: 'conversation', sid: `ET${HEX}`, conversationSid: `CH${HEX}`, chatName: true },
    ]);
    expect(candidatesOf(`CH${HEX}.channel`, 'list')).toEqual([]);
    expect(candidatesOf(`CH${HEX}.roster`, 'map')).toEqual([]);
    expect(candidatesOf(`CH${HEX}.channelx`, 'document')).toEqual([]);
  });

  it('keeps the SIDs the Conversations SDK reads', () => {
    expect(candidatesOf(`ET${HEX}`, 'document')).toEqual([{ kind: 'conversation', sid: `ET${HEX}`, conversationSid: `CH${HEX}` }]);
    expect(candidatesOf(`MY${HEX}`, 'map')).toEqual([{ kind: 'userConversations', sid: `MY${HEX}`, userSid: `US${HEX}` }]);
    expect(candidatesOf(`MP${HEX}`, 'map').map((r) => r.kind)).toEqual(['roster', 'userInfo']);
  });
});
