import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { AppConfig, ConfigError } from './config/app-config';

/** Parses the configuration or exits with a message naming every bad variable. */
export function loadConfigOrExit(): AppConfig {
  // A .env file in the working directory fills in what the environment does not set.
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return AppConfig.fromEnv();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee README.md, "Configuration".\n`);
      process.exit(1);
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

/** Exits with a plain message when PostgreSQL or Redis cannot be reached. */
export async function checkDependenciesOrExit(config: AppConfig): Promise<void> {
  const problems: string[] = [];
  const pg = new Client({ connectionString: config.databaseUrl, connectionTimeoutMillis: 5_000 });
  try {
    await pg.connect();
    await pg.query('SELECT 1');
  } catch (err) {
    const e = err as { code?: string; message: string };
    problems.push(
      e.code === '3D000'
        ? `PostgreSQL answers but the database in ${config.databaseUrlForDisplay} does not exist: run \`npm run db:migrate\` (it creates it).`
        : `Cannot reach PostgreSQL at ${config.databaseUrlForDisplay} (${e.code ?? e.message}).`,
    );
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 5_000,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    problems.push(
      `Cannot reach Redis at ${config.redisUrl.replace(/\/\/[^@]*@/, '//***@')} (${(err as { code?: string }).code ?? (err as Error).message}).`,
    );
  } finally {
    redis.disconnect();
  }
  if (problems.length) {
    process.stderr.write(
      `${problems.join('\n')}\nThe router needs PostgreSQL and Redis: start them locally, or run \`docker compose up -d\`, and check DATABASE_URL / REDIS_URL.\n`,
    );
    process.exit(1);
  }
}

/** Applies pending migrations (the same runner as `npm run db:migrate`). */
export function migrateOrExit(config: AppConfig): void {
  const root = path.resolve(__dirname, '..');
  const result = spawnSync(process.execPath, [path.join(root, 'scripts/prisma-migrate.mjs'), 'deploy'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: config.databaseUrl },
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    process.stderr.write('Database migration failed; the router did not start.\n');
    process.exit(1);
  }
}
