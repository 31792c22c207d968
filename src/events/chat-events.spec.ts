import { chatPayload, eventFromChat, eventToChat } from './chat-events';

describe('chat events', () => {
  it('maps event names both ways, legacy Conversations names included', () => {
    expect(eventFromChat('onMessageSent')).toBe('onMessageAdded');
    expect(eventFromChat('onChannelDestroyed')).toBe('onConversationRemoved');
    expect(eventFromChat('onMemberAdd')).toBe('onParticipantAdd');
    expect(eventToChat('onConversationAdded')).toBe('onChannelAdded');
    expect(eventToChat('onParticipantRemoved')).toBe('onMemberRemoved');
    expect(eventToChat('onMessageSent')).toBe('onMessageSent');
  });

  it("renames an event's fields as Chat webhooks send them", () => {
    const out = chatPayload(
      {
        EventType: 'onMessageAdded',
        AccountSid: 'AC1',
        ChatServiceSid: 'IS1',
        ConversationSid: 'CH1',
        MessageSid: 'IM1',
        ParticipantSid: 'MB1',
        Author: 'alice',
        Body: 'hi',
        Index: '0',
        Source: 'SDK',
        ClientIdentity: 'alice',
        MessagingServiceSid: 'MG1',
        'MessagingBinding.Address': '+15550001',
      },
      2,
    );
    expect(out).toEqual({
      EventType: 'onMessageSent',
      AccountSid: 'AC1',
      InstanceSid: 'IS1',
      ChannelSid: 'CH1',
      MessageSid: 'IM1',
      MemberSid: 'MB1',
      From: 'alice',
      Body: 'hi',
      Index: '0',
      Source: 'SDK',
      ClientIdentity: 'alice',
      WebhookType: 'webhook',
      RetryCount: '2',
    });
  });
});
