import { Injectable } from '@nestjs/common';
import type { Worker } from 'bullmq';
import type { QueueName } from './queue-names';

export interface AttachedWorker {
  queue: QueueName;
  worker: Worker;
}

type AttachListener = (attached: AttachedWorker) => void;

/**
 * The BullMQ workers of this process, as each processor attaches its own: what readiness checks
 * ("are this process's workers running") and what the queue metrics listen to, without either
 * reaching into the processors.
 */
@Injectable()
export class QueueWorkers {
  private readonly attached: AttachedWorker[] = [];
  private readonly listeners = new Set<AttachListener>();

  attach(queue: QueueName, worker: Worker): void {
    const entry = { queue, worker };
    this.attached.push(entry);
    for (const listener of this.listeners) listener(entry);
  }

  list(): readonly AttachedWorker[] {
    return this.attached;
  }

  /** Calls the listener for each worker attached so far and from now on. */
  onAttach(listener: AttachListener): void {
    this.listeners.add(listener);
    for (const entry of this.attached) listener(entry);
  }
}
