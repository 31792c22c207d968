import { setTimeout as wait } from 'node:timers/promises';

/** How long a shutdown waits for batches still on their way to Redis. */
export const SHUTDOWN_DRAIN_MS = 5_000;

/**
 * Gathers items and hands them to `flush` in batches, one batch in flight at a time: what arrives
 * while a batch is on its way goes out together once it is back. When idle a batch leaves at the
 * end of the current turn of the event loop (no delay added); under load batches grow with the
 * round trip, so many requests share one Redis write. Every caller's promise settles with its
 * batch; `drain` waits for every batch begun so far: the one gathering and the one in flight.
 */
export class TickBatcher<T> {
  private items: T[] = [];
  /** Settles with the batch now gathering. */
  private pending?: Promise<void>;
  /** The batch on its way (at most one). */
  private inFlight?: Promise<void>;

  constructor(private readonly flush: (items: T[]) => Promise<void>) {}

  add(items: T[]): Promise<void> {
    if (!items.length) return Promise.resolve();
    this.items.push(...items);
    this.pending ??= new Promise<void>((resolve, reject) =>
      setImmediate(() => {
        const send = () => {
          const batch = this.items;
          this.items = [];
          this.pending = undefined;
          const flushed = this.flush(batch);
          this.inFlight = flushed;
          flushed.then(resolve, reject).finally(() => {
            if (this.inFlight === flushed) this.inFlight = undefined;
          });
        };
        if (this.inFlight) this.inFlight.then(send, send);
        else send();
      }),
    );
    return this.pending;
  }

  /**
   * Settles once every item added so far was flushed or its flush failed (for a clean shutdown), or
   * after `timeoutMs` at most (Redis unreachable: the outbox sweepers take over what is left).
   */
  async drain(timeoutMs = Infinity): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending || this.inFlight) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      const settled = Promise.allSettled([this.pending, this.inFlight]);
      await (Number.isFinite(left) ? Promise.race([settled, wait(left, undefined, { ref: false })]) : settled);
    }
  }
}
