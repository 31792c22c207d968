import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(__dirname, '../..');
const MIGRATIONS = path.join(root, 'prisma/migrations');

/** A scratch database at the schema just before `migration`; `migrateAll` then applies it and every later one. */
export interface ScratchMigration {
  /** Connected once beforeAll has run. */
  readonly db: pg.Client;
  migrateAll(): void;
}

/**
 * Registers the suite's beforeAll/afterAll: a fresh database named after the test's one with
 * `_<name>`, migrated up to (not including) `migration`, dropped afterwards. For testing what a
 * migration does to rows that were written before it.
 */
export function scratchDatabaseBefore(name: string, migration: string): ScratchMigration {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `${url.pathname}_${name}`;
  const scratch = url.toString();
  let before: string | undefined;
  let db: pg.Client | undefined;

  const migrate = (migrations: string) =>
    execFileSync(process.execPath, [path.join(root, 'scripts/prisma-migrate.mjs'), 'deploy'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: scratch, PRISMA_MIGRATIONS: migrations },
      stdio: ['ignore', 'ignore', 'inherit'],
    });

  const drop = async () => {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
    await admin.end();
  };

  beforeAll(async () => {
    await drop();
    before = mkdtempSync(path.join(os.tmpdir(), `migrations-before-${name}-`));
    for (const entry of readdirSync(MIGRATIONS)) {
      if (entry < migration) cpSync(path.join(MIGRATIONS, entry), path.join(before, entry), { recursive: true });
    }
    migrate(before);
    db = new pg.Client({ connectionString: scratch });
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    await db?.end();
    if (before) rmSync(before, { recursive: true, force: true });
    await drop();
  });

  return {
    get db() {
      if (!db) throw new Error('the scratch database is connected in beforeAll');
      return db;
    },
    migrateAll: () => migrate(MIGRATIONS),
  };
}
