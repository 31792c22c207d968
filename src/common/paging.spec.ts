import {
  decodeCursor,
  encodeCursor,
  filtersOf,
  legacyListBody,
  listBody,
  pageLinks,
  pageRequest,
  sliceRows,
  type PageRequest,
} from './paging';
import { TwilioError } from './twilio-error';

interface Row {
  sid: string;
  n: number;
}

const rows = (...ns: number[]): Row[] => ns.map((n) => ({ sid: `CH${String(n).padStart(32, '0')}`, n }));
const cursorOf = (r: Row): [string, number] => [r.sid, r.n];

function thrown(fn: () => unknown): TwilioError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TwilioError) return err;
    throw err;
  }
  throw new Error('expected a TwilioError');
}

describe('page tokens', () => {
  it('round-trips a next and a previous cursor', () => {
    const next = { dir: 'next' as const, key: ['2024-01-02T03:04:05.000Z', 'CHabc'] };
    const prev = { dir: 'prev' as const, key: [42, 'IMdef'] };
    const a = encodeCursor(next);
    const b = encodeCursor(prev);
    expect(a).toMatch(/^PT[A-Za-z0-9_-]+$/);
    expect(decodeCursor(a, 2)).toEqual(next);
    expect(decodeCursor(b, 2)).toEqual(prev);
  });

  it('makes tokens that survive a query string unchanged (base64url, no padding)', () => {
    const token = encodeCursor({ dir: 'next', key: ['??>>~~', 'ÿÿÿ'] });
    expect(new URLSearchParams(`PageToken=${token}`).get('PageToken')).toBe(token);
  });

  it.each([
    ['no PT prefix', 'XY' + Buffer.from('["n","a","b"]').toString('base64url')],
    ['empty', ''],
    ['PT alone', 'PT'],
    ['not base64 JSON', 'PT!!!notjson'],
    ["Twilio's own SID-style token", 'PTMGf9a4a36b7b901e4a5d325ff1d92c6dcd'],
    ['a JSON object', 'PT' + Buffer.from('{"dir":"n"}').toString('base64url')],
    ['an unknown direction', 'PT' + Buffer.from('["x","a","b"]').toString('base64url')],
    ['a key of objects', 'PT' + Buffer.from('["n",{},"b"]').toString('base64url')],
    ['a key of null', 'PT' + Buffer.from('["n",null,"b"]').toString('base64url')],
  ])('rejects a token that is %s with 400 / 20001', (_what, token) => {
    const err = thrown(() => decodeCursor(token, 2));
    expect(err.code).toBe(20001);
    expect(err.status).toBe(400);
    expect(err.message).toContain('PageToken');
  });

  it('rejects a token made for another list (other key length)', () => {
    const foreign = encodeCursor({ dir: 'next', key: [1, 2, 3] });
    expect(thrown(() => decodeCursor(foreign, 2)).code).toBe(20001);
    expect(thrown(() => decodeCursor(encodeCursor({ dir: 'next', key: ['a'] }), 2)).code).toBe(20001);
  });

  it('pageRequest applies the default size, the per-list maximum and decodes the token', () => {
    expect(pageRequest({}, 100, 2)).toEqual({ size: 50, page: 0, cursor: undefined });
    expect(pageRequest({ pageSize: 500, page: 3 }, 100, 2)).toMatchObject({ size: 100, page: 3 });
    const token = encodeCursor({ dir: 'prev', key: ['a', 'b'] });
    expect(pageRequest({ pageSize: 2, page: 1, pageToken: token }, 100, 2).cursor).toEqual({ dir: 'prev', key: ['a', 'b'] });
    expect(thrown(() => pageRequest({ pageToken: 'garbage' }, 100, 2)).code).toBe(20001);
  });
});

describe('sliceRows', () => {
  it('first page: size + 1 rows mean another page follows, none precedes', () => {
    const req: PageRequest = { size: 2, page: 0 };
    expect(sliceRows(rows(1, 2, 3), req)).toEqual({ items: rows(1, 2), hasNext: true, hasPrev: false });
    expect(sliceRows(rows(1, 2), req)).toEqual({ items: rows(1, 2), hasNext: false, hasPrev: false });
    expect(sliceRows([], req)).toEqual({ items: [], hasNext: false, hasPrev: false });
  });

  it('next cursor: a page precedes; one follows only when size + 1 rows came back', () => {
    const req: PageRequest = { size: 2, page: 1, cursor: { dir: 'next', key: ['x', 2] } };
    expect(sliceRows(rows(3, 4, 5), req)).toEqual({ items: rows(3, 4), hasNext: true, hasPrev: true });
    expect(sliceRows(rows(3), req)).toEqual({ items: rows(3), hasNext: false, hasPrev: true });
  });

  it('previous cursor: rows read backwards come out in display order; a page follows', () => {
    const req: PageRequest = { size: 2, page: 1, cursor: { dir: 'prev', key: ['x', 5] } };
    // Read towards the start: 4, 3, then 2 proves a page before this one.
    expect(sliceRows(rows(4, 3, 2), req)).toEqual({ items: rows(3, 4), hasNext: true, hasPrev: true });
    expect(sliceRows(rows(2, 1), req)).toEqual({ items: rows(1, 2), hasNext: true, hasPrev: false });
  });
});

describe('pageLinks', () => {
  const path = '/v1/Conversations';
  const filters: [string, string][] = [
    ['State', 'active'],
    ['StartDate', '2024-01-01'],
  ];

  it('keeps the caller’s filters in order, then PageSize and Page; no previous on the first page', () => {
    const req: PageRequest = { size: 2, page: 0 };
    const links = pageLinks({ path, filters, req, slice: sliceRows(rows(1, 2, 3), req), cursorOf });
    expect(links.first).toBe('/v1/Conversations?State=active&StartDate=2024-01-01&PageSize=2&Page=0');
    expect(links.current).toBe(links.first);
    expect(links.previous).toBeNull();
    const next = new URL(links.next!, 'http://x');
    expect([...next.searchParams.keys()]).toEqual(['State', 'StartDate', 'PageSize', 'Page', 'PageToken']);
    expect(next.searchParams.get('Page')).toBe('1');
    expect(decodeCursor(next.searchParams.get('PageToken')!, 2)).toEqual({ dir: 'next', key: cursorOf(rows(2)[0]) });
  });

  it('has no next link on the last page', () => {
    const req: PageRequest = { size: 2, page: 0 };
    expect(pageLinks({ path, filters: [], req, slice: sliceRows(rows(1, 2), req), cursorOf }).next).toBeNull();
  });

  it('points page 1 back at the first page, without a token', () => {
    const req: PageRequest = { size: 2, page: 1, cursor: { dir: 'next', key: cursorOf(rows(2)[0]) } };
    const links = pageLinks({ path, filters, req, slice: sliceRows(rows(3, 4), req), cursorOf });
    expect(links.previous).toBe('/v1/Conversations?State=active&StartDate=2024-01-01&PageSize=2&Page=0');
    expect(links.current).toBe(
      `/v1/Conversations?State=active&StartDate=2024-01-01&PageSize=2&Page=1&PageToken=${encodeCursor(req.cursor!)}`,
    );
  });

  it('points deeper pages back with a previous cursor at their first row', () => {
    const req: PageRequest = { size: 2, page: 3, cursor: { dir: 'next', key: cursorOf(rows(6)[0]) } };
    const links = pageLinks({ path, filters, req, slice: sliceRows(rows(7, 8, 9), req), cursorOf });
    const previous = new URL(links.previous!, 'http://x');
    expect(previous.searchParams.get('Page')).toBe('2');
    expect(previous.searchParams.get('State')).toBe('active');
    expect(decodeCursor(previous.searchParams.get('PageToken')!, 2)).toEqual({ dir: 'prev', key: cursorOf(rows(7)[0]) });
    const next = new URL(links.next!, 'http://x');
    expect(next.searchParams.get('Page')).toBe('4');
    expect(decodeCursor(next.searchParams.get('PageToken')!, 2)).toEqual({ dir: 'next', key: cursorOf(rows(8)[0]) });
  });

  it('encodes spaces in filter values as %20 (as Twilio does), not +', () => {
    const req: PageRequest = { size: 50, page: 0 };
    const links = pageLinks({
      path: '/2010-04-01/Accounts.json',
      filters: [['FriendlyName', 'a b+c']],
      req,
      slice: sliceRows([], req),
      cursorOf,
    });
    expect(links.first).toBe('/2010-04-01/Accounts.json?FriendlyName=a%20b%2Bc&PageSize=50&Page=0');
  });
});

describe('filtersOf', () => {
  it('drops the paging parameters whatever their case, keeps the rest in order with repeated values', () => {
    expect(filtersOf({ State: 'active', pagesize: '2', PAGE: '1', PageToken: 'PTx', Identity: ['a', 'b'], Empty: undefined })).toEqual([
      ['State', 'active'],
      ['Identity', 'a'],
      ['Identity', 'b'],
    ]);
    expect(filtersOf(undefined)).toEqual([]);
  });
});

describe('list bodies', () => {
  const req: PageRequest = { size: 2, page: 0 };
  const slice = sliceRows(rows(1, 2, 3), req);
  const location = { path: '/v1/Services', filters: [] as [string, string][] };

  it('v1: items under the key and absolute meta URLs', () => {
    const body = listBody({ key: 'services', origin: 'http://router.test', location, req, slice, map: (r) => r.n, cursorOf });
    expect(body).toEqual({
      services: [1, 2],
      meta: {
        page: 0,
        page_size: 2,
        first_page_url: 'http://router.test/v1/Services?PageSize=2&Page=0',
        previous_page_url: null,
        url: 'http://router.test/v1/Services?PageSize=2&Page=0',
        next_page_url: expect.stringMatching(/^http:\/\/router\.test\/v1\/Services\?PageSize=2&Page=1&PageToken=PT/),
        key: 'services',
      },
    });
  });

  it('2010-04-01: relative *_page_uri fields, start and end', () => {
    const second: PageRequest = { size: 2, page: 1, cursor: { dir: 'next', key: ['a', 1] } };
    const body = legacyListBody({
      key: 'keys',
      location: { path: '/2010-04-01/Accounts/AC1/Keys.json', filters: [] },
      req: second,
      slice: sliceRows(rows(3), second),
      map: (r) => r.n,
      cursorOf,
    });
    expect(body).toMatchObject({
      keys: [3],
      first_page_uri: '/2010-04-01/Accounts/AC1/Keys.json?PageSize=2&Page=0',
      previous_page_uri: '/2010-04-01/Accounts/AC1/Keys.json?PageSize=2&Page=0',
      next_page_uri: null,
      page: 1,
      page_size: 2,
      start: 2,
      end: 2,
    });
  });
});
