import { AppConfig } from '../config/app-config';
import { TimerPolicy } from './timer-policy';
import { TwilioError } from './twilio-error';

function errorOf(fn: () => unknown): TwilioError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TwilioError) return err;
    throw err;
  }
  throw new Error('expected a TwilioError');
}

const codeOf = (fn: () => unknown) => errorOf(fn).code;

describe('TimerPolicy', () => {
  describe("with Twilio's minimums (PT1M inactive, PT10M closed)", () => {
    const policy = new TimerPolicy(AppConfig.fromEnv({}));

    it('accepts durations at or above the minimums and returns milliseconds', () => {
      expect(policy.inactive('PT1M')).toBe(60_000);
      expect(policy.inactive('P1D')).toBe(86_400_000);
      expect(policy.closed('PT10M')).toBe(600_000);
      expect(policy.closed('P30D')).toBe(30 * 86_400_000);
    });

    it('answers too-short durations with 50375 / 50376 naming the minimum', () => {
      expect(codeOf(() => policy.inactive('PT59S'))).toBe(50375);
      expect(codeOf(() => policy.closed('PT9M59S'))).toBe(50376);
      expect(() => policy.inactive('PT30S')).toThrow('Timers.Inactive should be greater or equal to PT1M');
      expect(() => policy.closed('PT5M')).toThrow('Timers.Closed should be greater or equal to PT10M');
    });

    it('answers malformed durations with 50379 / 50380', () => {
      expect(codeOf(() => policy.inactive('10 minutes'))).toBe(50379);
      expect(codeOf(() => policy.closed('P'))).toBe(50380);
    });

    it('refuses timers over P100Y, whose dates would overflow, with 50379 / 50380', () => {
      expect(policy.inactive('P100Y')).toBe(100 * 365 * 86_400_000);
      expect(policy.closed('P36500D')).toBe(36_500 * 86_400_000);
      expect(errorOf(() => policy.inactive('P101Y'))).toMatchObject({ code: 50379, message: 'Timers.Inactive should be at most P100Y' });
      expect(errorOf(() => policy.closed('P99999999999Y'))).toMatchObject({
        code: 50380,
        message: 'Timers.Closed should be at most P100Y',
      });
      expect(codeOf(() => policy.inactive(`PT${'9'.repeat(400)}S`))).toBe(50379);
    });

    it('every error is a 400', () => {
      expect(errorOf(() => policy.inactive('PT1S')).status).toBe(400);
      expect(errorOf(() => policy.closed('x')).status).toBe(400);
    });
  });

  describe('with lowered minimums (TIMER_MIN_INACTIVE=PT1S, TIMER_MIN_CLOSED=PT2S)', () => {
    const policy = new TimerPolicy(AppConfig.fromEnv({ TIMER_MIN_INACTIVE: 'PT1S', TIMER_MIN_CLOSED: 'PT2S' }));

    it('accepts what the configuration allows and refuses what is below it', () => {
      expect(policy.inactive('PT1S')).toBe(1_000);
      expect(policy.closed('PT2S')).toBe(2_000);
      expect(codeOf(() => policy.inactive('PT0.5S'))).toBe(50375);
      expect(codeOf(() => policy.closed('PT1S'))).toBe(50376);
      expect(() => policy.closed('PT1S')).toThrow('greater or equal to PT2S');
    });
  });
});
