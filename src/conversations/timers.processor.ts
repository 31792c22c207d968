import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DelayedError, type Job, Worker } from 'bullmq';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { runPeriodically } from '../queues/periodic-task';
import { bullConnection } from '../queues/queues.module';
import { QueueName } from '../queues/queue-names';
import { QueueWorkers } from '../queues/queue-workers';
import { REDIS } from '../redis/redis.module';
import { RouterMetrics } from '../observability/router-metrics';
import { ConversationTimersService } from './conversation-timers.service';
import { ConversationsRepository } from './conversations.repository';
import { type TimerJob, TimersQueue } from './timers.queue';

/** The timers queue's worker, and a sweeper that catches conversations whose timer job went missing. */
@Injectable()
export class TimersProcessor implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TimersProcessor.name);
  private worker?: Worker<TimerJob>;
  private stopSweeper?: () => void;

  constructor(
    private readonly timers: ConversationTimersService,
    private readonly queue: TimersQueue,
    private readonly conversations: ConversationsRepository,
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly workers: QueueWorkers,
    private readonly metrics: RouterMetrics,
  ) {}

  onModuleInit(): void {
    this.worker = new Worker<TimerJob>(QueueName.Timers, (job, token) => this.process(job, token), {
      connection: bullConnection(this.config.redisUrl),
      prefix: this.config.queuePrefix,
      concurrency: 8,
    });
    this.worker.on('error', (err) => this.logger.error({ err: err.message }, 'timers worker error'));
    this.workers.attach(QueueName.Timers, this.worker);
    this.stopSweeper = runPeriodically({
      redis: this.redis,
      lockKey: `${this.config.queuePrefix}:timers-sweep`,
      intervalMs: this.config.delivery.sweepIntervalMs,
      logger: this.logger,
      task: async () => {
        for (const sid of await this.conversations.overdue(500)) {
          if (await this.queue.ensureDue(sid)) this.metrics.sweeperFinds.inc({ outbox: 'timers' });
        }
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopSweeper?.();
    await this.worker?.close();
  }

  async process(job: Job<TimerJob>, token?: string): Promise<void> {
    const next = await this.timers.run(job.data.conversationSid);
    if (next) {
      await job.moveToDelayed(Math.max(next.getTime(), Date.now() + 50), token);
      throw new DelayedError();
    }
  }
}
