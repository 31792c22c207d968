import net from 'node:net';
import type { RunningRouter } from './router';

/** Twilio's error body. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  json: unknown;
}

export interface RawRequest {
  method?: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
  /** Path and query, e.g. `/v1/Conversations?PageSize=2`. */
  path: string;
  /** [username, password] for HTTP Basic; omitted = no Authorization header. */
  auth?: [string, string];
  /** Header value used verbatim instead of `auth`. */
  authorization?: string;
  /** A form body: raw text sent as is, or pairs encoded with %20 like the twilio client. */
  form?: string | [string, string][];
  contentType?: string;
  body?: string | Buffer;
  /** X-Forwarded-For: the client address the router believes (it trusts loopback peers, as a load balancer). */
  forwardedFor?: string;
  /** Further headers, e.g. an access token as `x-twilio-token`. */
  headers?: Record<string, string>;
}

const encodePairs = (pairs: [string, string][]) => new URLSearchParams(pairs).toString().replace(/\+/g, '%20');

/** A hand-built request, for input the official client cannot send (malformed bodies, bad auth). */
export async function raw(router: RunningRouter, req: RawRequest): Promise<RawResponse> {
  const headers: Record<string, string> = {};
  if (req.authorization !== undefined) headers.authorization = req.authorization;
  else if (req.auth) headers.authorization = `Basic ${Buffer.from(`${req.auth[0]}:${req.auth[1]}`).toString('base64')}`;
  let body: string | Buffer | undefined = req.body;
  if (req.form !== undefined) {
    body = typeof req.form === 'string' ? req.form : encodePairs(req.form);
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  if (req.contentType !== undefined) headers['content-type'] = req.contentType;
  if (req.forwardedFor !== undefined) headers['x-forwarded-for'] = req.forwardedFor;
  Object.assign(headers, req.headers);
  const payload =
    typeof body === 'string' || body === undefined ? body : new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength);
  const res = await fetch(router.baseUrl + req.path, {
    method: req.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body: payload,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** The Twilio error of a raw response, asserting its shape. */
export function errorOf(res: RawResponse): TwilioErrorBody {
  const body = res.json as TwilioErrorBody;
  expect(body).toEqual({
    code: expect.any(Number),
    message: expect.any(String),
    more_info: `https://www.twilio.com/docs/errors/${body?.code}`,
    status: res.status,
  });
  return body;
}

/** Bytes written straight to the router's socket, for requests no HTTP client sends; the answer as read until the router closes. */
export async function rawSocket(router: RunningRouter, bytes: string | Buffer): Promise<RawResponse> {
  const { hostname, port } = new URL(router.baseUrl);
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer within 5 s')));
  });
  const [head, text = ''] = answer.split('\r\n\r\n', 2);
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = new Headers(lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()] as [string, string]));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: Number(statusLine.split(' ')[1]), headers, text, json };
}
