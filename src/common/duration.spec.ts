import { parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['PT10M', 600_000],
    ['PT1M', 60_000],
    ['PT1S', 1_000],
    ['PT1.5S', 1_500],
    ['PT0.001S', 1],
    ['PT1H', 3_600_000],
    ['PT1H30M15S', 5_415_000],
    ['P1D', 86_400_000],
    ['P1DT2H', 93_600_000],
    ['P2W', 1_209_600_000],
    ['P1M', 30 * 86_400_000],
    ['P1Y', 365 * 86_400_000],
    ['P1Y2M3W4DT5H6M7S', ((365 + 60 + 21 + 4) * 24 * 3600 + 5 * 3600 + 6 * 60 + 7) * 1000],
    ['PT0S', 0],
    ['pt5m', 300_000],
    ['  PT2M  ', 120_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'P', 'PT', 'P1DT', '10M', 'PT-1M', 'PT1.5M', 'P1.5D', 'PT1M1H', 'PTM', '1 minute', 'P1H', 'PT 1M', 'PT1MX'])(
    'rejects %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});
