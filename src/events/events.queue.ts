import { InjectQueue } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { addJobs } from '../queues/add-jobs';
import { QueueName } from '../queues/queue-names';
import { SHUTDOWN_DRAIN_MS, TickBatcher } from '../queues/tick-batcher';

export interface DispatchJob {
  eventSid: string;
}

export interface SendJob {
  eventSid: string;
  url: string;
  method: 'GET' | 'POST';
  /** `chat`: a Chat v2 target (Programmable Chat's form); `flex`: a Flex Flow's external integration. */
  format?: 'chat' | 'flex';
  /** The webhook SID the post names: a Chat channel webhook's, or the Flex channel's. */
  webhookSid?: string;
}

export type WebhookJob = DispatchJob | SendJob;

/** Post-event webhook attempts: the first, then retries after 1, 2, 4, 8 and 16 times WEBHOOK_RETRY_BASE_MS (31 s by default). */
export const SEND_ATTEMPTS = 6;

/** Enqueues the dispatch of committed events (job id = event SID). */
@Injectable()
export class EventsQueue implements BeforeApplicationShutdown {
  private readonly logger = new Logger(EventsQueue.name);

  private readonly batcher = new TickBatcher<string>((sids) => this.add(sids));

  constructor(@InjectQueue(QueueName.Webhooks) private readonly queue: Queue<WebhookJob>) {}

  /** After commit (batched per event-loop turn). When Redis is unreachable the events stay in the outbox for the sweeper. */
  async dispatch(eventSids: (string | null | undefined)[]): Promise<void> {
    const sids = eventSids.filter((s): s is string => !!s);
    try {
      await this.batcher.add(sids);
    } catch (err) {
      this.logger.warn({ events: sids.length, err: (err as Error).message }, 'could not enqueue webhook events; the outbox sweeper will');
    }
  }

  /** Events committed just before a shutdown are enqueued before the queue closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.batcher.drain(SHUTDOWN_DRAIN_MS);
  }

  private async add(sids: string[]): Promise<void> {
    await addJobs(
      this.queue,
      sids.map((eventSid) => ({
        name: 'dispatch',
        data: { eventSid },
        opts: { jobId: eventSid, removeOnComplete: true, removeOnFail: 1000, attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
      })),
    );
  }

  /**
   * Adds the dispatch of an event never dispatched unless one is pending (the sweeper's path). A
   * failed dispatch job is replaced: it failed on the database or Redis through all its attempts,
   * or stalled too often, and the event would otherwise never be sent. Returns true when it added one.
   */
  async ensure(eventSid: string): Promise<boolean> {
    const existing = await this.queue.getJob(eventSid);
    if (existing && !(await existing.isFailed())) return false;
    if (existing) await existing.remove();
    await this.dispatch([eventSid]);
    return true;
  }
}
