import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName } from './queue-names';

/** The job states an operator watches; `prioritized` holds waiting jobs with a priority. */
export const WATCHED_STATES = ['wait', 'prioritized', 'active', 'delayed', 'failed'] as const;
export type WatchedState = (typeof WATCHED_STATES)[number];

/** BullMQ's connections wait for Redis forever (maxRetriesPerRequest: null); an inspection does not. */
const INSPECT_TIMEOUT_MS = 2_000;

/**
 * Reads the state of the router's queues (depth, lag, consumers) for metrics and readiness. Every
 * read is bounded in time and rejects when Redis does not answer.
 */
@Injectable()
export class QueueInspector {
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectQueue(QueueName.Delivery) delivery: Queue,
    @InjectQueue(QueueName.Webhooks) webhooks: Queue,
    @InjectQueue(QueueName.Timers) timers: Queue,
  ) {
    this.queues = { [QueueName.Delivery]: delivery, [QueueName.Webhooks]: webhooks, [QueueName.Timers]: timers };
  }

  /** Every queue of the router (the dashboard lists these). */
  all(): Queue[] {
    return Object.values(this.queues);
  }

  counts(queue: QueueName): Promise<Record<WatchedState, number>> {
    return bounded(this.queues[queue].getJobCounts(...WATCHED_STATES) as Promise<Record<WatchedState, number>>);
  }

  /**
   * How long the oldest job ready to run has waited, in ms (0 when none waits). A job is taken to be
   * ready since it was added (plus its initial delay) or since its last run, whichever is later: a
   * job back from a retry's backoff counts from its last attempt.
   */
  async lagMs(queue: QueueName, now = Date.now()): Promise<number> {
    const [oldest] = await bounded(this.queues[queue].getJobs(['wait'], 0, 0, true));
    if (!oldest) return 0;
    const readySince = Math.max(oldest.timestamp + (oldest.opts.delay ?? 0), oldest.processedOn ?? 0, oldest.finishedOn ?? 0);
    return Math.max(0, now - readySince);
  }

  /** Worker connections consuming the queue, across every process (Redis CLIENT LIST). */
  consumers(queue: QueueName): Promise<number> {
    return bounded(this.queues[queue].getWorkersCount());
  }
}

function bounded<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${INSPECT_TIMEOUT_MS} ms`)), INSPECT_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
