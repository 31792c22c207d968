import { Injectable, Logger } from '@nestjs/common';
import { OutboundPolicy } from '../common/outbound-policy';
import { TwilioError } from '../common/twilio-error';
import { type ActionContext, type EventFields, eventPayload, MODIFIABLE, type PreEvent } from '../events/event-types';
import { AccountTokens } from './account-tokens';
import { chatPayload } from '../events/chat-events';
import { chatSettings, preTargets, type WebhookTarget } from './webhook-targets';
import { WebhookSettingsCache } from './webhook-settings.cache';
import { sendWebhook, WebhookUnreachable } from './webhook-request';

/** Twilio waits 5 s for a pre-event webhook, then goes on unchanged. */
export const PRE_EVENT_TIMEOUT_MS = 5_000;

/** Changes a pre-event webhook asked for, in the hook's snake_case names (body, author, attributes, friendly_name). */
export type Modifications = Partial<Record<'body' | 'author' | 'attributes' | 'friendly_name', string>>;

const FORM_NAME: Record<keyof Modifications, string> = {
  body: 'Body',
  author: 'Author',
  attributes: 'Attributes',
  friendly_name: 'FriendlyName',
};

/**
 * Pre-event webhooks (onMessageAdd, onConversationAdd, ...): called before the action, the account's
 * then the service's. 200 with no body or `{}` accepts; 200 with JSON modifies the fields Twilio
 * lets it modify; any other status rejects (50056); no answer within 5 s accepts unchanged.
 */
@Injectable()
export class PreEventHooks {
  private readonly logger = new Logger(PreEventHooks.name);

  constructor(
    private readonly settings: WebhookSettingsCache,
    private readonly tokens: AccountTokens,
    private readonly outbound: OutboundPolicy,
  ) {}

  async run(
    ctx: ActionContext,
    scope: { accountSid: string; serviceSid: string },
    type: PreEvent,
    fields: EventFields,
  ): Promise<Modifications> {
    if (!ctx.webhooks || ctx.preHooks === false) return {};
    const [account, service] = await Promise.all([
      this.settings.account(scope.accountSid),
      this.settings.service(scope.accountSid, scope.serviceSid),
    ]);
    const targets = preTargets(
      type,
      account && {
        url: account.preWebhookUrl,
        method: account.webhookMethod,
        filters: account.webhookFilters,
        target: account.webhookTarget,
      },
      service && { url: service.preWebhookUrl, method: service.webhookMethod, filters: service.webhookFilters },
      chatSettings(service, 'pre'),
    );
    if (!targets.length) return {};
    const authToken = (await this.tokens.of(scope.accountSid)) ?? '';
    const modifications: Modifications = {};
    for (const target of targets) {
      const params = eventPayload(ctx, {
        type,
        accountSid: scope.accountSid,
        serviceSid: scope.serviceSid,
        fields: { ...fields, ...formFields(modifications) },
      });
      let answer;
      try {
        answer = await this.call(target, params, authToken);
      } catch (err) {
        if (!(err instanceof WebhookUnreachable)) throw err;
        this.logger.warn(
          { event: type, origin: target.origin, reason: err.reason },
          err.reason === 'blocked'
            ? 'pre-event webhook is not an allowed destination: action goes on unchanged'
            : 'pre-event webhook did not answer: action goes on unchanged',
        );
        continue;
      }
      if (answer.status < 200 || answer.status >= 300) {
        // What the receiver answered stays out of the error: the caller learns only that the hook refused.
        this.logger.log({ event: type, origin: target.origin, status: answer.status }, 'pre-event webhook refused the action');
        throw new TwilioError(50056, 403, `Webhook disabled processing of command: the ${type} webhook refused it`);
      }
      Object.assign(modifications, parseModifications(type, target.format === 'chat' ? chatAnswer(answer.body) : answer.body));
    }
    return modifications;
  }

  /**
   * One pre-event request; a Chat v2 target that does not answer is tried again as many times as
   * its service's PreWebhookRetryCount says, with Chat's form fields and RetryCount.
   */
  private async call(target: WebhookTarget, params: Record<string, string>, authToken: string) {
    const tries = target.format === 'chat' ? 1 + (target.retries ?? 0) : 1;
    for (let retry = 0; ; retry++) {
      try {
        return await sendWebhook({
          url: target.url,
          method: target.method,
          params: target.format === 'chat' ? chatPayload(params, retry) : params,
          authToken,
          timeoutMs: PRE_EVENT_TIMEOUT_MS,
          policy: this.outbound,
        });
      } catch (err) {
        if (!(err instanceof WebhookUnreachable) || err.reason === 'blocked' || retry + 1 >= tries) throw err;
      }
    }
  }
}

/** A Chat pre-event answer names its changes in Chat's words (from, friendlyName): as the Conversations ones. */
export function chatAnswer(body: string): string {
  if (!body.trim()) return body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return body;
  const { from, friendlyName, ...rest } = parsed as Record<string, unknown>;
  return JSON.stringify({
    ...rest,
    ...(from !== undefined ? { author: from } : {}),
    ...(friendlyName !== undefined ? { friendly_name: friendlyName } : {}),
  });
}

/** The fields a hook's JSON answer changes, among those the event allows. Anything else is ignored. */
export function parseModifications(type: PreEvent, body: string): Modifications {
  const allowed = MODIFIABLE[type] ?? [];
  if (!allowed.length || !body.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return {};
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
  const out: Modifications = {};
  for (const key of allowed as (keyof Modifications)[]) {
    const value = (parsed as Record<string, unknown>)[key];
    if (typeof value === 'string') out[key] = value;
    else if (key === 'attributes' && value !== null && typeof value === 'object') out[key] = JSON.stringify(value);
  }
  return out;
}

function formFields(m: Modifications): EventFields {
  const out: EventFields = {};
  for (const [key, value] of Object.entries(m)) out[FORM_NAME[key as keyof Modifications]] = value;
  return out;
}
