import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { transportFor } from './http-request';
import type { OutboundPolicy } from './outbound-policy';

export interface StreamRequest {
  url: URL;
  headers: Record<string, string>;
  /** The whole exchange, redirects and the last byte of the body included. */
  timeoutMs: number;
  /** Where the request and each redirect may go (see OutboundPolicy); none for operator settings. */
  policy?: OutboundPolicy;
  maxRedirects: number;
  /** An answer announcing more than this is refused before its body is read (EBODYTOOLARGE). */
  maxBytes: number;
}

export interface StreamResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  /** The body as it arrives; destroyed with ETIMEDOUT if the time limit passes first. */
  body: Readable;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const failure = (code: string, message: string) => Object.assign(new Error(message), { code });

/**
 * A GET whose body is streamed (media files), following at most `maxRedirects` redirects, each
 * checked by the policy like the first URL. Credentials (Authorization) are not carried to another
 * origin. Rejects with Node's error codes, ETIMEDOUT, ETOOMANYREDIRECTS, EBADREDIRECT,
 * EBODYTOOLARGE or EOUTBOUNDBLOCKED.
 */
export async function httpGetStream(request: StreamRequest): Promise<StreamResponse> {
  const deadline = Date.now() + request.timeoutMs;
  let url = request.url;
  let headers = request.headers;
  for (let redirects = 0; ; redirects++) {
    const res = await getOnce(url, headers, deadline, request.policy);
    const location = res.headers.location;
    if (REDIRECTS.has(res.statusCode ?? 0) && location) {
      res.resume();
      if (redirects >= request.maxRedirects) throw failure('ETOOMANYREDIRECTS', `more than ${request.maxRedirects} redirects`);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw failure('EBADREDIRECT', 'redirect to a malformed URL');
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw failure('EBADREDIRECT', `redirect to a ${next.protocol} URL`);
      if (next.origin !== url.origin) headers = withoutAuthorization(headers);
      url = next;
      continue;
    }
    const announced = Number(res.headers['content-length']);
    if (Number.isFinite(announced) && announced > request.maxBytes) {
      res.destroy();
      throw failure('EBODYTOOLARGE', `answer of ${announced} bytes, more than ${request.maxBytes}`);
    }
    const timer = setTimeout(
      () => res.destroy(failure('ETIMEDOUT', `body not received within ${request.timeoutMs} ms`)),
      Math.max(0, deadline - Date.now()),
    );
    res.once('close', () => clearTimeout(timer));
    return { statusCode: res.statusCode ?? 0, headers: res.headers, body: res };
  }
}

function getOnce(
  url: URL,
  headers: Record<string, string>,
  deadline: number,
  policy: OutboundPolicy | undefined,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    let transport: ReturnType<typeof transportFor>;
    try {
      transport = transportFor(url, policy);
    } catch (err) {
      reject(err as Error);
      return;
    }
    const req = transport.request(url, { method: 'GET', headers, agent: transport.agent }, (res) => {
      clearTimeout(timer);
      resolve(res);
    });
    const timer = setTimeout(() => req.destroy(failure('ETIMEDOUT', 'no answer in time')), Math.max(0, deadline - Date.now()));
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end();
  });
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
}
