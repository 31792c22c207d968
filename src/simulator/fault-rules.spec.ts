import { TwilioError } from '../common/twilio-error';
import {
  buildFaultRule,
  callbackPlan,
  claimOf,
  DEFAULT_UNDELIVERED_CODE,
  type FaultRule,
  type FaultRuleInput,
  faultMatches,
  faultResource,
  matchingFaults,
  refusalOf,
} from './fault-rules';

const rule = (input: FaultRuleInput, seq = 1): FaultRule =>
  buildFaultRule(input, `FR${String(seq).padStart(32, '0')}`, seq, new Date('2025-01-02T03:04:05.678Z'));

function refused(input: FaultRuleInput): TwilioError {
  try {
    rule(input);
  } catch (err) {
    if (err instanceof TwilioError) return err;
    throw err;
  }
  throw new Error('expected the rule to be refused');
}

describe('buildFaultRule', () => {
  it('applies to one send by default, normalises addresses and keeps only what the action uses', () => {
    expect(rule({ to: 'WhatsApp:+15551230001', from: ' whatsapp:+15559990000', action: 'fail', errorCode: 63016 })).toEqual({
      sid: `FR${'0'.repeat(31)}1`,
      to: 'whatsapp:+15551230001',
      from: 'whatsapp:+15559990000',
      action: 'fail',
      count: 1,
      errorCode: 63016,
      status: null,
      retryAfter: null,
      delayMs: null,
      dateCreated: new Date('2025-01-02T03:04:05.678Z'),
      seq: 1,
    });
  });

  it('takes * for every recipient, a short-code sender, Count -1 (until cleared) or a positive Count', () => {
    expect(rule({ to: '*', from: '12345', action: 'duplicate_callbacks', count: -1 })).toMatchObject({ to: '*', from: '12345', count: -1 });
    expect(rule({ to: '+15551230001', action: 'out_of_order_callbacks', count: 3 }).count).toBe(3);
  });

  it('has defaults: http_error answers 500; undelivered reports 30003', () => {
    expect(rule({ to: '*', action: 'http_error' })).toMatchObject({ status: 500, errorCode: null, retryAfter: null });
    expect(rule({ to: '*', action: 'http_error', status: 429, retryAfter: 7 })).toMatchObject({ status: 429, retryAfter: 7 });
    expect(rule({ to: '*', action: 'undelivered' }).errorCode).toBe(DEFAULT_UNDELIVERED_CODE);
    expect(rule({ to: '*', action: 'undelivered', errorCode: 30006 }).errorCode).toBe(30006);
    expect(rule({ to: '*', action: 'delay', delayMs: 250 }).delayMs).toBe(250);
  });

  it.each<[FaultRuleInput, RegExp]>([
    [{ to: '*', action: 'fail' }, /needs ErrorCode/],
    [{ to: '*', action: 'delay' }, /needs DelayMs/],
    [{ to: '*', action: 'delay', delayMs: 120_001 }, /at most 120000/],
    [{ to: '*', action: 'http_error', status: 404 }, /429 or a 5xx/],
    [{ to: '*', action: 'fail', errorCode: 21211, delayMs: 5 }, /does not take DelayMs/],
    [{ to: '*', action: 'duplicate_callbacks', errorCode: 1, status: 500 }, /does not take ErrorCode, Status/],
    [{ to: '*', action: 'fail', errorCode: 21211, count: 0 }, /Count must be a positive/],
    [{ to: '*', action: 'fail', errorCode: 21211, count: -2 }, /Count must be a positive/],
    [{ to: '5551230001', action: 'fail', errorCode: 21211 }, /^To /],
    [{ to: '12345', action: 'fail', errorCode: 21211 }, /^To /],
    [{ to: '*', from: 'nobody', action: 'fail', errorCode: 21211 }, /^From /],
  ])('%j is refused with 20001 (%s)', (input, message) => {
    const err = refused(input);
    expect({ code: err.code, status: err.status }).toEqual({ code: 20001, status: 400 });
    expect(err.message).toMatch(message);
  });
});

describe('matching', () => {
  const send = { to: '+15551230001', from: '+15559990000' };

  it('matches by recipient, or * for all, and by sender only when the rule names one', () => {
    expect(faultMatches({ to: '+15551230001', from: null }, send)).toBe(true);
    expect(faultMatches({ to: '*', from: null }, send)).toBe(true);
    expect(faultMatches({ to: '*', from: '+15559990000' }, send)).toBe(true);
    expect(faultMatches({ to: '+15551230002', from: null }, send)).toBe(false);
    expect(faultMatches({ to: '*', from: '+15559990001' }, send)).toBe(false);
    expect(faultMatches({ to: 'whatsapp:+15551230001', from: null }, send)).toBe(false);
  });

  it('tries the rules that apply oldest first', () => {
    const rules = [
      rule({ to: '*', action: 'http_error' }, 3),
      rule({ to: '+15551230002', action: 'fail', errorCode: 21211 }, 1),
      rule({ to: '+15551230001', action: 'fail', errorCode: 21610 }, 2),
      rule({ to: '*', from: '+15559990001', action: 'delay', delayMs: 5 }, 4),
    ];
    expect(matchingFaults(rules, send).map((r) => r.seq)).toEqual([2, 3]);
    expect(matchingFaults(rules, { to: '+15551230003', from: '+15559990001' }).map((r) => r.seq)).toEqual([3, 4]);
    expect(matchingFaults([], send)).toEqual([]);
  });
});

describe('counting', () => {
  it('a decrement that leaves uses is taken, one that leaves none was the last, below zero was used up elsewhere', () => {
    expect(claimOf(2)).toBe('taken');
    expect(claimOf(0)).toBe('taken-last');
    expect(claimOf(-1)).toBe('used-up');
  });

  it('Count sends take the rule, in turn, then it is used up', () => {
    // The store keeps Count in a Redis counter and each send DECRs it once: simulate that sequence.
    let left = 3;
    const claims = Array.from({ length: 5 }, () => claimOf(--left));
    expect(claims).toEqual(['taken', 'taken', 'taken-last', 'used-up', 'used-up']);
  });

  it('shows what is left of a rule', () => {
    expect(faultResource(rule({ to: '*', action: 'http_error', status: 429, retryAfter: 3, count: 4 }), 2)).toEqual({
      sid: `FR${'0'.repeat(31)}1`,
      to: '*',
      from: null,
      action: 'http_error',
      count: 4,
      remaining: 2,
      error_code: null,
      status: 429,
      retry_after: 3,
      delay_ms: null,
      date_created: '2025-01-02T03:04:05Z',
    });
  });
});

describe('refusalOf', () => {
  it('fail answers 400 with the rule code', () => {
    expect(refusalOf(rule({ to: '*', action: 'fail', errorCode: 21610 }))).toMatchObject({ status: 400, code: 21610, retryAfter: null });
  });

  it('http_error answers its status with Twilio codes 20500 / 20503 / 20429, or the code given, and Retry-After', () => {
    expect(refusalOf(rule({ to: '*', action: 'http_error' }))).toMatchObject({ status: 500, code: 20500, retryAfter: null });
    expect(refusalOf(rule({ to: '*', action: 'http_error', status: 503 }))).toMatchObject({ status: 503, code: 20503 });
    expect(refusalOf(rule({ to: '*', action: 'http_error', status: 429, retryAfter: 2 }))).toMatchObject({
      status: 429,
      code: 20429,
      retryAfter: 2,
    });
    expect(refusalOf(rule({ to: '*', action: 'http_error', status: 503, errorCode: 30001 }))).toMatchObject({ status: 503, code: 30001 });
  });

  it('the other actions accept the send', () => {
    expect(refusalOf(rule({ to: '*', action: 'delay', delayMs: 1 }))).toBeNull();
    expect(refusalOf(rule({ to: '*', action: 'undelivered' }))).toBeNull();
    expect(refusalOf(rule({ to: '*', action: 'duplicate_callbacks' }))).toBeNull();
  });
});

describe('callbackPlan', () => {
  const timing = { sentMs: 50, deliveredMs: 150 };

  it('reports sent, then delivered, once each', () => {
    expect(callbackPlan(null, timing)).toEqual({
      steps: [
        { status: 'sent', afterMs: 50, errorCode: null },
        { status: 'delivered', afterMs: 150, errorCode: null },
      ],
      copies: 1,
    });
    expect(callbackPlan(rule({ to: '*', action: 'delay', delayMs: 10 }), timing)).toEqual(callbackPlan(null, timing));
  });

  it('undelivered reports the rule ErrorCode instead of delivered', () => {
    expect(callbackPlan(rule({ to: '*', action: 'undelivered', errorCode: 30005 }), timing).steps).toEqual([
      { status: 'sent', afterMs: 50, errorCode: null },
      { status: 'undelivered', afterMs: 150, errorCode: 30005 },
    ]);
  });

  it('duplicate_callbacks posts every callback twice', () => {
    expect(callbackPlan(rule({ to: '*', action: 'duplicate_callbacks' }), timing)).toEqual({ ...callbackPlan(null, timing), copies: 2 });
  });

  it('out_of_order_callbacks reports delivered before sent', () => {
    expect(callbackPlan(rule({ to: '*', action: 'out_of_order_callbacks' }), timing).steps).toEqual([
      { status: 'delivered', afterMs: 50, errorCode: null },
      { status: 'sent', afterMs: 150, errorCode: null },
    ]);
  });

  it('lost_callbacks moves the message through its statuses but posts no callback', () => {
    expect(callbackPlan(rule({ to: '*', action: 'lost_callbacks' }), timing)).toEqual({ ...callbackPlan(null, timing), copies: 0 });
  });
});
