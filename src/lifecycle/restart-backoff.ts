/** A child that ran this long before it exited is restarted at once: it was not crash-looping. */
export const STABLE_AFTER_MS = 60_000;
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

/**
 * When to restart a child that exited, given how long it ran and how many quick exits in a row
 * came before: at once after a stable run, else 1 s, 2 s, 4 s ... up to 30 s, so that a child
 * that cannot start (its database gone, say) is retried without spinning.
 */
export function restartDelay(uptimeMs: number, quickExitsBefore: number): { delayMs: number; quickExits: number } {
  if (uptimeMs >= STABLE_AFTER_MS) return { delayMs: 0, quickExits: 0 };
  const quickExits = quickExitsBefore + 1;
  return { delayMs: Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (quickExits - 1)), quickExits };
}
