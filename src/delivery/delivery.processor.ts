import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DelayedError, type Job, Worker } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { backoffDelay } from '../channels/failure-policy';
import { bullConnection } from '../queues/queues.module';
import { QueueName } from '../queues/queue-names';
import { QueueWorkers } from '../queues/queue-workers';
import { DeliveryService } from './delivery.service';
import { DELIVERY_BACKOFF, type DeliveryJob } from './delivery.types';

/** A retryable send failure carrying when to try again. */
export class RetryLater extends Error {
  constructor(
    reason: string,
    readonly delayMs: number,
  ) {
    super(reason);
  }
}

/**
 * The delivery queue's worker: one job per receipt; the job waits (delayed, not holding a worker
 * slot) behind earlier messages to its recipient and behind its proxy address's rate.
 */
@Injectable()
export class DeliveryProcessor implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryProcessor.name);
  private worker?: Worker<DeliveryJob>;

  constructor(
    private readonly delivery: DeliveryService,
    private readonly config: AppConfig,
    private readonly workers: QueueWorkers,
  ) {}

  onModuleInit(): void {
    const { concurrency, lockMs, retryBaseMs } = this.config.delivery;
    this.worker = new Worker<DeliveryJob>(QueueName.Delivery, (job, token) => this.process(job, token), {
      connection: bullConnection(this.config.redisUrl),
      prefix: this.config.queuePrefix,
      concurrency,
      lockDuration: lockMs,
      stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
      // A worker that dies mid-send leaves its job stalled; another worker takes it over.
      maxStalledCount: 10,
      settings: {
        backoffStrategy: (attemptsMade: number, type?: string, err?: Error) =>
          type === DELIVERY_BACKOFF && err instanceof RetryLater ? err.delayMs : backoffDelay(attemptsMade, retryBaseMs),
      },
    });
    this.worker.on('error', (err) => this.logger.error({ err: err.message }, 'delivery worker error'));
    this.workers.attach(QueueName.Delivery, this.worker);
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }

  async process(job: Job<DeliveryJob>, token?: string): Promise<void> {
    const attempt = job.attemptsMade + 1;
    const outcome = await this.delivery.deliver(job.data.receiptSid, { number: attempt, last: attempt >= (job.opts.attempts ?? 1) });
    if (outcome.kind === 'wait') {
      await job.moveToDelayed(Date.now() + outcome.delayMs, token);
      throw new DelayedError();
    }
    if (outcome.kind === 'retry') {
      throw new RetryLater(outcome.reason, outcome.delayMs ?? backoffDelay(attempt, this.config.delivery.retryBaseMs));
    }
  }
}
