import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { listMessages } from './fake-message-list';

/** One request the fake received, whatever it answered. */
export interface FakeTwilioRequest {
  method: string;
  /** Path and query as requested. */
  path: string;
  /** The AC... of the path; null for a path that is not Messages.json. */
  accountSid: string | null;
  /** HTTP Basic user and password; null without Basic auth. */
  username: string | null;
  password: string | null;
  /** Every form field, each with all its values in order (MediaUrl is repeated). */
  form: Record<string, string[]>;
  /** The request's headers, as Node received them (lower-case names). */
  headers: http.IncomingHttpHeaders;
  /** What the fake answered: an HTTP status, or `reset` when it dropped the connection. */
  answer: number | 'reset';
  /** The SID of an accepted message; null otherwise. */
  sid: string | null;
  at: number;
}

/** What the fake answers to the next sends, in order; `ok` once the queue is empty. GET Messages.json lists the accepted sends. */
export type FakeTwilioAnswer =
  | { kind: 'ok' }
  /** Twilio's error body `{code, message, more_info, status}`, e.g. 400 / 21211. */
  | { kind: 'twilio-error'; status: number; code: number; message?: string }
  /** A 5xx whose body is not Twilio's (a load balancer's page). */
  | { kind: 'server-error'; status: number; body?: string }
  /** 429 with Retry-After (seconds or an HTTP date) and Twilio's 20429 body. */
  | { kind: 'rate-limited'; retryAfter: string; code?: number }
  /** Waits, then answers `then` (default ok). */
  | { kind: 'delay'; ms: number; then?: FakeTwilioAnswer }
  /** Drops the connection without an answer. */
  | { kind: 'reset' };

export interface FakeTwilioApi {
  /** Base URL of the fake Messages API (no trailing slash): give it as CarrierCredentials.apiUrl or TWILIO_API_URL. */
  readonly url: string;
  readonly requests: readonly FakeTwilioRequest[];
  queue(...answers: FakeTwilioAnswer[]): void;
  /** Waits until `count` requests arrived (or the timeout), and returns them all. */
  waitForRequests(count: number, timeoutMs?: number): Promise<readonly FakeTwilioRequest[]>;
  /**
   * Posts a status callback as Twilio does: form-encoded MessageSid, SmsSid, MessageStatus,
   * SmsStatus, AccountSid, From, To, ApiVersion (ErrorCode when given), signed with X-Twilio-Signature
   * over the exact callback URL. From, To and AccountSid come from the accepted send of that SID.
   * Resolves to the receiver's HTTP status.
   */
  sendStatus(callbackUrl: string, sid: string, status: string, errorCode: number | undefined, authToken: string): Promise<number>;
  close(): Promise<void>;
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\.json$/;

const rfc2822 = (date: Date) => date.toUTCString().replace(/GMT$/, '+0000');

function readForm(raw: string): Record<string, string[]> {
  const form: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(raw)) (form[key] ??= []).push(value);
  return form;
}

function basicAuth(header: string | undefined): [string, string] | null {
  const match = /^Basic (.+)$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));

const twilioError = (code: number, status: number, message: string) => ({
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status,
});

/** A fake of Twilio's Messages API on loopback and a random port, answering as programmed. */
export async function startFakeTwilioApi(): Promise<FakeTwilioApi> {
  const requests: FakeTwilioRequest[] = [];
  const answers: FakeTwilioAnswer[] = [];

  const respond = (req: http.IncomingMessage, res: http.ServerResponse, request: FakeTwilioRequest, answer: FakeTwilioAnswer): void => {
    switch (answer.kind) {
      case 'ok': {
        const one = (name: string) => request.form[name]?.[0];
        const mediaUrls = request.form.MediaUrl ?? [];
        // Random, as Twilio's: the test database is shared by every test file and their fakes.
        const sid = (mediaUrls.length ? 'MM' : 'SM') + randomBytes(16).toString('hex');
        const now = rfc2822(new Date());
        const uri = `/2010-04-01/Accounts/${request.accountSid}/Messages/${sid}`;
        request.sid = sid;
        request.answer = 201;
        json(res, 201, {
          sid,
          account_sid: request.accountSid,
          api_version: '2010-04-01',
          from: one('From') ?? null,
          to: one('To') ?? null,
          body: one('Body') ?? '',
          status: 'queued',
          direction: 'outbound-api',
          messaging_service_sid: one('MessagingServiceSid') ?? null,
          num_media: String(mediaUrls.length),
          num_segments: '1',
          price: null,
          price_unit: 'USD',
          error_code: null,
          error_message: null,
          uri: `${uri}.json`,
          subresource_uris: { media: `${uri}/Media.json`, feedback: `${uri}/Feedback.json` },
          date_created: now,
          date_updated: now,
          date_sent: null,
        });
        return;
      }
      case 'twilio-error':
        request.answer = answer.status;
        json(res, answer.status, twilioError(answer.code, answer.status, answer.message ?? `fake Twilio error ${answer.code}`));
        return;
      case 'server-error':
        request.answer = answer.status;
        res
          .writeHead(answer.status, { 'content-type': 'text/html' })
          .end(answer.body ?? `<html><body>${answer.status} upstream error</body></html>`);
        return;
      case 'rate-limited':
        request.answer = 429;
        json(res, 429, twilioError(answer.code ?? 20429, 429, 'Too Many Requests'), { 'retry-after': answer.retryAfter });
        return;
      case 'delay':
        setTimeout(() => {
          if (!res.destroyed) respond(req, res, request, answer.then ?? { kind: 'ok' });
        }, answer.ms);
        return;
      case 'reset':
        request.answer = 'reset';
        req.socket.destroy();
        return;
    }
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const path = req.url ?? '';
      const match = MESSAGES_PATH.exec(path.split('?')[0]);
      const auth = basicAuth(req.headers.authorization);
      const request: FakeTwilioRequest = {
        method: req.method ?? '',
        path,
        accountSid: match?.[1] ?? null,
        username: auth?.[0] ?? null,
        password: auth?.[1] ?? null,
        form: readForm(raw),
        headers: req.headers,
        answer: 0,
        sid: null,
        at: Date.now(),
      };
      requests.push(request);
      if (req.method === 'GET' && match) {
        const accepted = requests
          .filter((r) => r.sid !== null && r.accountSid === match[1])
          .map((r) => ({
            sid: r.sid!,
            accountSid: r.accountSid!,
            from: r.form.From?.[0] ?? '',
            to: r.form.To?.[0] ?? '',
            body: r.form.Body?.[0] ?? '',
            numMedia: r.form.MediaUrl?.length ?? 0,
            at: r.at,
          }));
        const [status, body] = listMessages(match[1], accepted, new URL(path, 'http://fake').searchParams);
        request.answer = status;
        json(res, status, body);
        return;
      }
      if (req.method !== 'POST' || !match) {
        request.answer = 404;
        json(res, 404, twilioError(20404, 404, `The requested resource ${path} was not found`));
        return;
      }
      respond(req, res, request, answers.shift() ?? { kind: 'ok' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    queue: (...list) => {
      answers.push(...list);
    },
    async waitForRequests(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return requests;
    },
    async sendStatus(callbackUrl, sid, status, errorCode, authToken) {
      const send = requests.find((r) => r.sid === sid);
      const params: Record<string, string> = {
        MessageSid: sid,
        SmsSid: sid,
        MessageStatus: status,
        SmsStatus: status,
        AccountSid: send?.accountSid ?? '',
        From: send?.form.From?.[0] ?? '',
        To: send?.form.To?.[0] ?? '',
        ApiVersion: '2010-04-01',
        ...(errorCode !== undefined ? { ErrorCode: String(errorCode) } : {}),
      };
      const response = await fetch(callbackUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, callbackUrl, params),
        },
        body: new URLSearchParams(params),
      });
      await response.arrayBuffer();
      return response.status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
