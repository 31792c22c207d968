import { flexMessageParams } from './flex-webhook';

const payload = {
  EventType: 'onMessageAdded',
  AccountSid: 'AC1',
  ChatServiceSid: 'IS1',
  Source: 'SDK',
  ClientIdentity: 'abc123',
  ConversationSid: 'CH1',
  MessageSid: 'IM1',
  Index: '4',
  DateCreated: '2026-12-04T10:00:00Z',
  Body: 'hello',
  Author: 'abc123',
  ParticipantSid: 'MB1',
  Attributes: '{"a":1}',
};

describe('flexMessageParams', () => {
  it("turns the feed's onMessageAdded into Chat's onMessageSent of a channel-scoped webhook", () => {
    expect(flexMessageParams(payload, { webhookSid: 'WH1' }, 2)).toEqual({
      EventType: 'onMessageSent',
      AccountSid: 'AC1',
      InstanceSid: 'IS1',
      ChannelSid: 'CH1',
      MessageSid: 'IM1',
      Index: '4',
      From: 'abc123',
      Body: 'hello',
      Attributes: '{"a":1}',
      DateCreated: '2026-12-04T10:00:00Z',
      Source: 'SDK',
      ClientIdentity: 'abc123',
      RetryCount: '2',
      WebhookType: 'webhook',
      WebhookSid: 'WH1',
    });
  });

  it("names the message's media (a Chat message has one) and leaves out what the message has not", () => {
    const { Body: _body, ClientIdentity: _client, ...rest } = payload;
    const media = JSON.stringify([{ sid: 'ME1', content_type: 'image/png', size: 12, filename: 'a.png' }]);
    const params = flexMessageParams({ ...rest, Media: media }, { webhookSid: 'WH1' }, 0);
    expect(params).toMatchObject({
      MediaSid: 'ME1',
      MediaContentType: 'image/png',
      MediaSize: '12',
      MediaFilename: 'a.png',
      RetryCount: '0',
    });
    expect(params).not.toHaveProperty('Body');
    expect(params).not.toHaveProperty('ClientIdentity');
  });
});
