import type { RestApi } from '../common/resource-path';
import { TwilioError } from '../common/twilio-error';

type ErrorName =
  | 'notFound'
  | 'tooMany'
  | 'tooManyTriggers'
  | 'invalidSid'
  | 'invalidType'
  | 'invalidFilter'
  | 'invalidTrigger'
  | 'invalidFlowSid'
  | 'typeMissing'
  | 'urlMissing'
  | 'filtersMissing'
  | 'triggersMissing'
  | 'urlTooLong';

/**
 * One failure, two codes: Conversations says "conversation webhook" (50360-50372), Programmable
 * Chat says "channel webhook" (50320-50332, the same failures in the same order).
 */
const CODES: Record<ErrorName, Record<RestApi, number>> = {
  notFound: { v1: 50360, chat: 50320 },
  tooMany: { v1: 50361, chat: 50321 },
  tooManyTriggers: { v1: 50362, chat: 50322 },
  invalidSid: { v1: 50363, chat: 50323 },
  invalidType: { v1: 50364, chat: 50324 },
  invalidFilter: { v1: 50365, chat: 50325 },
  invalidTrigger: { v1: 50366, chat: 50326 },
  invalidFlowSid: { v1: 50367, chat: 50327 },
  typeMissing: { v1: 50368, chat: 50328 },
  urlMissing: { v1: 50369, chat: 50329 },
  filtersMissing: { v1: 50370, chat: 50330 },
  triggersMissing: { v1: 50371, chat: 50331 },
  urlTooLong: { v1: 50372, chat: 50332 },
};

/** The codes of one API, for its request DTO (validation of the parameters' form). */
export const webhookErrorCodes = (api: RestApi): Record<ErrorName, number> =>
  Object.fromEntries(Object.entries(CODES).map(([name, codes]) => [name, codes[api]])) as Record<ErrorName, number>;

/** How each API names the webhook, what it belongs to, and the parameter that picks its kind. */
const WORDS: Record<RestApi, { hook: string; Hook: string; parent: string; kind: string }> = {
  v1: { hook: 'conversation webhook', Hook: 'Conversation webhook', parent: 'conversation', kind: 'target' },
  chat: { hook: 'channel webhook', Hook: 'Channel webhook', parent: 'channel', kind: 'type' },
};

/**
 * The errors of conversation-scoped webhooks in the words and codes of the caller's API (a scope's
 * `api`, as for resourcePath), so that ConversationWebhooksService serves both APIs unchanged.
 */
export function webhookErrors(api: RestApi = 'v1') {
  const code = (name: ErrorName) => CODES[name][api];
  const w = WORDS[api];
  return {
    notFound: (sid: string) => new TwilioError(code('notFound'), 404, `${w.Hook} ${sid} not found`),
    tooMany: (max: number) => new TwilioError(code('tooMany'), 400, `Too many ${w.hook}s: a ${w.parent} has at most ${max}`),
    invalidSid: (sid: string) => new TwilioError(code('invalidSid'), 400, `Invalid ${w.hook} SID ${sid}: it starts with WH`),
    flowSidMissing: () => new TwilioError(code('invalidFlowSid'), 400, `Configuration.FlowSid (FW...) is required for ${w.kind} studio`),
    urlMissing: (kind: string) => new TwilioError(code('urlMissing'), 400, `Configuration.Url is required for ${w.kind} ${kind}`),
    filtersMissing: () => new TwilioError(code('filtersMissing'), 400, `Configuration.Filters is required for ${w.kind} webhook`),
    triggersMissing: () => new TwilioError(code('triggersMissing'), 400, `Configuration.Triggers is required for ${w.kind} trigger`),
    tooManyTriggers: (max: number) => new TwilioError(code('tooManyTriggers'), 400, `Too many ${w.hook} triggers: at most ${max}`),
    invalidTrigger: (trigger: string, maxLength: number) =>
      new TwilioError(code('invalidTrigger'), 400, `Invalid ${w.hook} trigger '${trigger.slice(0, 20)}': 1 to ${maxLength} characters`),
  };
}

export type WebhookErrors = ReturnType<typeof webhookErrors>;
