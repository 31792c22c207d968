/**
 * Gathers the items that arrive within one turn of the event loop and hands them to `flush` in one
 * call (one Redis round trip for many requests under load, none added when idle). Every caller's
 * promise settles with its batch.
 */
export class TickBatcher<T> {
  private items: T[] = [];
  private pending?: Promise<void>;

  constructor(private readonly flush: (items: T[]) => Promise<void>) {}

  add(items: T[]): Promise<void> {
    if (!items.length) return Promise.resolve();
    this.items.push(...items);
    this.pending ??= new Promise<void>((resolve, reject) =>
      setImmediate(() => {
        const batch = this.items;
        this.items = [];
        this.pending = undefined;
        this.flush(batch).then(resolve, reject);
      }),
    );
    return this.pending;
  }
}
