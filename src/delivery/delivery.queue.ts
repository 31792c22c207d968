import { InjectQueue } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { addJobs } from '../queues/add-jobs';
import { QueueName } from '../queues/queue-names';
import { SHUTDOWN_DRAIN_MS, TickBatcher } from '../queues/tick-batcher';
import { DELIVERY_BACKOFF, type DeliveryJob } from './delivery.types';

/** Enqueues delivery jobs after a message committed (job id = receipt SID). */
@Injectable()
export class DeliveryQueue implements BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryQueue.name);
  private readonly options: JobsOptions;
  private readonly batcher = new TickBatcher<string>((sids) => this.add(sids));

  constructor(
    @InjectQueue(QueueName.Delivery) private readonly queue: Queue<DeliveryJob>,
    config: AppConfig,
  ) {
    this.options = {
      attempts: config.delivery.maxAttempts,
      backoff: { type: DELIVERY_BACKOFF },
      removeOnComplete: true,
      removeOnFail: { count: 10_000 },
    };
  }

  /**
   * Adds one job per receipt (batched with the other requests of this event-loop turn). When Redis is unreachable the message stays committed and the
   * outbox sweeper enqueues it later: the caller is not failed for it.
   */
  async enqueue(receiptSids: string[]): Promise<void> {
    try {
      await this.batcher.add(receiptSids);
    } catch (err) {
      this.logger.warn(
        { receipts: receiptSids.length, err: (err as Error).message },
        'could not enqueue deliveries; the outbox sweeper will',
      );
    }
  }

  /** Jobs of messages committed just before a shutdown are added before the queue closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.batcher.drain(SHUTDOWN_DRAIN_MS);
  }

  private async add(receiptSids: string[]): Promise<void> {
    await addJobs(
      this.queue,
      receiptSids.map((sid) => ({ name: 'send', data: { receiptSid: sid }, opts: { ...this.options, jobId: sid } })),
    );
  }

  /**
   * Adds the job of a receipt unless one is pending (the sweeper's path). A failed job of a receipt
   * still unsent is replaced: the carrier's answers settle a receipt themselves, so such a job failed
   * on something else (the database down through all its attempts, a job stalled too often) and
   * would otherwise hold the receipt unsent for good. Returns true when it added one.
   */
  async ensure(receiptSid: string): Promise<boolean> {
    const existing = await this.queue.getJob(receiptSid);
    if (existing && !(await existing.isFailed())) return false;
    if (existing) await existing.remove();
    await this.queue.add('send', { receiptSid }, { ...this.options, jobId: receiptSid });
    return true;
  }

  /** Wakes the job of the next receipt to a recipient once the one before it settled. */
  async promote(receiptSid: string): Promise<void> {
    const job = await this.queue.getJob(receiptSid);
    if (job && (await job.isDelayed())) await job.promote().catch(() => undefined);
  }
}
