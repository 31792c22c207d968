import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { listMessages } from './fake-message-list';

/** One send the router made to Twilio's Messages API. */
export interface CarrierSend {
  accountSid: string;
  /** Basic auth user of the request. */
  username: string;
  from: string;
  to: string;
  body: string | undefined;
  mediaUrls: string[];
  statusCallback: string | undefined;
  /** The SID answered (accepted sends only). */
  sid: string | null;
  status: number;
  at: number;
}

/**
 * What the fake answers to the next sends, in order (then `ok`). An answer with `to` is kept for a
 * send to that recipient, so sends of other tests still in flight cannot take it.
 */
export type CarrierAnswer = { to?: string } & (
  | { kind: 'ok' }
  | { kind: 'error'; status: number; code?: number; retryAfter?: number }
  | { kind: 'delay'; ms: number }
  /** Accept at once (the message exists and is listed), but answer only after `ms`: a lost answer when the sender dies meanwhile. */
  | { kind: 'hold'; ms: number }
  | { kind: 'reset' }
  /** Accept, but post this status callback (signed with `authToken`) before answering: a fast carrier. */
  | { kind: 'early'; status: string; authToken: string }
);

/** A fake of Twilio's Messages API on loopback, for the `twilio` adapter (Twilio-shaped JSON answers). */
export interface FakeCarrier {
  /** Base URL to give as TWILIO_API_URL. */
  readonly url: string;
  /** Every send request, refused ones included. */
  readonly requests: CarrierSend[];
  /** Every GET of the Message list (a worker looking for an interrupted send), as path and query. */
  readonly lookups: string[];
  /** Accepted sends only. */
  accepted(): CarrierSend[];
  queue(...answers: CarrierAnswer[]): void;
  /** Waits until `count` sends matching were accepted. */
  waitForAccepted(predicate: (s: CarrierSend) => boolean, count?: number, timeoutMs?: number): Promise<CarrierSend[]>;
  /** Posts a status callback, signed as Twilio does, to the send's StatusCallback URL. */
  sendStatus(send: CarrierSend, status: string, authToken: string, errorCode?: number): Promise<number>;
  close(): Promise<void>;
}

export async function startFakeCarrier(): Promise<FakeCarrier> {
  const requests: CarrierSend[] = [];
  const lookups: string[] = [];
  const answers: CarrierAnswer[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const [pathname, search = ''] = (req.url ?? '').split('?');
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(pathname);
      if (req.method === 'GET' && match) {
        lookups.push(req.url ?? '');
        const listed = requests
          .filter((r) => r.sid !== null)
          .map((r) => ({ ...r, sid: r.sid!, body: r.body ?? '', numMedia: r.mediaUrls.length }));
        const [status, body] = listMessages(match[1], listed, new URLSearchParams(search));
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        return;
      }
      if (req.method !== 'POST' || !match) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 20404, message: 'Not found', status: 404 }));
        return;
      }
      const form = new URLSearchParams(raw);
      const auth = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      const send: CarrierSend = {
        accountSid: match[1],
        username: auth.split(':')[0],
        from: form.get('From') ?? '',
        to: form.get('To') ?? '',
        body: form.get('Body') ?? undefined,
        mediaUrls: form.getAll('MediaUrl'),
        statusCallback: form.get('StatusCallback') ?? undefined,
        sid: null,
        status: 0,
        at: Date.now(),
      };
      requests.push(send);
      const next = answers.findIndex((a) => a.to === undefined || a.to === send.to);
      const answer: CarrierAnswer = next === -1 ? { kind: 'ok' } : answers.splice(next, 1)[0];
      // Random, as Twilio's: the test database is shared by every test file and their fakes.
      const newSid = () => (send.mediaUrls.length ? 'MM' : 'SM') + randomBytes(16).toString('hex');
      const accept = (sid = newSid()) => {
        send.sid = sid;
        send.status = 201;
        res.writeHead(201, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            sid: send.sid,
            account_sid: send.accountSid,
            from: send.from,
            to: send.to,
            body: send.body ?? '',
            status: 'queued',
            direction: 'outbound-api',
            num_media: String(send.mediaUrls.length),
            num_segments: '1',
            api_version: '2010-04-01',
            date_created: new Date().toUTCString().replace('GMT', '+0000'),
            date_updated: new Date().toUTCString().replace('GMT', '+0000'),
            date_sent: null,
            error_code: null,
            error_message: null,
            price: null,
            uri: `/2010-04-01/Accounts/${send.accountSid}/Messages/${send.sid}.json`,
          }),
        );
      };
      if (answer.kind === 'ok') accept();
      else if (answer.kind === 'early') {
        const sid = newSid();
        void postStatus({ ...send, sid }, answer.status, answer.authToken).then(() => accept(sid));
      } else if (answer.kind === 'delay') setTimeout(() => (res.destroyed ? undefined : accept()), answer.ms);
      else if (answer.kind === 'hold') {
        const sid = newSid();
        send.sid = sid;
        send.status = 201;
        setTimeout(() => (res.destroyed ? undefined : accept(sid)), answer.ms).unref();
      } else if (answer.kind === 'reset') {
        send.status = -1;
        req.socket.destroy();
      } else {
        send.status = answer.status;
        res
          .writeHead(answer.status, {
            'content-type': 'application/json',
            ...(answer.retryAfter !== undefined ? { 'retry-after': String(answer.retryAfter) } : {}),
          })
          .end(
            JSON.stringify({
              code: answer.code ?? answer.status * 100,
              message: `fake carrier answered ${answer.status}`,
              more_info: '',
              status: answer.status,
            }),
          );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    lookups,
    accepted: () => requests.filter((r) => r.sid !== null),
    queue: (...list) => answers.push(...list),
    async waitForAccepted(predicate, count = 1, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const matching = requests.filter((r) => r.sid !== null && predicate(r));
        if (matching.length >= count || Date.now() > deadline) return matching;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    sendStatus: (send, status, authToken, errorCode) => postStatus(send, status, authToken, errorCode),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A status callback signed as Twilio does, to the send's StatusCallback URL (also for the simulator's sends). */
export async function postStatus(
  send: Pick<CarrierSend, 'statusCallback' | 'sid' | 'accountSid' | 'from' | 'to'>,
  status: string,
  authToken: string,
  errorCode?: number,
): Promise<number> {
  if (!send.statusCallback || !send.sid) throw new Error('send has no StatusCallback or was not accepted');
  const params: Record<string, string> = {
    MessageSid: send.sid,
    SmsSid: send.sid,
    MessageStatus: status,
    SmsStatus: status,
    AccountSid: send.accountSid,
    From: send.from,
    To: send.to,
    ApiVersion: '2010-04-01',
    ...(errorCode !== undefined ? { ErrorCode: String(errorCode) } : {}),
  };
  const response = await fetch(send.statusCallback, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, send.statusCallback, params),
    },
    body: new URLSearchParams(params),
  });
  return response.status;
}
