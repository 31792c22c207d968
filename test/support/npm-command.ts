import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

const root = path.resolve(__dirname, '../..');

export interface NpmCommand {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/**
 * Runs an npm script of the repository (`npm start`, `npm run start:api`, ...) exactly as a user
 * types it, with the test environment plus `env`.
 */
export function runNpm(args: string[], env: Record<string, string>): NpmCommand {
  const child = spawn('npm', args, { cwd: root, env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => {
    err += c.toString();
    out += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, stderr: () => err, exited };
}

/** Pids of every live process below `pid`, with their command lines. */
export function descendants(pid: number): { pid: number; command: string }[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z') parentOf.set(Number(entry), Number(fields[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: { pid: number; command: string }[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of parentOf) {
      if (ppid !== parent) continue;
      let command: string;
      try {
        command = readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0').join(' ').trim();
      } catch {
        continue;
      }
      found.push({ pid: child, command });
      walk(child);
    }
  };
  walk(pid);
  return found;
}

/**
 * Kills a command still running and every process below it (the supervisor of `npm start`, its API
 * and worker processes): read before the kill, since killed npm's children are re-parented away.
 */
export function killTree(command: NpmCommand): void {
  if (command.child.exitCode !== null || command.child.signalCode !== null) return;
  const below = descendants(command.child.pid!);
  command.child.kill('SIGKILL');
  for (const { pid } of below) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}

/** The router's API and worker processes below a running `npm start`. */
export function routerChildren(npmPid: number): { api: number[]; worker: number[] } {
  const all = descendants(npmPid);
  return {
    api: all.filter((p) => p.command.includes('dist/main.js')).map((p) => p.pid),
    worker: all.filter((p) => p.command.includes('dist/worker.js')).map((p) => p.pid),
  };
}

/** A database URL on the test server whose database does not exist, and a way to drop it after. */
export interface FreshDatabase {
  url: string;
  name: string;
  /** CREATE DATABASE, empty. */
  create(): Promise<void>;
  drop(): Promise<void>;
  query<T extends object>(sql: string): Promise<T[]>;
}

export function freshDatabase(tag: string): FreshDatabase {
  const base = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/router_test');
  const name = `router_${tag}_${process.pid}_${Date.now().toString(36)}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  const admin = async (sql: string) => {
    const u = new URL(base);
    u.pathname = '/postgres';
    const c = new Client({ connectionString: u.toString() });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  return {
    url: url.toString(),
    name,
    create: () => admin(`CREATE DATABASE "${name}"`),
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    async query<T extends object>(sql: string) {
      const c = new Client({ connectionString: url.toString() });
      await c.connect();
      try {
        return (await c.query<T>(sql)).rows;
      } finally {
        await c.end();
      }
    },
  };
}

export async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
  describe = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
