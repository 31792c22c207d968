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

/** Conversations' code of each failure (50360-50372). */
const V1_CODES: Record<ErrorName, number> = {
  notFound: 50360,
  tooMany: 50361,
  tooManyTriggers: 50362,
  invalidSid: 50363,
  invalidType: 50364,
  invalidFilter: 50365,
  invalidTrigger: 50366,
  invalidFlowSid: 50367,
  typeMissing: 50368,
  urlMissing: 50369,
  filtersMissing: 50370,
  triggersMissing: 50371,
  urlTooLong: 50372,
};

/** Programmable Chat numbers the same failures in the same order 40 lower (50320-50332). */
const OFFSET: Record<RestApi, number> = { v1: 0, chat: -40 };

const codeOf = (name: ErrorName, api: RestApi) => V1_CODES[name] + OFFSET[api];

/** The codes of one API, for its request DTO (validation of the parameters' form). */
export const webhookErrorCodes = (api: RestApi): Record<ErrorName, number> =>
  Object.fromEntries((Object.keys(V1_CODES) as ErrorName[]).map((name) => [name, codeOf(name, api)])) as Record<ErrorName, number>;

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
  const code = (name: ErrorName) => codeOf(name, api);
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
