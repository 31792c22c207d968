import { webhookErrorCodes, webhookErrors } from './conversation-webhook-errors';

describe('conversation webhook errors per API', () => {
  it("Chat's channel webhook codes are Conversations' codes of the same failure, 40 lower", () => {
    const v1 = webhookErrorCodes('v1');
    const chat = webhookErrorCodes('chat');
    expect(Object.values(v1).sort()).toEqual(Array.from({ length: 13 }, (_, i) => 50360 + i));
    for (const name of Object.keys(v1) as (keyof typeof v1)[]) expect(chat[name]).toBe(v1[name] - 40);
    expect(chat).toMatchObject({ notFound: 50320, tooMany: 50321, invalidSid: 50323, typeMissing: 50328, urlTooLong: 50332 });
  });

  it('Conversations keeps its codes and words', () => {
    const e = webhookErrors();
    expect(e.notFound('WH1')).toMatchObject({ code: 50360, status: 404, message: 'Conversation webhook WH1 not found' });
    expect(e.tooMany(5)).toMatchObject({
      code: 50361,
      status: 400,
      message: 'Too many conversation webhooks: a conversation has at most 5',
    });
    expect(e.urlMissing('trigger')).toMatchObject({ code: 50369, message: 'Configuration.Url is required for target trigger' });
    expect(e.invalidTrigger('x'.repeat(300), 248)).toMatchObject({
      code: 50366,
      message: `Invalid conversation webhook trigger '${'x'.repeat(20)}': 1 to 248 characters`,
    });
  });

  it("Chat v2 gets Chat's codes, with channel and Type in the message", () => {
    const e = webhookErrors('chat');
    expect(e.notFound('WH1')).toMatchObject({ code: 50320, status: 404, message: 'Channel webhook WH1 not found' });
    expect(e.tooMany(5)).toMatchObject({ code: 50321, status: 400, message: 'Too many channel webhooks: a channel has at most 5' });
    expect(e.tooManyTriggers(5)).toMatchObject({ code: 50322, message: 'Too many channel webhook triggers: at most 5' });
    expect(e.invalidSid('nope')).toMatchObject({ code: 50323, message: 'Invalid channel webhook SID nope: it starts with WH' });
    expect(e.invalidTrigger('', 248).code).toBe(50326);
    expect(e.flowSidMissing()).toMatchObject({ code: 50327, message: 'Configuration.FlowSid (FW...) is required for type studio' });
    expect(e.urlMissing('webhook')).toMatchObject({ code: 50329, message: 'Configuration.Url is required for type webhook' });
    expect(e.filtersMissing()).toMatchObject({ code: 50330, message: 'Configuration.Filters is required for type webhook' });
    expect(e.triggersMissing()).toMatchObject({ code: 50331, message: 'Configuration.Triggers is required for type trigger' });
  });
});
