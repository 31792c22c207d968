import { Injectable, OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { Errors } from '../common/errors';
import { TwilioError } from '../common/twilio-error';
import { UpstreamRouter } from '../realtime/upstream-router';
import type { RealtimeSession, UpstreamHandler, UpstreamRequest, UpstreamResponse } from '../realtime/realtime.types';
import { SyncProjection } from './sync-projection';
import type { SyncObjectType } from './sync-objects';
import { SyncSubscriptions } from './sync-subscriptions';

/** Subscriptions per POST (`max_batch_size`, which the SDK honours) and per session. */
export const MAX_BATCH_SIZE = 100;
export const MAX_SUBSCRIPTIONS_PER_SESSION = 5_000;
/** The SDK re-pokes a subscription whose outcome did not arrive within this time. */
const ESTIMATED_DELIVERY_MS = 5_000;
const MAX_PAGE_SIZE = 100;

const TYPES: Record<string, SyncObjectType> = { Documents: 'document', Lists: 'list', Maps: 'map' };
const ROOT = /^\/v3\/(Documents|Lists|Maps)\/([^/]+)$/;
const ITEMS = /^\/v3\/(Lists|Maps)\/([^/]+)\/Items(?:\/([^/]+))?$/;

const subscriptionBody = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('establish'),
    correlation_id: z.number().int(),
    requests: z
      .array(
        z.object({
          object_sid: z.string().min(1).max(64),
          object_type: z.enum(['document', 'list', 'map']),
          last_event_id: z.number().int().min(0).nullish(),
        }),
      )
      .max(MAX_BATCH_SIZE),
  }),
  z.object({
    action: z.literal('cancel'),
    correlation_id: z.number().int(),
    requests: z
      .array(z.object({ object_sid: z.string().min(1).max(64), object_type: z.enum(['document', 'list', 'map']) }))
      .max(MAX_BATCH_SIZE),
  }),
]);

const json = (status: number, body: unknown): UpstreamResponse => ({ status, headers: { 'Content-Type': 'application/json' }, body });
const badRequest = (message: string) => new TwilioError(54011, 400, message);

/**
 * The Sync (CDS) API the Conversations SDK tunnels through its socket (docs/sdk-wire.md 3): object
 * descriptors and item pages (`/v3`), subscriptions (`/v4/Subscriptions`). Read-only: Sync objects
 * are projections of conversations and users, written by the domain, never by clients.
 */
@Injectable()
export class CdsHandler implements UpstreamHandler, OnModuleInit {
  constructor(
    private readonly router: UpstreamRouter,
    private readonly projection: SyncProjection,
    private readonly subscriptions: SyncSubscriptions,
  ) {}

  onModuleInit(): void {
    this.router.register('/v3', this);
    this.router.register('/v4/Subscriptions', this);
  }

  async handle(session: RealtimeSession, request: UpstreamRequest): Promise<UpstreamResponse> {
    if (request.path === '/v4/Subscriptions') {
      if (request.method !== 'POST') throw Errors.methodNotAllowed(request.method, request.path);
      return this.subscribe(session, request.body);
    }
    if (request.method !== 'GET') throw Errors.methodNotAllowed(request.method, request.path);
    const params = decodeParams(request.params);
    const root = ROOT.exec(request.path);
    if (root) {
      const type = TYPES[root[1]];
      const ref = await this.projection.open(session, decode(root[2]), type);
      return json(200, await this.projection.descriptor(ref, request.host, params.Include === 'items'));
    }
    const items = ITEMS.exec(request.path);
    if (items) {
      const type = TYPES[items[1]];
      const ref = await this.projection.open(session, decode(items[2]), type);
      if (ref.kind === 'conversation') throw Errors.notFound(request.path);
      if (items[3] !== undefined) {
        const page = await this.projection.page(ref, request.host, { order: 'asc', size: 1, key: decode(items[3]) });
        if (!page.items.length)
          throw new TwilioError(
            type === 'list' ? 54151 : 54201,
            404,
            `The specified ${type === 'list' ? 'List' : 'Map'} Item does not exist`,
          );
        return json(200, page.items[0]);
      }
      const query = pageQuery(params, type);
      const page = await this.projection.page(ref, request.host, query);
      return json(200, {
        items: page.items,
        meta: {
          next_token: page.next === null ? null : token({ f: page.next, o: query.order }),
          previous_token: page.previous === null ? null : token({ f: page.previous, o: query.order === 'asc' ? 'desc' : 'asc', x: 1 }),
        },
      });
    }
    throw Errors.notFound(request.path);
  }

  private subscribe(session: RealtimeSession, body: unknown): UpstreamResponse {
    const parsed = subscriptionBody.safeParse(body);
    if (!parsed.success) throw badRequest(`Invalid subscription request: ${parsed.error.issues[0]?.message ?? 'malformed'}`);
    const { action, correlation_id: correlationId } = parsed.data;
    if (parsed.data.action === 'cancel') {
      const requests = parsed.data.requests.map((r) => ({ objectSid: r.object_sid, objectType: r.object_type }));
      setImmediate(() => this.subscriptions.cancel(session, correlationId, requests));
      return json(202, { estimated_delivery_in_ms: ESTIMATED_DELIVERY_MS, max_batch_size: MAX_BATCH_SIZE, ttl_in_s: -1 });
    }
    const requests = parsed.data.requests.map((r) => ({
      objectSid: r.object_sid,
      objectType: r.object_type,
      lastEventId: r.last_event_id ?? 0,
    }));
    if (this.subscriptions.count(session.id) + requests.length > MAX_SUBSCRIPTIONS_PER_SESSION) {
      throw new TwilioError(54009, 429, `A connection may hold at most ${MAX_SUBSCRIPTIONS_PER_SESSION} subscriptions`);
    }
    // The outcomes are pushed after this answer (the SDK waits for them up to estimated_delivery_in_ms).
    setImmediate(() => this.subscriptions.establish(session, correlationId, requests));
    return json(202, { estimated_delivery_in_ms: ESTIMATED_DELIVERY_MS, max_batch_size: MAX_BATCH_SIZE, ttl_in_s: -1, action });
  }
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`Malformed path segment: ${segment}`);
  }
}

/** The query parameters, percent-decoded (the SDK sends them as it built them); the last of a repeated key. */
function decodeParams(params: Readonly<Record<string, string | string[]>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    out[key] = decode(last.replace(/\+/g, ' '));
  }
  return out;
}

interface PageToken {
  f: string;
  o: 'asc' | 'desc';
  x?: 1;
}

const token = (t: PageToken) => Buffer.from(JSON.stringify(t)).toString('base64url');

function pageQuery(params: Record<string, string>, type: SyncObjectType) {
  const size = params.PageSize === undefined ? 50 : Number(params.PageSize);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE)
    throw badRequest(`PageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  if (params.PageToken !== undefined) {
    const t = readToken(params.PageToken);
    return { from: t.f, order: t.o, size, exclusive: t.x === 1 };
  }
  const order = params.Order ?? 'asc';
  if (order !== 'asc' && order !== 'desc') throw badRequest('Order must be asc or desc');
  const key = type === 'list' ? params.Index : params.Key;
  const from = params.From;
  if (type === 'list') {
    for (const [name, value] of [
      ['Index', key],
      ['From', from],
    ] as const) {
      if (value !== undefined && !/^\d{1,9}$/.test(value)) throw badRequest(`${name} must be a list index`);
    }
  }
  return { from, order: order as 'asc' | 'desc', size, key };
}

function readToken(raw: string): PageToken {
  try {
    const t = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as PageToken;
    if (typeof t.f === 'string' && (t.o === 'asc' || t.o === 'desc')) return t;
  } catch {
    // falls through to the error
  }
  throw badRequest('Invalid PageToken');
}
