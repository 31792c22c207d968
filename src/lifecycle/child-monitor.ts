import type { Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { askChild } from './supervisor-ipc';

/** How often the supervisor asks each child whether it is ready. */
const POLL_MS = 2_000;
const ANSWER_TIMEOUT_MS = 3_000;
/** A child that answered before and then stays silent this long is stuck (a blocked event loop): it is killed and restarted. */
export const UNRESPONSIVE_MS = 30_000;
/** A starting child gets longer to answer the first time (dependency checks, Nest bootstrap on a busy machine). */
export const STARTUP_GRACE_MS = 120_000;

interface Readiness {
  ready: boolean;
  reasons: string[];
}

export interface MonitoredChild {
  name: string;
  role: string;
  worker: Worker;
  startedAt: number;
}

interface State {
  child: MonitoredChild;
  ready?: boolean;
  reasons: string;
  lastAnswerAt?: number;
  asking: boolean;
}

/**
 * The supervisor's use of readiness and liveness: it asks every child over IPC what /readyz answers
 * (the same check), logs each change (`api#1 ready`, `worker#1 not ready: redis: ...`) and when the
 * whole router is ready, and kills a child that stopped answering at all, which the supervisor then
 * restarts. A child that answers "not ready" is left running: restarting it cannot bring PostgreSQL
 * or Redis back, and it becomes ready by itself when they return.
 */
export class ChildMonitor {
  private readonly states = new Map<number, State>();
  private timer?: NodeJS.Timeout;
  private allReady = false;

  constructor(
    private readonly logger: Logger,
    private readonly options: { unresponsiveMs?: number; startupGraceMs?: number; pollMs?: number } = {},
  ) {}

  start(): void {
    this.timer = setInterval(() => this.poll(), this.options.pollMs ?? POLL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  add(child: MonitoredChild): void {
    this.states.set(child.worker.id, { child, reasons: '', asking: false });
    this.allReady = false;
  }

  remove(worker: Worker): void {
    this.states.delete(worker.id);
  }

  /** Children by role: how many run and how many said they are ready (for the supervisor's metrics). */
  summary(): { role: string; running: number; ready: number }[] {
    const byRole = new Map<string, { role: string; running: number; ready: number }>();
    for (const { child, ready } of this.states.values()) {
      const entry = byRole.get(child.role) ?? { role: child.role, running: 0, ready: 0 };
      entry.running += 1;
      if (ready) entry.ready += 1;
      byRole.set(child.role, entry);
    }
    return [...byRole.values()];
  }

  private poll(): void {
    const now = Date.now();
    for (const state of this.states.values()) {
      if (state.asking) {
        this.killIfStuck(state, now);
        continue;
      }
      state.asking = true;
      askChild<Readiness>(state.child.worker, 'readiness', ANSWER_TIMEOUT_MS)
        .then(
          (answer) => this.answered(state, answer),
          () => this.killIfStuck(state, Date.now()),
        )
        .finally(() => (state.asking = false));
    }
  }

  private answered(state: State, answer: Readiness): void {
    if (this.states.get(state.child.worker.id) !== state) return;
    state.lastAnswerAt = Date.now();
    const reasons = answer.reasons.join('; ');
    const { name, worker } = state.child;
    if (answer.ready && state.ready !== true) this.logger.info({ child: name, childPid: worker.process.pid }, `${name} ready`);
    if (!answer.ready && (state.ready !== false || reasons !== state.reasons)) {
      this.logger.warn({ child: name, childPid: worker.process.pid, reasons: answer.reasons }, `${name} not ready: ${reasons}`);
    }
    state.ready = answer.ready;
    state.reasons = reasons;
    const everyoneReady = [...this.states.values()].every((s) => s.ready === true);
    if (everyoneReady && !this.allReady) {
      this.logger.info({ children: this.states.size }, `router ready: ${this.states.size} process(es) ready`);
    }
    this.allReady = everyoneReady;
  }

  private killIfStuck(state: State, now: number): void {
    if (this.states.get(state.child.worker.id) !== state) return;
    const since = state.lastAnswerAt ?? state.child.startedAt;
    const limit =
      state.lastAnswerAt === undefined
        ? (this.options.startupGraceMs ?? STARTUP_GRACE_MS)
        : (this.options.unresponsiveMs ?? UNRESPONSIVE_MS);
    if (now - since <= limit) return;
    const { name, worker } = state.child;
    this.logger.error(
      { child: name, childPid: worker.process.pid, silentMs: now - since },
      `${name} has not answered for ${Math.round((now - since) / 1000)} s; killing it to restart it`,
    );
    this.states.delete(worker.id);
    worker.process.kill('SIGKILL');
  }
}
