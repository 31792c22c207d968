import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { AppConfig, ConfigError } from '../config/app-config';

const root = path.resolve(__dirname, '../..');

/** How a process that cannot start says why, for supervisors and scripts (README, "Exit codes"). */
export const ExitCode = { config: 1, dependency: 2, migration: 3, listen: 4 } as const;

const START_IT = 'start it (`npm run services:up` on Debian/Ubuntu, or `docker compose up -d`)';

/** Parses the configuration or exits with a message naming every bad variable. */
export function loadConfigOrExit(): AppConfig {
  // A .env file in the working directory fills in what the environment does not set.
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return AppConfig.fromEnv();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee README.md, "Configuration".\n`);
      process.exit(ExitCode.config);
    }
    throw err;
  }
}

/** Settings that work but are probably not what the operator wants. */
export function configurationWarnings(config: AppConfig): string[] {
  const warnings: string[] = [];
  if (!config.twilio.authToken) {
    warnings.push(
      config.simulatorEnabled
        ? 'TWILIO_AUTH_TOKEN is not set: carrier webhooks are refused and the simulator carrier cannot take sends (set any secret for the simulator)'
        : 'TWILIO_AUTH_TOKEN is not set: carrier webhooks are refused',
    );
  }
  if (!config.bootstrapAccount) warnings.push('BOOTSTRAP_ACCOUNT_SID / BOOTSTRAP_AUTH_TOKEN are not set: no account is created at start');
  return warnings;
}

/**
 * Exits with one line per problem when PostgreSQL or Redis cannot be reached, or the database is
 * missing or not migrated. `createsDatabase`: the caller migrates next (`npm start`), which creates
 * a missing database and applies what is pending, so only the server has to answer.
 */
export async function checkDependenciesOrExit(config: AppConfig, options: { createsDatabase: boolean }): Promise<void> {
  const problems = [await postgresProblem(config, options.createsDatabase), await redisProblem(config)].filter((p) => p !== null);
  if (problems.length) {
    process.stderr.write(`${problems.join('\n')}\n`);
    process.exit(ExitCode.dependency);
  }
}

async function postgresProblem(config: AppConfig, createsDatabase: boolean): Promise<string | null> {
  const where = `PostgreSQL at ${config.databaseUrlForDisplay}`;
  const pg = new Client({ connectionString: config.databaseUrl, connectionTimeoutMillis: 5_000 });
  try {
    await pg.connect();
    if (createsDatabase) return null;
    const pending = await pendingMigrations(pg);
    return pending.length
      ? `The database at ${config.databaseUrlForDisplay} is not migrated (${pending.length} migration(s) pending, first ${pending[0]}): run \`npm run db:migrate\`, or start with \`npm start\`, which migrates.`
      : null;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === '3D000') {
      return createsDatabase
        ? null
        : `The database at ${config.databaseUrlForDisplay} does not exist: run \`npm run db:migrate\` (it creates it), or start with \`npm start\`, which does.`;
    }
    if (code === '28P01' || code === '28000') return `${where} refused the user or password (${code}): check DATABASE_URL.`;
    return `Cannot reach ${where} (${code ?? (err as Error).message}): ${START_IT} and check DATABASE_URL.`;
  } finally {
    await pg.end().catch(() => undefined);
  }
}

/** The migration folders this build ships, oldest first. */
export function knownMigrations(): string[] {
  return readdirSync(path.join(root, 'prisma/migrations'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Migrations in prisma/migrations that the database has not applied, oldest first. */
export async function pendingMigrations(
  pg: { query<R extends object>(sql: string): Promise<{ rows: R[] }> },
  known = knownMigrations(),
): Promise<string[]> {
  const { rows } = await pg
    .query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    )
    .catch((err: { code?: string }) => {
      if (err.code === '42P01') return { rows: [] }; // no migration table: nothing applied yet
      throw err;
    });
  const applied = new Set(rows.map((r) => r.migration_name));
  return known.filter((name) => !applied.has(name));
}

async function redisProblem(config: AppConfig): Promise<string | null> {
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 5_000,
  });
  let socketError: { code?: string } | undefined;
  redis.on('error', (err: { code?: string }) => (socketError ??= err));
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (err) {
    // ioredis rejects with "Connection is closed."; the socket's own error says why.
    const reason = socketError?.code ?? (err as { code?: string }).code ?? (err as Error).message;
    return `Cannot reach Redis at ${config.redisUrlForDisplay} (${reason}): ${START_IT} and check REDIS_URL.`;
  } finally {
    redis.disconnect();
  }
}

/** Listens on PORT/HOST, or exits with one line when the port is taken or not ours to use. */
export async function listenOrExit<T>(
  listen: () => Promise<T>,
  config: Pick<AppConfig, 'host' | 'port'>,
  portVariable = 'PORT',
): Promise<T> {
  try {
    return await listen();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw err;
    const why =
      code === 'EADDRINUSE'
        ? 'is in use by another program'
        : code === 'EACCES'
          ? 'is not allowed for this user'
          : 'is not an address of this machine';
    process.stderr.write(
      `Cannot listen on ${config.host}:${config.port}: the ${code === 'EADDRNOTAVAIL' ? 'host' : 'port'} ${why} (${code}); set ${portVariable} / HOST.\n`,
    );
    process.exit(ExitCode.listen);
  }
}

/** Creates the database if missing and applies pending migrations (the same runner as `npm run db:migrate`). */
export function migrateOrExit(config: AppConfig): void {
  const result = spawnSync(process.execPath, [path.join(root, 'scripts/prisma-migrate.mjs'), 'deploy'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: config.databaseUrl },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    process.stderr.write('Database migration failed; the router did not start.\n');
    process.exit(ExitCode.migration);
  }
}
