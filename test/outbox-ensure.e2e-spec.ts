import { Queue, UnrecoverableError, Worker } from 'bullmq';
import type { AppConfig } from '../src/config/app-config';
import { DeliveryQueue } from '../src/delivery/delivery.queue';
import { EventsQueue } from '../src/events/events.queue';

const connection = () => {
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  return { host: url.hostname, port: Number(url.port || 6379) };
};

/** Runs the queue's jobs once with a processor that fails them for good. */
async function failAll(queue: Queue, prefix: string, count: number): Promise<void> {
  let failed = 0;
  const worker = new Worker(
    queue.name,
    () => {
      throw new UnrecoverableError('the database was down through every attempt');
    },
    { connection: connection(), prefix },
  );
  await new Promise<void>((resolve) => worker.on('failed', () => ++failed === count && resolve()));
  await worker.close();
}

describe("the sweepers' ensure (real Redis and BullMQ)", () => {
  const prefix = `${process.env.BULLMQ_PREFIX}-ensure-${Date.now()}`;
  const queues: Queue[] = [];
  const queue = (name: string) => {
    const q = new Queue(name, { connection: connection(), prefix });
    queues.push(q);
    return q;
  };

  afterAll(async () => {
    for (const q of queues) {
      await q.obliterate({ force: true });
      await q.close();
    }
  });

  it('adds a delivery job once while one is pending, and replaces a failed one (its receipt is still unsent)', async () => {
    const q = queue('delivery');
    const delivery = new DeliveryQueue(q, { delivery: { maxAttempts: 3 } } as AppConfig);
    const sid = `DY${'e'.repeat(32)}`;
    expect(await delivery.ensure(sid)).toBe(true);
    expect(await delivery.ensure(sid)).toBe(false);
    await failAll(q, prefix, 1);
    expect(await (await q.getJob(sid))!.getState()).toBe('failed');
    expect(await delivery.ensure(sid)).toBe(true);
    const job = await q.getJob(sid);
    expect(await job!.getState()).toBe('waiting');
    expect(job!.data).toEqual({ receiptSid: sid });
    expect(job!.opts.attempts).toBe(3);
  });

  it('adds a webhook dispatch once while one is pending, and replaces a failed one (the event was never dispatched)', async () => {
    const q = queue('webhooks');
    const events = new EventsQueue(q);
    const sid = `EV${'f'.repeat(32)}`;
    expect(await events.ensure(sid)).toBe(true);
    expect(await events.ensure(sid)).toBe(false);
    await failAll(q, prefix, 1);
    expect(await events.ensure(sid)).toBe(true);
    const job = await q.getJob(sid);
    expect(await job!.getState()).toBe('waiting');
    expect(job!.data).toEqual({ eventSid: sid });
  });
});
