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
  const headers: Record<string, string> = { ...response.headers };
  const contentType = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  if (response.body === undefined) {
    return { header: upstreamReply(id, response.status, headers, contentType ?? 'application/json') };
  }
  if (typeof response.body === 'string') {
    const type = contentType ?? 'text/plain; charset=utf-8';
    if (!contentType) headers['Content-Type'] = type;
    return { header: upstreamReply(id, response.status, headers, type), payload: response.body };
  }
  if (!contentType) headers['Content-Type'] = 'application/json';
  return { header: upstreamReply(id, response.status, headers, 'application/json'), payload: JSON.stringify(response.body) };
}
