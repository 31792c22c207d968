import { filtersWant } from '../events/event-types';

export interface WebhookTarget {
  url: string;
  method: 'GET' | 'POST';
  /**
   * Where it comes from: account, service, chat (the service's Chat v2 webhooks), a conversation
   * webhook's SID, or a Flex channel's webhook SID.
   */
  origin: string;
  /**
   * `chat`: the event goes in Programmable Chat's form (chatPayload), retried as the service's settings say;
   * `flex`: a Flex Flow's external integration, Chat's onMessageSent naming the channel's webhook (flexMessageParams).
   */
  format?: 'chat' | 'flex';
  /**
   * Retries after the first attempt (Chat v2's Pre/PostWebhookRetryCount, a Flex Flow's
   * Integration.RetryCount); the queue's default when absent.
   */
  retries?: number;
  /** A `flex` post's WebhookSid. */
  webhookSid?: string;
}

export interface SettingsForTargets {
  url: string | null;
  method: string;
  filters: readonly string[];
  /** Account level: events with target `flex` go to Flex, which this router does not have. */
  target?: string;
  /** Chat v2 settings: retries after the first attempt. */
  retries?: number;
}

export interface ConversationWebhookForTargets {
  sid: string;
  target: string;
  url: string | null;
  method: string | null;
  filters: readonly string[];
  triggers: readonly string[];
  /** `chat`: made through Chat v2 (Chat's form, its own retry count). */
  format?: string;
  retryCount?: number | null;
}

const method = (m: string | null): 'GET' | 'POST' => (m?.toUpperCase() === 'GET' ? 'GET' : 'POST');

/** A trigger keyword matches a whole word of the body, ignoring case. */
export function matchesTrigger(body: string | null | undefined, triggers: readonly string[]): boolean {
  if (!body) return false;
  const words = new Set(
    body
      .toLowerCase()
      .split(/[^\p{L}\p{N}_]+/u)
      .filter(Boolean),
  );
  return triggers.some((t) => {
    const keyword = t.trim().toLowerCase();
    return keyword.includes(' ') ? body.toLowerCase().includes(keyword) : words.has(keyword);
  });
}

/**
 * Where a post event goes: the account's and the service's post-event URLs when their filters ask
 * for it, and each conversation webhook (target webhook: by filter; trigger: new messages whose body
 * holds a keyword; studio: configuration only, nothing is sent). Pure, so it is unit-tested.
 */
export function postTargets(args: {
  event: string;
  account: SettingsForTargets | null;
  service: SettingsForTargets | null;
  /** The service's Chat v2 webhook settings. */
  chat?: SettingsForTargets | null;
  conversationWebhooks: readonly ConversationWebhookForTargets[];
  body?: string | null;
  onlyWebhookSid?: string | null;
}): WebhookTarget[] {
  const { event, account, service, chat, conversationWebhooks, body, onlyWebhookSid } = args;
  const targets: WebhookTarget[] = [];
  if (!onlyWebhookSid) {
    if (account?.url && (account.target ?? 'webhook') === 'webhook' && filtersWant(account.filters, event)) {
      targets.push({ url: account.url, method: method(account.method), origin: 'account' });
    }
    if (service?.url && filtersWant(service.filters, event))
      targets.push({ url: service.url, method: method(service.method), origin: 'service' });
    if (chat?.url && filtersWant(chat.filters, event)) {
      targets.push({ url: chat.url, method: method(chat.method), origin: 'chat', format: 'chat', retries: chat.retries ?? 0 });
    }
  }
  for (const hook of conversationWebhooks) {
    if (!hook.url || (onlyWebhookSid && hook.sid !== onlyWebhookSid)) continue;
    const wanted =
      hook.target === 'webhook'
        ? filtersWant(hook.filters, event)
        : hook.target === 'trigger'
          ? event === 'onMessageAdded' && matchesTrigger(body, hook.triggers)
          : false;
    if (!wanted) continue;
    targets.push(
      hook.format === 'chat'
        ? {
            url: hook.url,
            method: method(hook.method),
            origin: hook.sid,
            format: 'chat',
            webhookSid: hook.sid,
            ...(hook.retryCount != null ? { retries: hook.retryCount } : {}),
          }
        : { url: hook.url, method: method(hook.method), origin: hook.sid },
    );
  }
  return targets;
}

/** Pre-event URLs: the account's, then the service's (Conversations', then Chat v2's), when their filters ask for the event. */
export function preTargets(
  event: string,
  account: SettingsForTargets | null,
  service: SettingsForTargets | null,
  chat: SettingsForTargets | null = null,
): WebhookTarget[] {
  const targets: WebhookTarget[] = [];
  if (account?.url && (account.target ?? 'webhook') === 'webhook' && filtersWant(account.filters, event)) {
    targets.push({ url: account.url, method: method(account.method), origin: 'account' });
  }
  if (service?.url && filtersWant(service.filters, event))
    targets.push({ url: service.url, method: method(service.method), origin: 'service' });
  if (chat?.url && filtersWant(chat.filters, event)) {
    targets.push({ url: chat.url, method: method(chat.method), origin: 'chat', format: 'chat', retries: chat.retries ?? 0 });
  }
  return targets;
}

/** The Chat v2 webhook settings of a service, as targets see them (pre or post URL). */
export function chatSettings(
  s: {
    chatPreWebhookUrl?: string | null;
    chatPostWebhookUrl?: string | null;
    chatWebhookMethod?: string;
    chatWebhookFilters?: string[];
    preWebhookRetryCount?: number;
    postWebhookRetryCount?: number;
  } | null,
  kind: 'pre' | 'post',
): SettingsForTargets | null {
  if (!s) return null;
  return {
    url: (kind === 'pre' ? s.chatPreWebhookUrl : s.chatPostWebhookUrl) ?? null,
    method: s.chatWebhookMethod ?? 'POST',
    filters: s.chatWebhookFilters ?? [],
    retries: (kind === 'pre' ? s.preWebhookRetryCount : s.postWebhookRetryCount) ?? 0,
  };
}
