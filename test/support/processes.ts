import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

export interface RouterProcess {
  child: ChildProcess;
  /** Everything it printed, for diagnostics on failure. */
  output(): string;
  /** SIGKILL: no shutdown hooks, no drain, as a crash. */
  kill(): Promise<void>;
  /** SIGTERM, waiting for a clean exit. */
  stop(): Promise<void>;
}

/**
 * Runs a role of the built router (`dist/`, built by `npm test` before the e2e suite) as its own
 * process, with the test environment plus `env`. Resolves once it is ready: the worker logs
 * "worker started", the API answers /healthz.
 */
export async function spawnRouterProcess(role: 'worker' | 'api', env: Record<string, string>): Promise<RouterProcess> {
  const args = role === 'worker' ? [path.join(root, 'dist/worker.js')] : [path.join(root, 'dist/main.js'), '--api-only'];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${role} exited during start:\n${output}`);
    if (role === 'worker' && output.includes('worker started')) break;
    if (role === 'api' && env.PORT) {
      const healthy = await fetch(`http://127.0.0.1:${env.PORT}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (healthy) break;
    }
    if (Date.now() > deadline) throw new Error(`${role} did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    output: () => output,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
