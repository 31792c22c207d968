import { chatSettings, postTargets, preTargets } from './webhook-targets';

const chat = {
  chatPreWebhookUrl: 'https://hooks.example.com/chat-pre',
  chatPostWebhookUrl: 'https://hooks.example.com/chat-post',
  chatWebhookMethod: 'GET',
  chatWebhookFilters: ['onMessageAdd', 'onMessageAdded'],
  preWebhookRetryCount: 1,
  postWebhookRetryCount: 3,
};

describe('webhook targets', () => {
  it("a service's Chat v2 settings are a target of their own, in Chat form, with the service's retry counts", () => {
    const post = postTargets({
      event: 'onMessageAdded',
      account: null,
      service: { url: 'https://hooks.example.com/v1-post', method: 'POST', filters: ['onMessageAdded'] },
      chat: chatSettings(chat, 'post'),
      conversationWebhooks: [],
    });
    expect(post).toEqual([
      { url: 'https://hooks.example.com/v1-post', method: 'POST', origin: 'service' },
      { url: 'https://hooks.example.com/chat-post', method: 'GET', origin: 'chat', format: 'chat', retries: 3 },
    ]);
    expect(preTargets('onMessageAdd', null, null, chatSettings(chat, 'pre'))).toEqual([
      { url: 'https://hooks.example.com/chat-pre', method: 'GET', origin: 'chat', format: 'chat', retries: 1 },
    ]);
    expect(preTargets('onConversationAdd', null, null, chatSettings(chat, 'pre'))).toEqual([]);
  });

  it('a channel webhook made through Chat v2 keeps its form and retry count', () => {
    const hook = (format: string, retryCount: number | null) => ({
      sid: `WH${format}`,
      target: 'webhook',
      url: `https://hooks.example.com/${format}`,
      method: 'post',
      filters: ['onMessageAdded'],
      triggers: [],
      format,
      retryCount,
    });
    const targets = postTargets({
      event: 'onMessageAdded',
      account: null,
      service: null,
      conversationWebhooks: [hook('chat', 2), hook('conversations', null)],
    });
    expect(targets).toEqual([
      { url: 'https://hooks.example.com/chat', method: 'POST', origin: 'WHchat', format: 'chat', webhookSid: 'WHchat', retries: 2 },
      { url: 'https://hooks.example.com/conversations', method: 'POST', origin: 'WHconversations' },
    ]);
  });
});
