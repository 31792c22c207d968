import fc from 'fast-check';
import twilio from 'twilio';
import type { CatalogRoute } from './route-catalog';
import { idsFor } from './seed-account';
import { pathTrick, sidLike, strayName, wireValue, nastyText } from './wire-values';

/** A request as sent on the wire: the path is sent byte for byte (no URL normalisation of `..`). */
export interface FuzzRequest {
  route: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** What the fuzzer knows of the account it attacks: real ids to reach deep code, and credentials of every kind. */
export interface FuzzContext {
  baseUrl: string;
  /** Real values by path parameter, keyed `<segment before>/:<name>` (e.g. `Participants/:Sid`) or `:<name>`. */
  ids: Map<string, string[]>;
  basic: string;
  apiKey: string;
  accessToken: string;
  carrierToken: string;
  /** Fields a carrier posts, with real numbers and SIDs among the values. */
  carrierFields: string[];
  carrierValues: string[];
}

const OTHER_METHODS = ['GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS', 'HEAD'];
const WRONG_TYPES = [
  'text/plain',
  'application/json',
  'multipart/form-data; boundary=x',
  'multipart/form-data',
  'application/octet-stream',
  'application/x-www-form-urlencoded; charset=latin1',
  'application/x-www-form-urlencoded;;;',
  'image/png',
  '*/*',
  '',
];

/** encodeURIComponent that takes lone surrogates too (as U+FFFD, the way a UTF-8 encoder sends them). */
const encode = (text: string) => encodeURIComponent(Buffer.from(text, 'utf8').toString('utf8'));
const encodePairs = (pairs: [string, string][]) => new URLSearchParams(pairs).toString().replace(/\+/g, '%20');

function pathFor(ctx: FuzzContext, route: CatalogRoute): fc.Arbitrary<string> {
  const parts = route.pathParams.map((name) => {
    const real = idsFor(ctx.ids, route.url, name);
    return fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...real).map(encode) },
      { weight: 2, arbitrary: sidLike },
      { weight: 1, arbitrary: pathTrick },
      { weight: 1, arbitrary: nastyText.map(encode) },
    );
  });
  const suffix = fc.oneof(
    { weight: 12, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constantFrom('/', '//', '/..', '/.', '.json', '/x', '%2F', '?', '#x') },
  );
  return fc.tuple(fc.tuple(...parts), suffix).map(([values, end]) => {
    let i = 0;
    return route.url.replace(/:\w+/g, () => values[i++]) + end;
  });
}

const pairs = (names: string[], max: number) =>
  fc.array(
    fc.tuple(
      names.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: strayName }) : strayName,
      wireValue,
    ),
    { maxLength: max },
  );

const auth = (ctx: FuzzContext) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant<Record<string, string>>({ authorization: ctx.basic }) },
    { weight: 3, arbitrary: fc.constant<Record<string, string>>({ authorization: ctx.apiKey }) },
    { weight: 3, arbitrary: fc.constant<Record<string, string>>({ 'x-twilio-token': ctx.accessToken }) },
    { weight: 1, arbitrary: fc.constant<Record<string, string>>({}) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('Basic', 'basic', 'Bearer', 'Basic  ', 'Digest')
        .chain((scheme) =>
          fc.string({ unit: 'binary-ascii', maxLength: 60 }).map((s) => ({ authorization: `${scheme} ${s}`.replace(/[^\x20-\x7e]/g, '') })),
        ),
    },
    { weight: 1, arbitrary: nastyText.map((t) => ({ 'x-twilio-token': encode(t) })) },
  );

interface Body {
  contentType?: string;
  bytes: Buffer;
  /** The form pairs, when the body is one (carrier signatures are computed over them). */
  pairs?: [string, string][];
}

const body = (names: string[]): fc.Arbitrary<Body | undefined> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    {
      weight: 10,
      arbitrary: pairs(names, 8).map((p) => ({
        contentType: 'application/x-www-form-urlencoded',
        bytes: Buffer.from(encodePairs(p)),
        pairs: p,
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .string({ unit: 'binary', maxLength: 200 })
        .map((s) => ({ contentType: 'application/x-www-form-urlencoded', bytes: Buffer.from(s) })),
    },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ maxLength: 200 })
        .map((b) => ({ contentType: 'application/x-www-form-urlencoded', bytes: Buffer.from(b) })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...WRONG_TYPES), pairs(names, 4)).map(([contentType, p]) => ({
        contentType,
        bytes: Buffer.from(contentType.includes('json') ? JSON.stringify(Object.fromEntries(p)) : encodePairs(p)),
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('{', '[]', 'null', '"x"', '{"a":1}')
        .map((s) => ({ contentType: 'application/json', bytes: Buffer.from(s) })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(1024 * 1024 + 1, 3 * 1024 * 1024)
        .map((n) => ({ contentType: 'application/x-www-form-urlencoded', bytes: Buffer.alloc(n, 'a') })),
    },
  );

/** Random requests to one route: its own parameters and others, hostile values, every kind of credential. */
export function requestsFor(ctx: FuzzContext, route: CatalogRoute): fc.Arbitrary<FuzzRequest> {
  const carrier = route.url.startsWith('/webhooks/');
  const bodyNames = carrier ? ctx.carrierFields : route.bodyParams;
  const carrierPairs = fc.array(
    fc.tuple(
      fc.constantFrom(...ctx.carrierFields),
      fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ctx.carrierValues) }, { weight: 2, arbitrary: wireValue }),
    ),
    { maxLength: 10 },
  );
  return fc
    .record({
      method: fc.oneof({ weight: 9, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) }),
      path: pathFor(ctx, route),
      query: fc.oneof({ weight: 3, arbitrary: fc.constant<[string, string][]>([]) }, { weight: 2, arbitrary: pairs(route.queryParams, 6) }),
      headers: carrier ? fc.constant<Record<string, string>>({}) : auth(ctx),
      body: carrier
        ? fc.oneof(
            {
              weight: 3,
              arbitrary: carrierPairs.map((p): Body => ({
                contentType: 'application/x-www-form-urlencoded',
                bytes: Buffer.from(encodePairs(p)),
                pairs: p,
              })),
            },
            { weight: 1, arbitrary: body(bodyNames) },
          )
        : body(bodyNames),
      signature: fc.oneof(
        { weight: 4, arbitrary: fc.constant('valid') },
        { weight: 1, arbitrary: fc.constantFrom('', 'AAAA', '=====', 'x'.repeat(5000)) },
      ),
      webhookEnabled: fc.option(fc.constantFrom('true', 'false', 'maybe', ''), { nil: undefined }),
    })
    .map(({ method, path, query, headers, body: b, signature, webhookEnabled }) => {
      const search = query.length ? `${path.includes('?') ? '&' : '?'}${encodePairs(query)}` : '';
      const fullPath = path + search;
      const all: Record<string, string> = { ...headers };
      if (b?.contentType !== undefined) all['content-type'] = b.contentType;
      if (webhookEnabled !== undefined) all['x-twilio-webhook-enabled'] = webhookEnabled;
      if (carrier) {
        const params: Record<string, string | string[]> = {};
        for (const [k, v] of b?.pairs ?? []) params[k] = k in params ? [params[k], v].flat() : v;
        all['x-twilio-signature'] =
          signature === 'valid' ? twilio.getExpectedTwilioSignature(ctx.carrierToken, ctx.baseUrl + fullPath, params) : signature;
      }
      return { route: `${route.method} ${route.url}`, method, path: fullPath, headers: all, body: b?.bytes };
    });
}
