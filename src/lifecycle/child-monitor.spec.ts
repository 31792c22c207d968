import cluster, { type Worker } from 'node:cluster';
import pino from 'pino';
import { ChildMonitor } from './child-monitor';

interface FakeChild {
  worker: Worker;
  killed: string[];
  /** What the child answers to a readiness request; undefined: it stays silent (a blocked event loop). */
  answer?: { ready: boolean; reasons: string[] };
}

let nextId = 1000;
function fakeChild(answer?: FakeChild['answer']): FakeChild {
  const child: FakeChild = { worker: undefined as unknown as Worker, killed: [], answer };
  const worker = {
    id: nextId++,
    process: { pid: 4242, kill: (signal: string) => child.killed.push(signal) },
    isConnected: () => true,
    send: (message: { routerIpc: string; id: number }) => {
      if (child.answer) setImmediate(() => cluster.emit('message', worker, { routerIpc: 'response', id: message.id, value: child.answer }));
      return true;
    },
  };
  child.worker = worker as unknown as Worker;
  return child;
}

function recordingLogger() {
  const lines: { msg: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as { msg: string }) });
  return { logger, messages: () => lines.map((l) => l.msg) };
}

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 3_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('ChildMonitor', () => {
  let monitor: ChildMonitor | undefined;
  afterEach(() => monitor?.stop());

  it('logs each child ready, then the router once all are, and a child that turns not ready with its reasons', async () => {
    const { logger, messages } = recordingLogger();
    const api = fakeChild({ ready: true, reasons: [] });
    const worker = fakeChild({ ready: true, reasons: [] });
    monitor = new ChildMonitor(logger, { pollMs: 20 });
    monitor.add({ name: 'api#1', role: 'api', worker: api.worker, startedAt: Date.now() });
    monitor.add({ name: 'worker#1', role: 'worker', worker: worker.worker, startedAt: Date.now() });
    monitor.start();
    await until(() => messages().includes('router ready: 2 process(es) ready'));
    expect(messages().filter((m) => m.endsWith(' ready'))).toEqual(expect.arrayContaining(['api#1 ready', 'worker#1 ready']));
    expect(monitor.summary()).toEqual(
      expect.arrayContaining([
        { role: 'api', running: 1, ready: 1 },
        { role: 'worker', running: 1, ready: 1 },
      ]),
    );

    worker.answer = { ready: false, reasons: ['redis: Connection is closed.'] };
    await until(() => messages().includes('worker#1 not ready: redis: Connection is closed.'));
    // Said once, not at every poll; and a child that is not ready is left running.
    await new Promise((r) => setTimeout(r, 100));
    expect(messages().filter((m) => m.startsWith('worker#1 not ready'))).toHaveLength(1);
    expect(worker.killed).toEqual([]);
    expect(monitor.summary()).toEqual(expect.arrayContaining([{ role: 'worker', running: 1, ready: 0 }]));

    worker.answer = { ready: true, reasons: [] };
    await until(() => messages().filter((m) => m.startsWith('router ready')).length === 2);
  });

  it('kills a child that stopped answering, after the silence allowed, and only then', async () => {
    const { logger, messages } = recordingLogger();
    const child = fakeChild({ ready: true, reasons: [] });
    monitor = new ChildMonitor(logger, { pollMs: 20, unresponsiveMs: 300, startupGraceMs: 10_000 });
    monitor.add({ name: 'worker#1', role: 'worker', worker: child.worker, startedAt: Date.now() });
    monitor.start();
    await until(() => messages().includes('worker#1 ready'));
    const silentSince = Date.now();
    child.answer = undefined;
    await until(() => child.killed.length > 0);
    // Counted from its last answer, at most one poll (20 ms) before the silence began.
    expect(Date.now() - silentSince).toBeGreaterThanOrEqual(300 - 40);
    expect(child.killed).toEqual(['SIGKILL']);
    expect(messages().some((m) => /^worker#1 has not answered for \d+ s; killing it to restart it$/.test(m))).toBe(true);
  });

  it('gives a starting child the start-up grace before its first answer', async () => {
    const { logger } = recordingLogger();
    const slow = fakeChild();
    monitor = new ChildMonitor(logger, { pollMs: 20, unresponsiveMs: 50, startupGraceMs: 500 });
    monitor.add({ name: 'api#1', role: 'api', worker: slow.worker, startedAt: Date.now() });
    monitor.start();
    await new Promise((r) => setTimeout(r, 250));
    expect(slow.killed).toEqual([]);
    await until(() => slow.killed.length > 0);
  });
});
