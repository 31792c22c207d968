import { BeforeApplicationShutdown, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import type { Pool } from 'pg';
import { AppConfig } from '../config/app-config';
import { answerSupervisor } from '../lifecycle/supervisor-ipc';
import { knownMigrations, pendingMigrations } from '../lifecycle/startup';
import { PG_POOL } from '../prisma/pg-pool';
import { QueueInspector } from '../queues/queue-inspector';
import { QueueName } from '../queues/queue-names';
import { QueueWorkers } from '../queues/queue-workers';
import { REDIS } from '../redis/redis.module';

/** Each check gets this long; a dependency slower than that is as good as away for a probe. */
const CHECK_TIMEOUT_MS = 2_000;

export type CheckResult = { status: 'up' } | { status: 'down'; reason: string };

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckResult>;
  /** The failing checks, one phrase each; empty when ready. */
  reasons: string[];
}

/**
 * Whether this process can do its work now: PostgreSQL and Redis answer, every migration this build
 * ships is applied, and the queues are served. In a process with queue workers (a worker, or the
 * single-process mode) its own workers must be running and the oldest waiting job younger than
 * READY_QUEUE_LAG_MS; in an API process, some process must consume each queue within that lag
 * (READY_REQUIRES_WORKERS=off leaves that to the workers' own readiness). A stopping process is
 * not ready. `npm start`'s supervisor asks its children the same question over IPC.
 */
@Injectable()
export class ReadinessService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly migrations = knownMigrations();
  private stopping = false;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly queues: QueueInspector,
    private readonly workers: QueueWorkers,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    answerSupervisor('readiness', () => this.check());
  }

  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  async check(): Promise<Readiness> {
    const checks: Record<string, () => Promise<string | null>> = {
      database: () => this.pool.query('SELECT 1').then(() => null),
      migrations: () => this.pendingMigrations(),
      redis: () => this.redis.ping().then(() => null),
      ...this.queueChecks(),
    };
    const names = Object.keys(checks);
    const problems = await Promise.all(names.map((name) => bounded(checks[name]())));
    const result: Readiness = { ready: true, checks: {}, reasons: [] };
    if (this.stopping) result.reasons.push('stopping: the process is shutting down');
    names.forEach((name, i) => {
      const problem = problems[i];
      result.checks[name] = problem === null ? { status: 'up' } : { status: 'down', reason: problem };
      if (problem !== null) result.reasons.push(`${name}: ${problem}`);
    });
    result.ready = result.reasons.length === 0;
    return result;
  }

  private async pendingMigrations(): Promise<string | null> {
    const pending = await pendingMigrations(this.pool, this.migrations);
    return pending.length ? `${pending.length} migration(s) pending, first ${pending[0]}: run \`npm run db:migrate\`` : null;
  }

  private queueChecks(): Record<string, () => Promise<string | null>> {
    const own = this.workers.list();
    const lag = () => this.lagProblem();
    if (own.length) {
      return {
        workers: async () => {
          const stopped = own.filter(({ worker }) => !worker.isRunning()).map(({ queue }) => queue);
          return stopped.length ? `the worker of ${stopped.join(', ')} is not running` : null;
        },
        queues: lag,
      };
    }
    if (!this.config.operations.readyRequiresWorkers) return {};
    return {
      workers: async () => {
        const counts = await Promise.all(Object.values(QueueName).map(async (queue) => ({ queue, n: await this.queues.consumers(queue) })));
        const unserved = counts.filter((c) => c.n === 0).map((c) => c.queue);
        return unserved.length ? `no worker process consumes ${unserved.join(', ')}` : null;
      },
      queues: lag,
    };
  }

  private async lagProblem(): Promise<string | null> {
    const bound = this.config.operations.readyQueueLagMs;
    const lags = await Promise.all(Object.values(QueueName).map(async (queue) => ({ queue, ms: await this.queues.lagMs(queue) })));
    const late = lags.filter((l) => l.ms > bound);
    return late.length
      ? late.map((l) => `the oldest ${l.queue} job has waited ${Math.round(l.ms / 1000)} s (bound ${bound / 1000} s)`).join('; ')
      : null;
  }
}

/** A check's problem, or null; a check that throws or takes too long is a problem with its message. */
async function bounded(check: Promise<string | null>): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${CHECK_TIMEOUT_MS} ms`), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check.catch((err: Error) => err.message || String(err)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
