import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import type { MessageInstance } from 'twilio/lib/rest/api/v2010/account/message';
import { httpRequest } from '../../common/http-request';
import { carrierField, carrierInt, carrierSid, MAX_INT32 } from './carrier-fields';
import { encodeForm } from './carrier-form';
import {
  CarrierError,
  type CarrierCredentials,
  type CarrierMessage,
  type OutboundMessage,
  type SendResult,
  type SentQuery,
  type StatusUpdate,
} from '../channel-adapter';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/**
 * The official client's HTTP layer pointed at a Messages API base URL (Twilio's, or a compatible
 * carrier such as the simulator), raising CarrierError with the status, the carrier's code and
 * Retry-After, which RestException would drop. Requests go through httpRequest (node:http);
 * with HTTP_PROXY or TWILIO_CA_BUNDLE set they go through the package's own transport, which
 * honours both.
 */
class CarrierRequestClient extends twilio.RequestClient {
  private static readonly TIMEOUT_MS = 15_000;
  private readonly viaPackage = Boolean(process.env.HTTP_PROXY || process.env.TWILIO_CA_BUNDLE);

  constructor(private readonly apiUrl: URL) {
    super({ timeout: CarrierRequestClient.TIMEOUT_MS, keepAlive: true });
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const target = new URL(opts.uri);
    const url = new URL(this.apiUrl.origin + this.apiUrl.pathname.replace(/\/$/, '') + target.pathname + target.search);
    let response: { statusCode: number; body: unknown; headers: Record<string, unknown> };
    try {
      response = this.viaPackage ? await super.request({ ...opts, uri: url.href }) : await this.send(opts, url);
    } catch (err) {
      const e = err as { code?: string; message?: string };
      throw new CarrierError(`carrier unreachable: ${e.code ?? e.message}`, { network: true });
    }
    if (response.statusCode >= 400) {
      const body = parseBody(response.body);
      throw new CarrierError(body?.message ?? `carrier answered ${response.statusCode}`, {
        httpStatus: response.statusCode,
        code: typeof body?.code === 'number' ? body.code : undefined,
        retryAfterMs: retryAfterMs(response.headers?.['retry-after'] ?? response.headers?.['Retry-After']),
      });
    }
    return response as Response<TData>;
  }

  private async send<TData>(opts: RequestClient.RequestOptions<TData>, url: URL) {
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string> | undefined) };
    if (!headers.Connection && !headers.connection) headers.Connection = 'keep-alive';
    if (opts.username && opts.password)
      headers.Authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`;
    else if (opts.authStrategy) headers.Authorization = await opts.authStrategy.getAuthString();
    if (opts.params)
      for (const [name, value] of new URLSearchParams(encodeForm(opts.params as Record<string, unknown>)))
        url.searchParams.append(name, value);
    return httpRequest({
      method: opts.method,
      url,
      headers,
      body: requestBody(opts.data, headers['Content-Type']),
      timeoutMs: opts.timeout ?? CarrierRequestClient.TIMEOUT_MS,
    });
  }
}

/** The body as the package's transport would send it: a form, or JSON, by Content-Type. */
function requestBody(data: unknown, contentType: string | undefined): string | undefined {
  if (!data) return undefined;
  if (contentType === 'application/x-www-form-urlencoded') return encodeForm(data as Record<string, unknown>);
  if (contentType === 'application/json') return JSON.stringify(data);
  return undefined;
}

function parseBody(body: unknown): { message?: string; code?: unknown } | null {
  if (body && typeof body === 'object') return body as { message?: string; code?: unknown };
  if (typeof body !== 'string') return null;
  try {
    return JSON.parse(body) as { message?: string; code?: unknown };
  } catch {
    return null;
  }
}

/**
 * Retry-After (RFC 9110: delay-seconds or an HTTP-date), in milliseconds. Anything else (empty,
 * negative, junk) is undefined, so that the caller's own backoff applies rather than "retry now".
 */
export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // Every HTTP-date form names its day and month in letters; bare numbers are not dates here.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const clients = new Map<string, twilio.Twilio>();

/** One official client per (credentials, base URL): its keep-alive agent is reused across sends. */
function clientFor(credentials: CarrierCredentials): twilio.Twilio {
  const key = `${credentials.apiUrl}\u0000${credentials.accountSid}\u0000${credentials.authToken}`;
  let client = clients.get(key);
  if (!client) {
    client = twilio(credentials.accountSid, credentials.authToken, {
      accountSid: credentials.accountSid,
      httpClient: new CarrierRequestClient(new URL(credentials.apiUrl)),
      autoRetry: false,
    });
    clients.set(key, client);
  }
  return client;
}

/** What a call through the official client threw, as a CarrierError (its own, or the client's as an unexpected answer). */
function asCarrierError(err: unknown): CarrierError {
  if (err instanceof CarrierError) return err;
  return new CarrierError(`unexpected carrier answer: ${(err as Error).message}`, {
    network: NETWORK_CODES.has((err as { code?: string }).code ?? ''),
  });
}

/** POST /2010-04-01/Accounts/{AC}/Messages.json through the official client. */
export async function sendThroughMessagesApi(message: OutboundMessage, credentials: CarrierCredentials): Promise<SendResult> {
  try {
    const sent = await clientFor(credentials).messages.create({
      from: message.from,
      to: message.to,
      ...(message.body !== null && message.body !== '' ? { body: message.body } : {}),
      ...(message.mediaUrls.length ? { mediaUrl: message.mediaUrls } : {}),
      statusCallback: message.statusCallback,
    });
    return { channelMessageSid: sent.sid };
  } catch (err) {
    throw asCarrierError(err);
  }
}

/** What a lookup reads of a page of the official client's message list. */
interface ListedPage {
  instances: MessageInstance[];
  nextPageUrl?: string;
  nextPage(): Promise<ListedPage> | undefined;
}

/** A lookup reads at most this many pages (of LOOKUP_PAGE_SIZE): one sender to one recipient within minutes. */
const LOOKUP_MAX_PAGES = 10;
const LOOKUP_PAGE_SIZE = 100;

/**
 * GET /2010-04-01/Accounts/{AC}/Messages.json?To=&From=&DateSent>= through the official client,
 * following next_page_uri. Twilio filters DateSent by the second (the client sends whole seconds).
 */
export async function listSentThroughMessagesApi(query: SentQuery, credentials: CarrierCredentials): Promise<CarrierMessage[]> {
  const found: CarrierMessage[] = [];
  try {
    let page: ListedPage = await clientFor(credentials).messages.page({
      to: query.to,
      from: query.from,
      dateSentAfter: query.since,
      pageSize: LOOKUP_PAGE_SIZE,
    });
    for (let read = 1; ; read++) {
      for (const m of page.instances) {
        found.push({
          sid: m.sid,
          from: m.from,
          to: m.to,
          body: m.body ?? '',
          numMedia: Number(m.numMedia ?? 0),
          direction: m.direction,
          dateCreated: m.dateCreated ?? null,
        });
      }
      if (read >= LOOKUP_MAX_PAGES || !page.nextPageUrl) break;
      const next = await page.nextPage();
      if (!next) break;
      page = next;
    }
  } catch (err) {
    throw asCarrierError(err);
  }
  return found;
}

/** GET /2010-04-01/Accounts/{AC}/Messages/{Sid}.json through the official client: the message's status now. */
export async function fetchStatusThroughMessagesApi(channelMessageSid: string, credentials: CarrierCredentials): Promise<StatusUpdate> {
  let message: MessageInstance;
  try {
    message = await clientFor(credentials).messages(channelMessageSid).fetch();
  } catch (err) {
    throw asCarrierError(err);
  }
  const code = typeof message.errorCode === 'number' && message.errorCode > 0 ? message.errorCode : null;
  return { channelMessageSid, status: receiptStatusOf(String(message.status ?? '')) ?? null, errorCode: code };
}

const STATUS: Record<string, StatusUpdate['status']> = {
  queued: null,
  accepted: null,
  scheduled: null,
  sending: null,
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
  undelivered: 'undelivered',
  canceled: 'failed',
};

/** The receipt status a Twilio message status maps to (null: one that moves no receipt), undefined for an unknown one. */
function receiptStatusOf(twilioStatus: string): StatusUpdate['status'] | undefined {
  const key = twilioStatus.toLowerCase();
  return Object.hasOwn(STATUS, key) ? STATUS[key] : undefined;
}

/**
 * A Twilio-style status callback (MessageSid, MessageStatus or SmsStatus, ErrorCode). A malformed SID
 * is a 400 (TwilioError); a junk or out-of-range ErrorCode counts as none.
 */
export function parseTwilioStatusCallback(form: Record<string, string | string[]>): StatusUpdate | null {
  const sid = carrierSid(form, ['MessageSid', 'SmsSid']);
  const status = receiptStatusOf(carrierField(form, 'MessageStatus') ?? carrierField(form, 'SmsStatus') ?? '');
  if (!sid || status === undefined) return null;
  const code = carrierInt(carrierField(form, 'ErrorCode'), MAX_INT32);
  return { channelMessageSid: sid, status, errorCode: code && code > 0 ? code : null };
}
