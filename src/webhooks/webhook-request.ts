import twilio from 'twilio';
import { httpRequest, type HttpResponse } from '../common/http-request';
import type { OutboundPolicy } from '../common/outbound-policy';

export interface WebhookResponse {
  status: number;
  body: string;
}

/**
 * Thrown when the receiver could not be reached, did not answer within the time limit, or is a
 * destination the outbound policy refuses (`blocked`: not retried).
 */
export class WebhookUnreachable extends Error {
  constructor(
    readonly reason: 'timeout' | 'network' | 'blocked',
    detail: string,
  ) {
    super(`webhook ${reason}: ${detail}`);
  }
}

/**
 * One signed webhook request as Twilio sends them: form-encoded POST (or GET with the fields in the
 * query), X-Twilio-Signature with the account's auth token over the full URL (+ sorted fields for
 * POST), and I-Twilio-Idempotency-Token, stable across retries, when given.
 */
export async function sendWebhook(args: {
  url: string;
  method: 'GET' | 'POST';
  params: Record<string, string>;
  authToken: string;
  idempotencyToken?: string;
  timeoutMs: number;
  /** Where the request may go (webhooks are set by accounts: see OutboundPolicy). */
  policy?: OutboundPolicy;
}): Promise<WebhookResponse> {
  const { method, params, authToken, idempotencyToken, timeoutMs, policy } = args;
  let target: URL;
  try {
    target = new URL(args.url);
  } catch {
    throw new WebhookUnreachable('network', `not a URL: ${args.url}`);
  }
  let body: string | undefined;
  let signature: string;
  if (method === 'GET') {
    for (const [k, v] of Object.entries(params)) target.searchParams.append(k, v);
    signature = twilio.getExpectedTwilioSignature(authToken, target.toString(), {});
  } else {
    body = new URLSearchParams(params).toString();
    signature = twilio.getExpectedTwilioSignature(authToken, args.url, params);
  }
  const headers: Record<string, string> = { 'x-twilio-signature': signature, 'user-agent': 'TwilioProxy/1.1', accept: '*/*' };
  if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
  if (idempotencyToken) headers['i-twilio-idempotency-token'] = idempotencyToken;
  let response: HttpResponse;
  try {
    response = await httpRequest({ method, url: target, headers, body, timeoutMs, policy });
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code === 'ETIMEDOUT') throw new WebhookUnreachable('timeout', `no answer within ${timeoutMs} ms`);
    if (e.code === 'EOUTBOUNDBLOCKED') throw new WebhookUnreachable('blocked', e.message);
    throw new WebhookUnreachable('network', e.code ?? e.message);
  }
  return { status: response.statusCode, body: response.body };
}
