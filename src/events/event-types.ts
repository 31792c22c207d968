/** Post-event webhooks: sent after the action, from the webhooks queue. */
export const POST_EVENTS = [
  'onConversationAdded',
  'onConversationUpdated',
  'onConversationRemoved',
  'onConversationStateUpdated',
  'onParticipantAdded',
  'onParticipantUpdated',
  'onParticipantRemoved',
  'onMessageAdded',
  'onMessageUpdated',
  'onMessageRemoved',
  'onDeliveryUpdated',
  'onUserAdded',
  'onUserUpdated',
] as const;
export type PostEvent = (typeof POST_EVENTS)[number];

/** Pre-event webhooks: called before the action, which they may modify or reject. */
export const PRE_EVENTS = [
  'onConversationAdd',
  'onConversationUpdate',
  'onConversationRemove',
  'onParticipantAdd',
  'onParticipantUpdate',
  'onParticipantRemove',
  'onMessageAdd',
  'onMessageUpdate',
  'onMessageRemove',
  'onUserUpdate',
] as const;
export type PreEvent = (typeof PRE_EVENTS)[number];

/** Filters accepted by /v1/Configuration/Webhooks (Twilio's list, legacy names included). */
export const ACCOUNT_FILTERS = [...PRE_EVENTS, ...POST_EVENTS, 'onMessageSend', 'onMessageSent', 'onConversationDestroyed'] as const;

/** Filters accepted by /v1/Services/{IS}/Configuration/Webhooks. */
export const SERVICE_FILTERS = ACCOUNT_FILTERS;

/** Filters of conversation-scoped webhooks: post events about the conversation. */
export const CONVERSATION_FILTERS = [
  'onMessageAdded',
  'onMessageUpdated',
  'onMessageRemoved',
  'onConversationUpdated',
  'onConversationRemoved',
  'onConversationStateUpdated',
  'onParticipantAdded',
  'onParticipantUpdated',
  'onParticipantRemoved',
  'onDeliveryUpdated',
  'onMessageSent',
  'onConversationDestroyed',
] as const;

/** Legacy names Twilio still accepts, and the event each stands for. */
export const LEGACY_FILTERS: Record<string, PostEvent | PreEvent> = {
  onMessageSend: 'onMessageAdd',
  onMessageSent: 'onMessageAdded',
  onConversationDestroyed: 'onConversationRemoved',
};

/** True when a filter list asks for the event (directly or through a legacy name). */
export function filtersWant(filters: readonly string[], event: string): boolean {
  return filters.some((f) => f === event || LEGACY_FILTERS[f] === event);
}

/** Fields a pre-event hook may change, by event (snake_case, as the hook answers them). */
export const MODIFIABLE: Partial<Record<PreEvent, readonly string[]>> = {
  onConversationAdd: ['friendly_name'],
  onConversationUpdate: ['friendly_name'],
  onMessageAdd: ['body', 'author', 'attributes'],
  onMessageUpdate: ['body', 'author', 'attributes'],
};

/** Who did it, and whether webhooks fire (REST: only with X-Twilio-Webhook-Enabled: true). */
export interface ActionContext {
  source: 'API' | 'SDK' | 'SMS' | 'WHATSAPP' | 'TIMER';
  webhooks: boolean;
  clientIdentity?: string;
  /** False for Chat v2 REST: Programmable Chat fires pre-event webhooks for SDK actions only. */
  preHooks?: boolean;
}

export const restContext = (webhookEnabled: boolean): ActionContext => ({ source: 'API', webhooks: webhookEnabled });

/** Chat v2 REST: post-event webhooks with X-Twilio-Webhook-Enabled: true, never pre-event ones. */
export const chatRestContext = (webhookEnabled: boolean): ActionContext => ({ source: 'API', webhooks: webhookEnabled, preHooks: false });

/** Form fields of an event, as strings; null/undefined fields are left out. */
export type EventFields = Record<string, string | number | boolean | null | undefined>;

/** The form fields of an event: EventType, AccountSid, ChatServiceSid, Source, ClientIdentity, then the event's own. */
export function eventPayload(
  ctx: ActionContext,
  e: { type: string; accountSid: string; serviceSid: string; fields: EventFields },
): Record<string, string> {
  const payload: Record<string, string> = { EventType: e.type, AccountSid: e.accountSid, ChatServiceSid: e.serviceSid, Source: ctx.source };
  if (ctx.clientIdentity) payload.ClientIdentity = ctx.clientIdentity;
  for (const [key, value] of Object.entries(e.fields)) if (value !== null && value !== undefined) payload[key] = String(value);
  return payload;
}
