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
