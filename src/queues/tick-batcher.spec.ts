import { TickBatcher } from './tick-batcher';

describe('TickBatcher', () => {
  it('hands the items of one event-loop turn to one flush, and settles every caller', async () => {
    const flushed: number[][] = [];
    const batcher = new TickBatcher<number>(async (items) => void flushed.push(items));
    await Promise.all([batcher.add([1, 2]), batcher.add([3]), batcher.add([])]);
    await batcher.add([4]);
    expect(flushed).toEqual([[1, 2, 3], [4]]);
  });

  it('rejects every caller of a batch whose flush failed', async () => {
    const batcher = new TickBatcher<number>(async () => {
      throw new Error('redis down');
    });
    const results = await Promise.allSettled([batcher.add([1]), batcher.add([2])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});

describe('TickBatcher.drain', () => {
  it('waits for batches not yet flushed and for flushes under way, failed ones included', async () => {
    const flushed: number[][] = [];
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const batcher = new TickBatcher<number>(async (items) => {
      if (items.includes(2)) throw new Error('redis down');
      await slow;
      flushed.push(items);
    });
    void batcher.add([1]); // flushed on the next turn, then held by `slow`
    let drained = false;
    const draining = batcher.drain().then(() => (drained = true));
    await new Promise((r) => setImmediate(r));
    void batcher.add([2]).catch(() => undefined); // a batch that fails
    await new Promise((r) => setTimeout(r, 20));
    expect(drained).toBe(false);
    release();
    await draining;
    expect(flushed).toEqual([[1]]);
  });

  it('settles at once when nothing is waiting', async () => {
    await expect(new TickBatcher<number>(async () => undefined).drain()).resolves.toBeUndefined();
  });
});

describe('TickBatcher.drain with a time limit', () => {
  it('gives up after the limit when a flush never settles (Redis unreachable)', async () => {
    const batcher = new TickBatcher<number>(() => new Promise<void>(() => undefined));
    void batcher.add([1]);
    const started = Date.now();
    await batcher.drain(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('TickBatcher under load', () => {
  it('keeps one batch in flight: what arrives meanwhile leaves together once it is back', async () => {
    const flushed: number[][] = [];
    let release!: () => void;
    const batcher = new TickBatcher<number>(async (items) => {
      flushed.push(items);
      if (flushed.length === 1) await new Promise<void>((r) => (release = r));
    });
    const first = batcher.add([1]);
    await new Promise((r) => setImmediate(r)); // [1] is on its way
    const later = [batcher.add([2]), batcher.add([3])];
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    batcher.add([4]).catch(() => undefined);
    expect(flushed).toEqual([[1]]); // nothing else left while [1] was out
    release();
    await Promise.all([first, ...later]);
    expect(flushed).toEqual([[1], [2, 3, 4]]);
  });
});
