import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { runPeriodically } from '../queues/periodic-task';
import { REDIS } from '../redis/redis.module';
import { MediaService } from './media.service';

const GONE_BATCH_SIZE = 1000;
const GONE_BATCHES_PER_PASS = 5;

/**
 * Deletes uploads that no message took within MEDIA_ORPHAN_TTL (an SDK send that failed after its
 * uploads, an upload never used), and the media of messages that were deleted. Runs on the worker
 * role, one worker per interval.
 */
@Injectable()
export class MediaOrphanSweeper implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MediaOrphanSweeper.name);
  private stop?: () => void;

  constructor(
    private readonly media: MediaService,
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  onModuleInit(): void {
    const { orphanTtlMs } = this.config.media;
    this.stop = runPeriodically({
      redis: this.redis,
      lockKey: `${this.config.queuePrefix}:media-orphan-sweep`,
      // A few passes per TTL, so an orphan outlives it by a fraction of it; at most every 5 minutes.
      intervalMs: Math.min(300_000, Math.max(500, Math.floor(orphanTtlMs / 4))),
      logger: this.logger,
      task: async () => void (await this.sweep()),
    });
  }

  onModuleDestroy(): void {
    this.stop?.();
  }

  /** One pass; returns how many media it deleted. */
  async sweep(): Promise<number> {
    let deleted = 0;
    for (;;) {
      const batch = await this.media.sweepOrphans(this.config.media.orphanTtlMs);
      deleted += batch;
      if (batch < 500) break;
    }
    if (deleted) this.logger.log({ deleted }, 'deleted media that no message took');
    return deleted + (await this.sweepGoneMessages());
  }

  /**
   * Media of deleted messages (or conversations, or services): a walk over the attached media in SID
   * order, a few thousand per pass, resumed where the last pass (of any worker) stopped.
   */
  private async sweepGoneMessages(): Promise<number> {
    const key = `${this.config.queuePrefix}:media-sweep-cursor`;
    let cursor = (await this.redis.get(key)) ?? '';
    let deleted = 0;
    for (let batch = 0; batch < GONE_BATCHES_PER_PASS; batch++) {
      const result = await this.media.sweepOfGoneMessages(cursor, GONE_BATCH_SIZE);
      deleted += result.deleted;
      cursor = result.next ?? '';
      if (!result.next) break;
    }
    await this.redis.set(key, cursor);
    if (deleted) this.logger.log({ deleted }, 'deleted media of deleted messages');
    return deleted;
  }
}
