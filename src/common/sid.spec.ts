import { isSid, newSecret, newSid, normalizeSid, SidPrefix } from './sid';

describe('SIDs', () => {
  it('newSid: the prefix and 32 lowercase hex digits, never twice the same', () => {
    const sids = new Set(Array.from({ length: 1000 }, () => newSid(SidPrefix.Conversation)));
    expect(sids.size).toBe(1000);
    for (const sid of sids) expect(sid).toMatch(/^CH[0-9a-f]{32}$/);
    expect(newSid(SidPrefix.Participant)).toMatch(/^MB[0-9a-f]{32}$/);
  });

  it('newSecret: 32 lowercase hex digits', () => {
    expect(newSecret()).toMatch(/^[0-9a-f]{32}$/);
    expect(newSecret()).not.toBe(newSecret());
  });

  it('isSid checks the shape, and the prefix when one is given', () => {
    const ch = `CH${'a1'.repeat(16)}`;
    expect(isSid(ch)).toBe(true);
    expect(isSid(ch, SidPrefix.Conversation)).toBe(true);
    expect(isSid(ch, SidPrefix.Service)).toBe(false);
    expect(isSid(`CH${'A1'.repeat(16)}`, SidPrefix.Conversation)).toBe(true);
  });

  it.each([
    ['too short', `CH${'a'.repeat(31)}`],
    ['too long', `CH${'a'.repeat(33)}`],
    ['not hex', `CH${'g'.repeat(32)}`],
    ['a lowercase prefix', `ch${'a'.repeat(32)}`],
    ['surrounded by spaces', ` CH${'a'.repeat(32)} `],
    ['empty', ''],
  ])('isSid rejects a value %s', (_what, value) => {
    expect(isSid(value)).toBe(false);
  });

  it('isSid rejects values that are not strings', () => {
    expect(isSid(undefined)).toBe(false);
    expect(isSid(42)).toBe(false);
    expect(isSid({ sid: `CH${'a'.repeat(32)}` })).toBe(false);
  });

  it('normalizeSid lowercases the hex part only, and leaves other values alone', () => {
    expect(normalizeSid(`IS${'AB'.repeat(16)}`)).toBe(`IS${'ab'.repeat(16)}`);
    expect(normalizeSid(`IS${'ab'.repeat(16)}`)).toBe(`IS${'ab'.repeat(16)}`);
    expect(normalizeSid('support-42')).toBe('support-42');
    expect(normalizeSid('+15551230001')).toBe('+15551230001');
    expect(normalizeSid(`CH${'A'.repeat(31)}`)).toBe(`CH${'A'.repeat(31)}`);
  });
});
