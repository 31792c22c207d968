import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import type { TwilioError } from '../../common/twilio-error';
import type { TwilsockHeader } from './twilsock-codec';

/**
 * The frames of Twilsock v3 as the `twilsock` 1.0.2 client sends and expects them: schemas for what
 * arrives, builders for what we send. Field names are the wire's (snake_case).
 */

const requestId = z.string().min(1).max(128);

export const initHeader = z.object({
  id: requestId,
  method: z.literal('init'),
  token: z.string().min(1),
  continuation_token: z.string().nullish(),
  capabilities: z.array(z.string()).max(32).nullish(),
  registrations: z.array(z.unknown()).max(32).nullish(),
});
export type InitHeader = z.infer<typeof initHeader>;

export const updateHeader = z.object({ id: requestId, method: z.literal('update'), token: z.string().min(1) });

const stringRecord = z.record(z.string(), z.string());
export const messageHeader = z.object({
  id: requestId,
  method: z.literal('message'),
  active_grant: z.string().max(64).optional(),
  payload_type: z.string().max(256).optional(),
  http_request: z.object({
    host: z.string().max(256),
    path: z.string().startsWith('/').max(4096),
    method: z.string().regex(/^[A-Za-z]{1,16}$/),
    params: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
    headers: stringRecord.optional(),
  }),
});
export type MessageHeader = z.infer<typeof messageHeader>;

/** Acks (the client's reply to our notification, client_update and close frames). */
export const replyHeader = z.object({ id: requestId, method: z.literal('reply'), status: z.object({ code: z.number() }).optional() });

/** Capabilities this server honours; the init reply confirms the ones the client also asked for. */
export const SERVER_CAPABILITIES: readonly string[] = ['client_update', 'telemetry.v1'];

/** A Twilsock status object: transport status of a reply, or the reason of a close. */
export interface TwilsockStatus {
  code: number;
  status: string;
  /** Twilio's error code; the client emits `tokenExpired` when it is 20104. */
  errorCode?: number;
  description?: string;
}

export const newFrameId = () => `TM${randomUUID().replace(/-/g, '')}`;

export function status(code: number, description?: string, errorCode?: number): TwilsockStatus {
  return {
    code,
    status: STATUS_CODES[code] ?? 'Unknown',
    ...(errorCode !== undefined ? { errorCode } : {}),
    ...(description !== undefined ? { description } : {}),
  };
}

export const statusOf = (error: TwilioError): TwilsockStatus => status(error.status, error.message, error.code);

const OK = status(200);

export function reply(id: string, transport: TwilsockStatus = OK): TwilsockHeader {
  return { method: 'reply', id, payload_type: 'application/json', status: transport };
}

export function initReply(
  id: string,
  init: { continuationToken: string; reissued: boolean; capabilities: string[]; registrations: unknown[] },
): TwilsockHeader {
  return {
    ...reply(id),
    continuation_token: init.continuationToken,
    continuation_token_status: { reissued: init.reissued },
    capabilities: init.capabilities,
    init_registrations: init.registrations,
    // No offline storage id: the SDKs then keep no session-storage cache of Sync objects.
    offline_storage: {},
  };
}

/**
 * `statusText` replaces the reason phrase of `http_status.status`: the SDK turns that string into the
 * app's `error.message`, so an error reply carries Twilio's error message there.
 */
export function upstreamReply(
  id: string,
  httpStatus: number,
  httpHeaders: Record<string, string>,
  payloadType: string,
  statusText?: string,
): TwilsockHeader {
  const http = status(httpStatus);
  return {
    ...reply(id),
    payload_type: payloadType,
    http_status: statusText ? { ...http, status: statusText } : http,
    http_headers: httpHeaders,
  };
}

export function notification(messageType: string): TwilsockHeader {
  return { method: 'notification', id: newFrameId(), message_type: messageType, payload_type: 'application/json' };
}

export function tokenAboutToExpire(): TwilsockHeader {
  return { method: 'client_update', id: newFrameId(), client_update_type: 'token_about_to_expire' };
}

export function close(reason: TwilsockStatus): TwilsockHeader {
  return { method: 'close', id: newFrameId(), status: reason };
}
