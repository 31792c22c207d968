import { TwilioError } from '../../common/twilio-error';
import { parseTwilioStatusCallback, retryAfterMs } from './twilio-messages.client';

describe('retryAfterMs', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads delay-seconds', () => {
    expect(retryAfterMs('0', now)).toBe(0);
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs(' 30 ', now)).toBe(30_000);
    expect(retryAfterMs('1.5', now)).toBe(1500);
    expect(retryAfterMs(12, now)).toBe(12_000);
  });

  it('reads an HTTP date as the time left until it, and a past date as now', () => {
    expect(retryAfterMs('Wed, 01 Jan 2025 00:00:45 GMT', now)).toBe(45_000);
    expect(retryAfterMs('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
  });

  it('takes the first of repeated headers', () => {
    expect(retryAfterMs(['3', '9'], now)).toBe(3000);
  });

  it.each([
    [undefined],
    [null],
    [''],
    ['  '],
    ['soon'],
    ['-5'],
    ['5 seconds'],
    ['1e3'],
    ['Infinity'],
    ['NaN'],
    [-1],
    [Number.NaN],
    [{}],
    [[]],
    [true],
  ])('ignores %j', (value) => {
    expect(retryAfterMs(value, now)).toBeUndefined();
  });
});

describe('parseTwilioStatusCallback', () => {
  const sid = 'SM0123456789abcdef0123456789abcdef';
  const callback = (fields: Record<string, string | string[]>) =>
    parseTwilioStatusCallback({ MessageSid: sid, AccountSid: 'AC' + '0'.repeat(32), ...fields });

  it.each([
    ['queued', null],
    ['accepted', null],
    ['scheduled', null],
    ['sending', null],
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'read'],
    ['failed', 'failed'],
    ['undelivered', 'undelivered'],
    ['canceled', 'failed'],
  ])('MessageStatus %s moves a receipt to %s', (status, expected) => {
    expect(callback({ MessageStatus: status })).toEqual({ channelMessageSid: sid, status: expected, errorCode: null });
  });

  it('reads the status case-insensitively', () => {
    expect(callback({ MessageStatus: 'Delivered' })?.status).toBe('delivered');
  });

  it('falls back to SmsStatus and SmsSid (older callbacks)', () => {
    expect(parseTwilioStatusCallback({ SmsSid: sid, SmsStatus: 'sent' })).toEqual({
      channelMessageSid: sid,
      status: 'sent',
      errorCode: null,
    });
    expect(callback({ SmsStatus: 'undelivered', ErrorCode: '30003' })).toEqual({
      channelMessageSid: sid,
      status: 'undelivered',
      errorCode: 30003,
    });
  });

  it('prefers MessageStatus over SmsStatus', () => {
    expect(callback({ MessageStatus: 'read', SmsStatus: 'delivered' })?.status).toBe('read');
  });

  it('reads ErrorCode on failures; 0, empty or junk codes are none', () => {
    expect(callback({ MessageStatus: 'failed', ErrorCode: '30007' })?.errorCode).toBe(30007);
    expect(callback({ MessageStatus: 'undelivered', ErrorCode: ['30005', '30006'] })?.errorCode).toBe(30005);
    expect(callback({ MessageStatus: 'delivered', ErrorCode: '0' })?.errorCode).toBeNull();
    expect(callback({ MessageStatus: 'failed', ErrorCode: '' })?.errorCode).toBeNull();
    expect(callback({ MessageStatus: 'failed', ErrorCode: 'oops' })?.errorCode).toBeNull();
  });

  it('takes the first of repeated fields', () => {
    expect(parseTwilioStatusCallback({ MessageSid: [sid, 'SMother'], MessageStatus: ['sent', 'delivered'] })).toEqual({
      channelMessageSid: sid,
      status: 'sent',
      errorCode: null,
    });
  });

  it('counts a code past a 32-bit integer as none, and refuses a SID that no column holds (400)', () => {
    expect(callback({ MessageStatus: 'failed', ErrorCode: '99999999999' })?.errorCode).toBeNull();
    expect(callback({ MessageStatus: 'failed', ErrorCode: '2147483647' })?.errorCode).toBe(2147483647);
    expect(callback({ MessageStatus: 'failed', ErrorCode: '-5' })?.errorCode).toBeNull();
    expect(() => callback({ MessageSid: 'SM' + 'a'.repeat(63), MessageStatus: 'sent' })).toThrow(TwilioError);
    expect(() => callback({ MessageSid: 'SM\u0000', MessageStatus: 'sent' })).toThrow('MessageSid must be 1 to 64');
    expect(callback({ MessageStatus: 'constructor' })).toBeNull();
  });

  it('is null without a SID, without a status, or with a status Twilio does not send', () => {
    expect(parseTwilioStatusCallback({ MessageStatus: 'delivered' })).toBeNull();
    expect(callback({})).toBeNull();
    expect(callback({ MessageStatus: 'teleported' })).toBeNull();
    expect(callback({ MessageStatus: '' })).toBeNull();
  });
});
