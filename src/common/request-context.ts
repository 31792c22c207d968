import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { filtersOf } from './paging';

/** Who is calling: set by the auth guard on every authenticated request. */
export interface Principal {
  accountSid: string;
  /** The credential used: the account itself or one of its API keys. */
  credentialSid: string;
  /** API keys act as the account on every resource. */
  isApiKey: boolean;
  /** The auth token and main API keys may manage accounts and keys; standard keys and access tokens may not. */
  canManageAccounts: boolean;
  defaultServiceSid: string;
  /** Set when the caller is a chat user with an access token (X-Twilio-Token): who, and in which service. */
  chatUser?: { identity: string; serviceSid: string | null };
}

export type RouterRequest = FastifyRequest & { principal?: Principal };

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<RouterRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});

/** Where a list lives (path without query) and the filters to carry into its page URLs. */
export interface ListLocation {
  path: string;
  filters: [string, string][];
}

export const CurrentList = createParamDecorator((_: unknown, ctx: ExecutionContext): ListLocation => {
  const req = ctx.switchToHttp().getRequest<RouterRequest>();
  const path = req.url.split('?')[0];
  return { path, filters: filtersOf(req.query as Record<string, unknown>) };
});

/** `X-Twilio-Webhook-Enabled: true` asks REST actions to fire post-event webhooks. */
export const WebhookEnabled = createParamDecorator((_: unknown, ctx: ExecutionContext): boolean => {
  const header = ctx.switchToHttp().getRequest<RouterRequest>().headers['x-twilio-webhook-enabled'];
  return (Array.isArray(header) ? header[0] : header)?.trim().toLowerCase() === 'true';
});
