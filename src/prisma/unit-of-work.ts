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
  /**
   * The tasks to run after commit, by the transaction's client. Not an AsyncLocalStorage: the first
   * use of one turns on Node's promise hooks for the whole process, which cost the API a fifth of
   * its CPU per message (BENCHMARKS.md, "The change feed's cost").
   */
  private readonly pending = new WeakMap<object, AfterCommit[]>();

  constructor(private readonly prisma: PrismaService) {}

  async run<T>(work: (db: Db) => Promise<T>): Promise<T> {
    const afterCommit: AfterCommit[] = [];
    const result = await this.prisma.$transaction(
      (db) => {
        this.pending.set(db, afterCommit);
        return work(db);
      },
      { maxWait: 5_000, timeout: 15_000 },
    );
    for (const task of afterCommit) await this.settle(task);
    return result;
  }

  /**
   * Runs `task` once the unit of work whose client `db` is has committed (never if it rolls back);
   * for the pool's client, at once: a statement run on the pool has committed when it returns. Used by the
   * change feed to publish what a transaction wrote. A failing task is logged, not thrown: the
   * transaction has committed, and the feed's sweepers make up for what was not published.
   */
  async afterCommit(db: Db, task: AfterCommit): Promise<void> {
    const pending = this.pending.get(db);
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
