import { TickLoader } from './tick-loader';

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe('TickLoader', () => {
  it('runs the requests of one turn as one batch and answers each caller with its own result', async () => {
    const batches: number[][] = [];
    const loader = new TickLoader<number, string>(
      async (inputs) => (batches.push(inputs), inputs.map((n) => `many:${n}`)),
      async (n) => `one:${n}`,
    );
    expect(await Promise.all([loader.run(1), loader.run(2), loader.run(3)])).toEqual(['many:1', 'many:2', 'many:3']);
    expect(await loader.run(4)).toBe('one:4'); // alone in its turn: the single statement
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('when a batch fails, retries each input alone so that only the bad one fails', async () => {
    const loader = new TickLoader<number, number>(
      async () => {
        throw new Error('batch refused');
      },
      async (n) => {
        if (n === 2) throw new Error('bad input 2');
        return n * 10;
      },
    );
    const results = await Promise.allSettled([loader.run(1), loader.run(2), loader.run(3)]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 10 },
      { status: 'rejected', reason: new Error('bad input 2') },
      { status: 'fulfilled', value: 30 },
    ]);
  });

  it('a single request that fails rejects its caller', async () => {
    const loader = new TickLoader<number, number>(
      async (inputs) => inputs,
      async () => {
        throw new Error('down');
      },
    );
    await expect(loader.run(1)).rejects.toThrow('down');
  });

  it('requests made while a batch is under way go into the next batch', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const loader = new TickLoader<number, number>(
      async (inputs) => {
        batches.push(inputs);
        await gate;
        return inputs;
      },
      async (n) => n,
    );
    const first = Promise.all([loader.run(1), loader.run(2)]);
    await new Promise((r) => setImmediate(r));
    const second = Promise.all([loader.run(3), loader.run(4)]);
    release();
    expect(await first).toEqual([1, 2]);
    expect(await second).toEqual([3, 4]);
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('with a bound on batches under way, requests of many turns wait and leave together (group commit)', async () => {
    const batches: number[][] = [];
    const gates: (() => void)[] = [];
    const loader = new TickLoader<number, number>(
      async (inputs) => {
        batches.push(inputs);
        await new Promise<void>((r) => gates.push(r));
        return inputs.map((n) => n * 10);
      },
      async (n) => {
        batches.push([n]);
        await new Promise<void>((r) => gates.push(r));
        return n;
      },
      { maxInFlight: 1, maxBatch: 3 },
    );
    const first = loader.run(1);
    await new Promise((r) => setImmediate(r));
    // Three more turns while the first is under way: none leaves yet.
    const waiting: Promise<number>[] = [];
    for (const n of [2, 3, 4, 5]) {
      waiting.push(loader.run(n));
      await new Promise((r) => setImmediate(r));
    }
    expect(batches).toEqual([[1]]);
    gates.shift()!();
    expect(await first).toBe(1);
    await turns(2);
    expect(batches).toEqual([[1], [2, 3, 4]]);
    gates.shift()!();
    await turns(2);
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
    gates.shift()!();
    expect(await Promise.all(waiting)).toEqual([20, 30, 40, 5]);
  });
});
