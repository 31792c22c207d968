import { Errors } from './errors';
import { Int, Text } from './params/validators';
import { TwilioParam } from './params/twilio-param.decorator';

/** PageSize / Page / PageToken, accepted by every list. */
export class PageQuery {
  @TwilioParam('PageSize')
  @Int(1, 1_000_000)
  pageSize?: number;

  @TwilioParam('Page')
  @Int(0)
  page?: number;

  @TwilioParam('PageToken')
  @Text(512)
  pageToken?: string;
}

/** A keyset position: the sort key of the row a page starts after (next) or before (previous). */
export type Cursor = { dir: 'next' | 'prev'; key: (string | number)[] };

/**
 * Page tokens are keyset positions, not offsets, so page 1,000 costs what page 1 does:
 * `PT` + base64url(JSON [direction, ...key]). Opaque to clients.
 */
export function encodeCursor(cursor: Cursor): string {
  return 'PT' + Buffer.from(JSON.stringify([cursor.dir === 'next' ? 'n' : 'p', ...cursor.key])).toString('base64url');
}

export function decodeCursor(token: string, keyArity: number): Cursor {
  const invalid = () => Errors.invalidParameter(`PageToken '${token}' is not valid for this list; use the page URLs the API returns`);
  if (!token.startsWith('PT')) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token.slice(2), 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== keyArity + 1 ||
    (parsed[0] !== 'n' && parsed[0] !== 'p') ||
    !parsed.slice(1).every((v) => typeof v === 'string' || typeof v === 'number')
  ) {
    throw invalid();
  }
  return { dir: parsed[0] === 'n' ? 'next' : 'prev', key: parsed.slice(1) as (string | number)[] };
}

/** What a repository needs to read one page. */
export interface PageRequest {
  size: number;
  page: number;
  cursor?: Cursor;
}

export function pageRequest(query: PageQuery, maxSize: number, keyArity: number): PageRequest {
  return {
    size: Math.min(query.pageSize ?? 50, maxSize),
    page: query.page ?? 0,
    cursor: query.pageToken ? decodeCursor(query.pageToken, keyArity) : undefined,
  };
}

/**
 * The rows a repository read for a page: it asks for size + 1 rows in the direction of the cursor so
 * that it knows whether another page follows, and returns them in display order.
 */
export interface PageSlice<T> {
  items: T[];
  hasNext: boolean;
  hasPrev: boolean;
}

/** Turns size + 1 rows read in cursor direction into display-ordered items and both has-more flags. */
export function sliceRows<T>(rows: T[], req: PageRequest): PageSlice<T> {
  const more = rows.length > req.size;
  const items = more ? rows.slice(0, req.size) : rows;
  if (req.cursor?.dir === 'prev') {
    return { items: items.reverse(), hasPrev: more, hasNext: true };
  }
  return { items, hasNext: more, hasPrev: req.cursor !== undefined };
}

/** Relative links (path + query) of a page: first, previous, this one, next. */
export interface PageLinks {
  first: string;
  previous: string | null;
  current: string;
  next: string | null;
}

/** Page links that keep the caller's filters (`filters`, wire-named, in the caller's order). */
export function pageLinks<T>(args: {
  path: string;
  filters: [string, string][];
  req: PageRequest;
  slice: PageSlice<T>;
  cursorOf: (item: T) => (string | number)[];
}): PageLinks {
  const { path, filters, req, slice, cursorOf } = args;
  const build = (page: number, token?: string) => {
    const params = new URLSearchParams(filters);
    params.set('PageSize', String(req.size));
    params.set('Page', String(page));
    if (token) params.set('PageToken', token);
    return `${path}?${params.toString().replace(/\+/g, '%20')}`;
  };
  const first = slice.items[0];
  const last = slice.items[slice.items.length - 1];
  let previous: string | null = null;
  if (slice.hasPrev) {
    previous = req.page > 1 && first !== undefined ? build(req.page - 1, encodeCursor({ dir: 'prev', key: cursorOf(first) })) : build(0);
  }
  return {
    first: build(0),
    previous,
    current: build(req.page, req.cursor ? encodeCursor(req.cursor) : undefined),
    next: slice.hasNext && last !== undefined ? build(req.page + 1, encodeCursor({ dir: 'next', key: cursorOf(last) })) : null,
  };
}

export interface ListMeta {
  page: number;
  page_size: number;
  first_page_url: string;
  previous_page_url: string | null;
  url: string;
  next_page_url: string | null;
  key: string;
}

const PAGING_PARAMS = new Set(['pagesize', 'page', 'pagetoken']);

/** The caller's query parameters other than the paging ones, in the caller's order and spelling. */
export function filtersOf(query: Record<string, unknown> | undefined): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(query ?? {})) {
    if (PAGING_PARAMS.has(k.toLowerCase()) || v === undefined) continue;
    for (const value of Array.isArray(v) ? v : [v]) out.push([k, String(value)]);
  }
  return out;
}

type ListArgs<T, W> = {
  key: string;
  location: { path: string; filters: [string, string][] };
  req: PageRequest;
  slice: PageSlice<T>;
  map: (item: T) => W;
  cursorOf: (item: T) => (string | number)[];
};

/** A v1 list body: `{<key>: [...], meta}` with absolute page URLs. */
export function listBody<T, W>(args: ListArgs<T, W> & { origin: string }): Record<string, unknown> {
  const { key, origin, location, req, slice, map, cursorOf } = args;
  const links = pageLinks({ path: location.path, filters: location.filters, req, slice, cursorOf });
  const abs = (link: string | null) => (link === null ? null : origin + link);
  const meta: ListMeta = {
    page: req.page,
    page_size: req.size,
    first_page_url: abs(links.first)!,
    previous_page_url: abs(links.previous),
    url: abs(links.current)!,
    next_page_url: abs(links.next),
    key,
  };
  return { [key]: slice.items.map(map), meta };
}

/** A 2010-04-01 list body: records plus relative `*_page_uri` fields, as twilio-node reads them. */
export function legacyListBody<T, W>(args: ListArgs<T, W>): Record<string, unknown> {
  const { key, location, req, slice, map, cursorOf } = args;
  const links = pageLinks({ path: location.path, filters: location.filters, req, slice, cursorOf });
  const start = req.page * req.size;
  return {
    [key]: slice.items.map(map),
    first_page_uri: links.first,
    previous_page_uri: links.previous,
    next_page_uri: links.next,
    uri: links.current,
    page: req.page,
    page_size: req.size,
    start,
    end: start + Math.max(slice.items.length - 1, 0),
  };
}
