import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { addJobs } from '../src/queues/add-jobs';

/** addJobs against the real Redis: one job or many, each with its id and options; nothing added twice. */
describe('addJobs (e2e against Redis)', () => {
  const prefix = `add-jobs-test-${process.pid}-${Date.now()}`;
  let redis: Redis;
  let queue: Queue<{ n: number }>;

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
    queue = new Queue<{ n: number }>('q', { connection: redis, prefix });
  });

  afterAll(async () => {
    await queue.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  const job = (id: string, n: number) => ({ name: 'send', data: { n }, opts: { jobId: id, attempts: 4, removeOnComplete: true } });

  it('adds a single job and a batch with their ids, data and options; nothing for an empty list', async () => {
    await addJobs(queue, []);
    expect(await queue.count()).toBe(0);

    await addJobs(queue, [job('one', 1)]);
    await addJobs(queue, [job('two', 2), job('three', 3), job('four', 4)]);
    expect(await queue.getWaitingCount()).toBe(4);
    for (const [id, n] of [
      ['one', 1],
      ['two', 2],
      ['three', 3],
      ['four', 4],
    ] as const) {
      const added = await queue.getJob(id);
      expect(added).toMatchObject({ id, name: 'send', data: { n }, opts: expect.objectContaining({ attempts: 4 }) });
    }
  });

  it('a job id already queued is not added again, alone or in a batch', async () => {
    await addJobs(queue, [job('one', 10)]);
    await addJobs(queue, [job('two', 20), job('five', 5)]);
    expect(await queue.getWaitingCount()).toBe(5);
    expect((await queue.getJob('one'))?.data).toEqual({ n: 1 });
    expect((await queue.getJob('two'))?.data).toEqual({ n: 2 });
  });
});
