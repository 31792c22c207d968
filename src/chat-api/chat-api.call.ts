import { Errors } from '../common/errors';
import type { DtoClass } from '../common/params/twilio-param.decorator';
import { TwilioParamsPipe } from '../common/params/twilio-params.pipe';
import type { ActionContext } from '../events/event-types';
import type { RealtimeSession, UpstreamRequest, UpstreamResponse } from '../realtime/realtime.types';
import type { ServiceScope } from '../services/services.types';
import { AimLinks } from './chat-api.links';
import type { PathParams } from './chat-api.routes';

/** One AIM request, as the handlers see it: who asks, in which service, and the links to answer with. */
export interface AimCall {
  readonly session: RealtimeSession;
  readonly request: UpstreamRequest;
  /** Always the session's own service: a path naming another one never reaches a handler. */
  readonly scope: ServiceScope;
  /** Source SDK, webhooks on, ClientIdentity = the session's identity: what Twilio sends for SDK actions. */
  readonly ctx: ActionContext;
  readonly links: AimLinks;
  readonly params: PathParams;
}

export type AimHandler = (call: AimCall) => Promise<UpstreamResponse>;

/** The call of a request on a session: the session's identity acting in its own service, as an SDK action. */
export function aimCall(session: RealtimeSession, request: UpstreamRequest, params: PathParams, publicUrl: string): AimCall {
  return {
    session,
    request,
    params,
    scope: { accountSid: session.accountSid, serviceSid: session.serviceSid, scoped: true },
    ctx: { source: 'SDK', webhooks: true, clientIdentity: session.identity },
    links: new AimLinks(request.host, session.serviceSid, session.identity, publicUrl),
  };
}

export const ok = (body: unknown): UpstreamResponse => ({ status: 200, body });
export const created = (body: unknown): UpstreamResponse => ({ status: 201, body });
export const noContent = (): UpstreamResponse => ({ status: 204 });

/** The JSON object the SDK posts (DELETE sends `{}`); anything else is a 400. */
export function jsonBody(call: AimCall): Record<string, unknown> {
  const body = call.request.body;
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw Errors.invalidParameter('The request body must be a JSON object');
  return body as Record<string, unknown>;
}

/** A query parameter, percent-decoded (the SDK sends the query split but not decoded); the first of repeated ones. */
export function queryParam(call: AimCall, name: string): string | undefined {
  const raw = call.request.params[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw Errors.invalidParameter(`Query parameter ${name} is not percent-encoded correctly`);
  }
}

const pipe = new TwilioParamsPipe();

/**
 * Validates AIM body fields with the REST resource's DTO, so that the SDK gets the same rules and
 * Twilio codes as REST: `fields` maps the AIM (snake_case) names to the DTO's Twilio names. Fields
 * not listed are ignored (the SDK sends some the REST API has no use for, e.g. `access`); null
 * counts as absent; numbers and booleans are given as strings, which the validators convert.
 */
export function validBody<T>(dto: DtoClass & (new () => T), body: Record<string, unknown>, fields: Record<string, string>): T {
  const wire: Record<string, string | string[]> = {};
  for (const [aimName, twilioName] of Object.entries(fields)) {
    const value = body[aimName];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) wire[twilioName] = value.map(asWireValue);
    else wire[twilioName] = asWireValue(value);
  }
  return pipe.transform(wire, { type: 'body', metatype: dto }) as T;
}

function asWireValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // An object where a JSON string is expected (attributes) is taken as its JSON text.
  return JSON.stringify(value);
}
