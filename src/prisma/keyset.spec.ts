import type { PageRequest } from '../common/paging';
import { TwilioError } from '../common/twilio-error';
import { dateSidKey, keysetOrder, keysetWhere } from './keyset';

const fields: [string, string] = ['dateCreated', 'sid'];
const at = new Date('2024-01-02T03:04:05.678Z');
const sid = `CH${'a'.repeat(32)}`;

describe('keyset paging', () => {
  it('dateSidKey writes the (ISO date, SID) key', () => {
    expect(dateSidKey({ dateCreated: at, sid })).toEqual(['2024-01-02T03:04:05.678Z', sid]);
  });

  it('no cursor: no condition, ascending (or descending) order', () => {
    const first: PageRequest = { size: 2, page: 0 };
    expect(keysetWhere(first, fields)).toEqual({});
    expect(keysetOrder(first, fields)).toEqual([{ dateCreated: 'asc' }, { sid: 'asc' }]);
    expect(keysetOrder(first, fields, true)).toEqual([{ dateCreated: 'desc' }, { sid: 'desc' }]);
  });

  it('next cursor: rows after the key, read forwards', () => {
    const next: PageRequest = { size: 2, page: 1, cursor: { dir: 'next', key: dateSidKey({ dateCreated: at, sid }) } };
    expect(keysetWhere(next, fields)).toEqual({ OR: [{ dateCreated: { gt: at } }, { dateCreated: at, sid: { gt: sid } }] });
    expect(keysetOrder(next, fields)).toEqual([{ dateCreated: 'asc' }, { sid: 'asc' }]);
    // Newest first: "after" means older.
    expect(keysetWhere(next, fields, true)).toEqual({ OR: [{ dateCreated: { lt: at } }, { dateCreated: at, sid: { lt: sid } }] });
    expect(keysetOrder(next, fields, true)).toEqual([{ dateCreated: 'desc' }, { sid: 'desc' }]);
  });

  it('previous cursor: rows before the key, read backwards', () => {
    const prev: PageRequest = { size: 2, page: 2, cursor: { dir: 'prev', key: dateSidKey({ dateCreated: at, sid }) } };
    expect(keysetWhere(prev, fields)).toEqual({ OR: [{ dateCreated: { lt: at } }, { dateCreated: at, sid: { lt: sid } }] });
    expect(keysetOrder(prev, fields)).toEqual([{ dateCreated: 'desc' }, { sid: 'desc' }]);
    expect(keysetWhere(prev, fields, true)).toEqual({ OR: [{ dateCreated: { gt: at } }, { dateCreated: at, sid: { gt: sid } }] });
    expect(keysetOrder(prev, fields, true)).toEqual([{ dateCreated: 'asc' }, { sid: 'asc' }]);
  });

  it.each([
    ['a number for the date', [123, sid]],
    ['a string that is not a date', ['not-a-date', sid]],
    ['an impossible date', ['2021-13-99T00:00:00Z', sid]],
    ['a number for the SID', ['2024-01-02T03:04:05.678Z', 5]],
  ])('a forged cursor with %s is 400 / 20001', (_what, key) => {
    const page: PageRequest = { size: 2, page: 1, cursor: { dir: 'next', key } };
    let error: unknown;
    try {
      keysetWhere(page, fields);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TwilioError);
    expect(error).toMatchObject({ code: 20001, status: 400, message: expect.stringContaining('PageToken') });
  });
});
