import { restartDelay, STABLE_AFTER_MS } from './restart-backoff';

describe('restartDelay', () => {
  it('restarts at once a child that ran stably, and forgets earlier quick exits', () => {
    expect(restartDelay(STABLE_AFTER_MS, 7)).toEqual({ delayMs: 0, quickExits: 0 });
    expect(restartDelay(3_600_000, 0)).toEqual({ delayMs: 0, quickExits: 0 });
  });

  it('backs off quick exits in a row: 1 s, 2 s, 4 s ... capped at 30 s', () => {
    let quickExits = 0;
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const next = restartDelay(500, quickExits);
      delays.push(next.delayMs);
      quickExits = next.quickExits;
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });
});
