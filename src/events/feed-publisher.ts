import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { SHUTDOWN_DRAIN_MS, TickBatcher } from '../queues/tick-batcher';
import { REDIS } from '../redis/redis.module';
import { feedChannel, type RecordedChange } from './change-types';
import { EventsQueue } from './events.queue';

/**
 * Publishes committed changes: over Redis pub/sub, one message per service and batch, for the
 * realtime readers of every API process; and the ones some webhook wants to the webhooks queue.
 * Batched per turn of the event loop, as the queues are. Pub/sub is not durable: readers catch up
 * from the stream positions stamped on the changed rows (docs/chat-sync.md), and the webhooks'
 * outbox sweeper enqueues what did not reach the queue.
 */
@Injectable()
export class FeedPublisher implements BeforeApplicationShutdown {
  private readonly logger = new Logger(FeedPublisher.name);
  private readonly batcher = new TickBatcher<RecordedChange>((changes) => this.flush(changes));

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
    private readonly webhooks: EventsQueue,
  ) {}

  async publish(changes: RecordedChange[]): Promise<void> {
    try {
      await this.batcher.add(changes);
    } catch (err) {
      this.logger.warn(
        { changes: changes.length, err: (err as Error).message },
        'could not publish changes; readers catch up from the stream heads',
      );
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.batcher.drain(SHUTDOWN_DRAIN_MS);
  }

  private async flush(changes: RecordedChange[]): Promise<void> {
    const byService = new Map<string, RecordedChange['event'][]>();
    for (const { event } of changes) {
      const list = byService.get(event.serviceSid);
      if (list) list.push(event);
      else byService.set(event.serviceSid, [event]);
    }
    const pipeline = this.redis.pipeline();
    for (const [serviceSid, events] of byService)
      // `at`: when it was published, for the readers' fan-out latency (router_realtime_fanout_seconds).
      void pipeline.publish(feedChannel(this.config.queuePrefix, serviceSid), JSON.stringify({ events, at: Date.now() }));
    await Promise.all([pipeline.exec(), this.webhooks.dispatch(changes.filter((c) => c.webhooks).map((c) => c.event.sid))]);
  }
}
