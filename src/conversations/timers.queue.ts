import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName } from '../queues/queue-names';

export interface TimerJob {
  conversationSid: string;
}

export const timerJobId = (conversationSid: string) => `timer-${conversationSid}`;

/** One delayed job per conversation, due at its next timer (inactive or closed). */
@Injectable()
export class TimersQueue {
  private readonly logger = new Logger(TimersQueue.name);

  constructor(@InjectQueue(QueueName.Timers) private readonly queue: Queue<TimerJob>) {}

  /** (Re)schedules the conversation's timer job at `at`; none when `at` is null. */
  async schedule(conversationSid: string, at: Date | null): Promise<void> {
    const jobId = timerJobId(conversationSid);
    try {
      const existing = await this.queue.getJob(jobId);
      if (existing && (await existing.isDelayed())) await existing.remove();
      if (at)
        await this.queue.add(
          'timer',
          { conversationSid },
          { jobId, delay: Math.max(0, at.getTime() - Date.now()), removeOnComplete: true, removeOnFail: 100 },
        );
    } catch (err) {
      // The timer sweeper finds overdue conversations without a job.
      this.logger.warn({ conversationSid, err: (err as Error).message }, 'could not schedule the conversation timer; the sweeper will');
    }
  }

  /** A job for an overdue conversation: added when missing, run now when delayed. */
  async ensureDue(conversationSid: string): Promise<boolean> {
    const jobId = timerJobId(conversationSid);
    const existing = await this.queue.getJob(jobId);
    if (!existing) {
      await this.queue.add('timer', { conversationSid }, { jobId, removeOnComplete: true, removeOnFail: 100 });
      return true;
    }
    if (await existing.isDelayed()) await existing.promote().catch(() => undefined);
    return false;
  }
}

/** The earliest timer still ahead of a conversation in this state. */
export function nextTimer(c: { state: string; dateInactive: Date | null; dateClosed: Date | null }): Date | null {
  if (c.state === 'closed') return null;
  const candidates = [c.state === 'active' ? c.dateInactive : null, c.dateClosed].filter((d): d is Date => d !== null);
  return candidates.length ? new Date(Math.min(...candidates.map((d) => d.getTime()))) : null;
}
