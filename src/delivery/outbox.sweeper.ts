import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { runPeriodically } from '../queues/periodic-task';
import { REDIS } from '../redis/redis.module';
import { ChangeFeed } from '../events/change-feed';
import { eventsOf } from './delivery-status.sql';
import { DeliveryQueue } from './delivery.queue';
import { DeliveryStateRepository } from './delivery-state.repository';
import { RouterMetrics } from '../observability/router-metrics';

const DAY_MS = 86_400_000;

/**
 * Re-enqueues unsent receipts whose job is missing (a process killed between the commit of a message
 * and the enqueue of its jobs, or Redis losing its data), and applies status callbacks that raced
 * with the record of their send. Job ids are receipt SIDs and the worker re-reads each receipt, so
 * a sweep never causes a second send. One worker sweeps at a time.
 */
@Injectable()
export class OutboxSweeper implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(OutboxSweeper.name);
  private stop?: () => void;

  constructor(
    private readonly state: DeliveryStateRepository,
    private readonly queue: DeliveryQueue,
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly feed: ChangeFeed,
    private readonly metrics: RouterMetrics,
  ) {}

  onModuleInit(): void {
    this.stop = runPeriodically({
      redis: this.redis,
      lockKey: `${this.config.queuePrefix}:outbox-sweep`,
      intervalMs: this.config.delivery.sweepIntervalMs,
      logger: this.logger,
      task: async () => void (await this.sweep()),
    });
  }

  onModuleDestroy(): void {
    this.stop?.();
  }

  /** One pass; returns how many receipts it enqueued. */
  async sweep(): Promise<number> {
    const { sweepAgeMs } = this.config.delivery;
    let enqueued = 0;
    for (const sid of await this.state.unsentOlderThan(sweepAgeMs, 1000)) {
      if (await this.queue.ensure(sid)) enqueued++;
    }
    if (enqueued) {
      this.logger.warn({ enqueued }, 'outbox sweeper enqueued receipts that had no job');
      this.metrics.sweeperFinds.inc({ outbox: 'delivery' }, enqueued);
    }
    for (const channelMessageSid of await this.state.strandedPending(500)) {
      await this.feed.written(eventsOf(await this.state.consumePending(channelMessageSid)));
    }
    await this.state.dropStalePending(DAY_MS);
    return enqueued;
  }
}
