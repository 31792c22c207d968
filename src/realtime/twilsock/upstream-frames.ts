import type { UpstreamRequest, UpstreamResponse } from '../realtime.types';
import type { TwilsockHeader } from './twilsock-codec';
import { type MessageHeader, upstreamReply } from './twilsock-frames';

/** The upstream request a `message` frame carries, in the contract's shape. */
export function toUpstreamRequest(header: MessageHeader, body: unknown): UpstreamRequest {
  const http = header.http_request;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(http.headers ?? {})) headers[name.toLowerCase()] = value;
  return {
    id: header.id,
    grant: header.active_grant ?? '',
    host: http.host,
    method: http.method.toUpperCase(),
    path: http.path,
    params: http.params ?? {},
    headers,
    body,
  };
}

/** The reply frame (header and payload) that answers an upstream request. */
export function toUpstreamReply(id: string, response: UpstreamResponse): { header: TwilsockHeader; payload?: string } {
  const text = errorMessage(response);
  const headers: Record<string, string> = { ...response.headers };
  const contentType = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  if (response.body === undefined) {
    return { header: upstreamReply(id, response.status, headers, contentType ?? 'application/json', text) };
  }
  if (typeof response.body === 'string') {
    const type = contentType ?? 'text/plain; charset=utf-8';
    if (!contentType) headers['Content-Type'] = type;
    return { header: upstreamReply(id, response.status, headers, type, text), payload: response.body };
  }
  if (!contentType) headers['Content-Type'] = 'application/json';
  return { header: upstreamReply(id, response.status, headers, 'application/json', text), payload: JSON.stringify(response.body) };
}

/**
 * The message of a Twilio error body (`{code, message, ...}`) answering with a 4xx/5xx: what
 * `http_status.status` carries, since the SDK makes it the error's message (docs/sdk-wire.md 2.3).
 */
function errorMessage(response: UpstreamResponse): string | undefined {
  if (response.status < 400 || !response.body || typeof response.body !== 'object') return undefined;
  const message = (response.body as { message?: unknown }).message;
  return typeof message === 'string' && message.trim() !== '' ? message : undefined;
}
