import { CarrierError } from './channel-adapter';
import { backoffDelay, decideFailure, UNKNOWN_CARRIER_ERROR } from './failure-policy';

const err = (details: CarrierError['details']) => new CarrierError('send failed', details);

describe('decideFailure', () => {
  it.each([
    [{ httpStatus: 400, code: 21211 }, 'fail', 21211],
    [{ httpStatus: 400, code: 21610 }, 'fail', 21610],
    [{ httpStatus: 400, code: 63016 }, 'fail', 63016],
    [{ httpStatus: 400, code: 21617 }, 'fail', 21617],
    [{ httpStatus: 404 }, 'fail', UNKNOWN_CARRIER_ERROR],
    [{ httpStatus: 400, code: 12345 }, 'fail', 12345],
    [{ httpStatus: 401 }, 'fail', 20003],
    [{ httpStatus: 403, code: 20003 }, 'fail', 20003],
  ])('%j is terminal', (details, action, errorCode) => {
    expect(decideFailure(err(details))).toMatchObject({ action, errorCode });
  });

  it.each([
    [{ httpStatus: 500 }],
    [{ httpStatus: 502 }],
    [{ httpStatus: 503, code: 20503 }],
    [{ httpStatus: 429 }],
    [{ httpStatus: 429, code: 20429 }],
    [{ httpStatus: 400, code: 30001 }],
    [{ httpStatus: 408 }],
    [{ network: true }],
    [{}],
  ])('%j is retried', (details) => {
    expect(decideFailure(err(details)).action).toBe('retry');
  });

  it('honours Retry-After on 429 and 5xx', () => {
    expect(decideFailure(err({ httpStatus: 429, retryAfterMs: 7000 }))).toEqual(
      expect.objectContaining({ action: 'retry', delayMs: 7000 }),
    );
    expect(decideFailure(err({ httpStatus: 503, retryAfterMs: 1000 }))).toEqual(
      expect.objectContaining({ action: 'retry', delayMs: 1000 }),
    );
  });

  it('a terminal code wins over a retryable status', () => {
    expect(decideFailure(err({ httpStatus: 500, code: 21610 }))).toMatchObject({ action: 'fail', errorCode: 21610 });
  });
});

describe('backoffDelay', () => {
  it('doubles per attempt between half and the whole of the exponential step', () => {
    expect(backoffDelay(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffDelay(3, 1000, 60_000, () => 1)).toBe(4000);
    expect(backoffDelay(4, 1000, 60_000, () => 0)).toBe(4000);
  });

  it('is capped', () => {
    expect(backoffDelay(30, 1000, 60_000, () => 1)).toBe(60_000);
  });
});
