import cluster, { type Worker } from 'node:cluster';
import path from 'node:path';
import type { Logger } from 'pino';
import { aggregateMetrics, type ProcessMetrics } from '../observability/metrics-aggregation';
import { ChildMonitor } from './child-monitor';
import { restartDelay } from './restart-backoff';
import { ExitCode } from './startup';
import { answerChildren, askChild } from './supervisor-ipc';

export type ChildRole = 'api' | 'worker';

/** One process `npm start` keeps running: `api#1`, `worker#2`, ... */
export interface ChildSpec {
  role: ChildRole;
  slot: number;
}

interface Running {
  spec: ChildSpec;
  worker: Worker;
  startedAt: number;
}

const dist = path.resolve(__dirname, '..');
const ENTRY: Record<ChildRole, { exec: string; args: string[] }> = {
  api: { exec: path.join(dist, 'main.js'), args: ['--api-only'] },
  worker: { exec: path.join(dist, 'worker.js'), args: [] },
};
/** Beyond the children's own stop limit: time for them to log and exit before they are killed. */
const KILL_GRACE_MS = 5_000;
/** A child that does not hand over its metrics in this time is left out of a scrape. */
const METRICS_TIMEOUT_MS = 5_000;

export const childName = (spec: ChildSpec): string => `${spec.role}#${spec.slot}`;

/**
 * `npm start`'s process tree: API and worker processes as node:cluster children, so that the API
 * processes share one listening port without a balancer in front. A child that exits is logged and
 * started again (at once after a stable run, with back-off when it keeps failing). SIGTERM or
 * SIGINT stops the children (each finishes what it has in hand, see stopOnSignals) and, past
 * their limit, kills them; then the supervisor exits. Every child is asked for its readiness (see
 * ChildMonitor: changes are logged, a child that stops answering is killed and restarted), and an
 * API child's GET /metrics is answered here, with the metrics of every child added up.
 */
export class Supervisor {
  private readonly running = new Map<number, Running>();
  private readonly quickExits = new Map<string, number>();
  private readonly pendingRestarts = new Set<NodeJS.Timeout>();
  private stopping = false;
  private readonly monitor: ChildMonitor;

  constructor(
    private readonly children: readonly ChildSpec[],
    private readonly logger: Logger,
    private readonly shutdownTimeoutMs: number,
  ) {
    this.monitor = new ChildMonitor(logger);
  }

  start(): void {
    cluster.on('exit', (worker, code, signal) => this.onExit(worker, code, signal));
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void this.stop(signal));
    answerChildren('cluster-metrics', () => this.metrics());
    for (const spec of this.children) this.fork(spec);
    this.monitor.start();
    this.logger.info(
      { api: this.count('api'), worker: this.count('worker') },
      `supervising ${this.count('api')} API and ${this.count('worker')} worker process(es)`,
    );
  }

  private count(role: ChildRole): number {
    return this.children.filter((c) => c.role === role).length;
  }

  private fork(spec: ChildSpec): void {
    const entry = ENTRY[spec.role];
    cluster.setupPrimary({ exec: entry.exec, args: entry.args });
    const worker = cluster.fork({ ROUTER_PROCESS: childName(spec) });
    // A message sent to a child that is dying fails as an 'error' event (EPIPE, channel closed): the
    // exit that follows restarts it; unheard, the event would take the supervisor down with it.
    worker.on('error', (err: Error) => this.logger.warn({ child: childName(spec), err: err.message }, `${childName(spec)}: IPC error`));
    const startedAt = Date.now();
    this.running.set(worker.id, { spec, worker, startedAt });
    this.monitor.add({ name: childName(spec), role: spec.role, worker, startedAt });
    this.logger.info({ child: childName(spec), childPid: worker.process.pid }, `${childName(spec)} started`);
  }

  private onExit(worker: Worker, code: number | null, signal: string | null): void {
    const entry = this.running.get(worker.id);
    if (!entry) return;
    this.running.delete(worker.id);
    this.monitor.remove(worker);
    const name = childName(entry.spec);
    const uptimeMs = Date.now() - entry.startedAt;
    if (this.stopping) {
      this.logger.info({ child: name, childPid: worker.process.pid, code, signal }, `${name} stopped`);
      return;
    }
    if (code === ExitCode.listen) {
      // Restarting cannot help (a port another program holds, a host not of this machine): say so and stop.
      this.logger.fatal(
        { child: name, childPid: worker.process.pid, code },
        `${name} cannot run with this configuration (exit ${code}, see above); stopping`,
      );
      void this.stop('SIGTERM', code);
      return;
    }
    const { delayMs, quickExits } = restartDelay(uptimeMs, this.quickExits.get(name) ?? 0);
    this.quickExits.set(name, quickExits);
    this.logger.error(
      { child: name, childPid: worker.process.pid, code, signal, uptimeMs, restartInMs: delayMs },
      `${name} exited (code ${code}, signal ${signal}) after ${Math.round(uptimeMs / 100) / 10} s; restarting in ${delayMs / 1000} s`,
    );
    const timer = setTimeout(() => {
      this.pendingRestarts.delete(timer);
      if (!this.stopping) this.fork(entry.spec);
    }, delayMs);
    this.pendingRestarts.add(timer);
  }

  /** Every child's metrics, added up; a child that does not answer in time is left out (and logged). */
  private async metrics(): Promise<string> {
    const answers = await Promise.all(
      [...this.running.values()].map(({ spec, worker }) =>
        askChild<ProcessMetrics>(worker, 'metrics', METRICS_TIMEOUT_MS).catch((err: Error) => {
          this.logger.warn({ child: childName(spec), err: err.message }, `${childName(spec)} gave no metrics`);
          return null;
        }),
      ),
    );
    return aggregateMetrics(
      answers.filter((a) => a !== null),
      this.monitor.summary(),
    );
  }

  /** Stops every child, kills those still running after their limit, then exits (with `exitCode` when given). */
  async stop(signal: NodeJS.Signals, exitCode?: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.monitor.stop();
    for (const timer of this.pendingRestarts) clearTimeout(timer);
    this.logger.info({ signal, children: this.running.size }, 'stopping the router');
    const exits = [...this.running.values()].map(
      ({ worker }) => new Promise<void>((resolve) => worker.process.once('exit', () => resolve())),
    );
    for (const { worker } of this.running.values()) worker.process.kill('SIGTERM');
    const deadline = this.shutdownTimeoutMs + KILL_GRACE_MS;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      Promise.all(exits).then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), deadline))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      for (const { spec, worker } of this.running.values()) {
        this.logger.error(
          { child: childName(spec), childPid: worker.process.pid },
          `${childName(spec)} did not stop in ${deadline} ms; killed`,
        );
        worker.process.kill('SIGKILL');
      }
    }
    this.logger.info('router stopped');
    process.exit(exitCode ?? (timedOut ? 1 : 0));
  }
}

/** API processes first, then workers, numbered from 1 within each role. */
export function childrenOf(counts: { api: number; worker: number }): ChildSpec[] {
  const of = (role: ChildRole, n: number) => Array.from({ length: n }, (_, i) => ({ role, slot: i + 1 }));
  return [...of('api', counts.api), ...of('worker', counts.worker)];
}
