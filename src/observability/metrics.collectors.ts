import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { Pool } from 'pg';
import { PG_POOL } from '../prisma/pg-pool';
import { QueueInspector, WATCHED_STATES } from '../queues/queue-inspector';
import { QueueName } from '../queues/queue-names';
import { type AttachedWorker, QueueWorkers } from '../queues/queue-workers';
import { RouterMetrics } from './router-metrics';

/**
 * What the metrics read from the infrastructure rather than being told by domain code: the
 * PostgreSQL pool and the queues' depths and lag at each scrape, and each BullMQ worker's job
 * events (wait before the first run, time of each run).
 */
@Injectable()
export class MetricsCollectors implements OnModuleInit {
  constructor(
    private readonly metrics: RouterMetrics,
    private readonly queues: QueueInspector,
    private readonly workers: QueueWorkers,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  onModuleInit(): void {
    this.metrics.onScrape(() => {
      this.metrics.dbPool.set({ state: 'total' }, this.pool.totalCount);
      this.metrics.dbPool.set({ state: 'idle' }, this.pool.idleCount);
      this.metrics.dbPool.set({ state: 'waiting' }, this.pool.waitingCount);
    });
    for (const queue of Object.values(QueueName)) {
      this.metrics.onScrape(async () => {
        const [counts, lagMs] = await Promise.all([this.queues.counts(queue), this.queues.lagMs(queue)]);
        for (const state of WATCHED_STATES) this.metrics.queueJobs.set({ queue, state }, counts[state] ?? 0);
        this.metrics.queueOldestWaiting.set({ queue }, lagMs / 1000);
      });
    }
    this.workers.onAttach((attached) => this.instrument(attached));
  }

  private instrument({ queue, worker }: AttachedWorker): void {
    worker.on('active', (job: Job) => {
      // The first run only: later runs follow a retry's backoff or a wait the job asked for.
      if (job.attemptsStarted !== 1 || !job.processedOn) return;
      const waitedMs = job.processedOn - job.timestamp - (job.opts.delay ?? 0);
      this.metrics.queueWait.observe({ queue }, Math.max(0, waitedMs) / 1000);
    });
    const ran = (result: 'completed' | 'failed') => (job: Job | undefined) => {
      if (job?.processedOn) {
        const ms = (job.finishedOn ?? Date.now()) - job.processedOn;
        this.metrics.queueProcessing.observe({ queue, result }, Math.max(0, ms) / 1000);
      }
    };
    worker.on('completed', ran('completed'));
    worker.on('failed', ran('failed'));
  }
}
