import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, Logger } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client';
import { PrismaService } from './prisma.service';

/** A client that repositories write through: the pool, or the transaction of a unit of work. */
export type Db = Prisma.TransactionClient;

type AfterCommit = () => Promise<void> | void;

/** Runs several repository calls in one database transaction. */
@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger(UnitOfWork.name);
  private readonly current = new AsyncLocalStorage<AfterCommit[]>();

  constructor(private readonly prisma: PrismaService) {}

  async run<T>(work: (db: Db) => Promise<T>): Promise<T> {
    const afterCommit: AfterCommit[] = [];
    const result = await this.current.run(afterCommit, () => this.prisma.$transaction(work, { maxWait: 5_000, timeout: 15_000 }));
    for (const task of afterCommit) await this.settle(task);
    return result;
  }

  /**
   * Runs `task` once the unit of work in progress has committed (never if it rolls back); outside a
   * unit of work, at once: a statement run on the pool has committed when it returns. Used by the
   * change feed to publish what a transaction wrote. A failing task is logged, not thrown: the
   * transaction has committed, and the feed's sweepers make up for what was not published.
   */
  async afterCommit(task: AfterCommit): Promise<void> {
    const pending = this.current.getStore();
    if (pending) pending.push(task);
    else await this.settle(task);
  }

  private async settle(task: AfterCommit): Promise<void> {
    try {
      await task();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'a task after commit failed');
    }
  }
}
