import { TickLoader } from './tick-loader';

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
});
