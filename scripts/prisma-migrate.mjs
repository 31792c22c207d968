#!/usr/bin/env node
// Prisma Migrate without the native schema-engine binary.
// Drives Prisma's own schema engine compiled to WebAssembly (@prisma/schema-engine-wasm)
// through the PostgreSQL driver adapter (@prisma/adapter-pg). Migration files and the
// _prisma_migrations table are exactly what `prisma migrate` produces/uses, so a machine that
// has the native engine can run the stock `prisma migrate deploy|status` on the same folder.
//
// Usage: node scripts/prisma-migrate.mjs <command> [options]
//   dev --name <name> [--create-only]  apply pending, then create (and apply) a new migration
//   deploy                             apply pending migrations (no shadow DB, never resets)
//   status                             report pending / failed / edited migrations
//   diff [--exit-code]                 SQL from migrations folder -> schema.prisma (shadow DB)
//   push [--accept-data-loss]          sync schema.prisma straight into the DB (no migration)
//   reset --force                      drop everything, re-apply all migrations
//   resolve --applied <m> | --rolled-back <m>
// Env: DATABASE_URL (required; .env is read if present), PRISMA_SCHEMA (default prisma/schema.prisma),
//      PRISMA_MIGRATIONS (default prisma/migrations), DEBUG_SCHEMA_ENGINE=1 for engine logs.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

if (!process.env.DATABASE_URL && existsSync('.env')) process.loadEnvFile('.env');
// Same default as src/config/config.schema.ts: a local PostgreSQL with the postgres role.
const DATABASE_URL = process.env.DATABASE_URL || 'postgresql://postgres:postgres@127.0.0.1:5432/conversations_router';
const SCHEMA = process.env.PRISMA_SCHEMA ?? 'prisma/schema.prisma';
const MIGRATIONS = path.resolve(process.env.PRISMA_MIGRATIONS ?? 'prisma/migrations');
const FILTERS = { externalTables: [], externalEnums: [] };

// 1) adapter-pg 7.10 reports pg's internal "char" (oid 18) / name (19) columns, which the schema
//    engine reads from pg_catalog, as unsupported. Describe them as text (values are text already).
//    This patch lives only in this CLI process, never in the application.
const origQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (...args) {
  const fix = (res) => {
    for (const r of Array.isArray(res) ? res : [res])
      for (const f of r?.fields ?? []) if (f.dataTypeID === 18 || f.dataTypeID === 19) f.dataTypeID = 25;
    return res;
  };
  const cb = typeof args.at(-1) === 'function' ? args.pop() : undefined;
  if (cb) return origQuery.call(this, ...args, (err, res) => cb(err, res && fix(res)));
  const out = origQuery.apply(this, args);
  return out && typeof out.then === 'function' ? out.then(fix) : out;
};

function pgConfig(url) {
  const u = new URL(url);
  const cfg = {
    host: decodeURIComponent(u.hostname),
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.slice(1)),
  };
  const schema = u.searchParams.get('schema');
  return { cfg, options: schema ? { schema } : undefined };
}

// 2) adapter-pg's own connectToShadowDb() spreads {...config, database} - with a connectionString
//    pg ignores `database`, so the "shadow" DB would be the real one - and drops the DB before
//    closing its pool (fails: "being accessed by other users"). Own implementation:
class MigratePg extends PrismaPg {
  constructor(cfg, options) {
    super(cfg, options);
    this.cfg = cfg;
  }
  async connectToShadowDb() {
    const admin = new pg.Client(this.cfg);
    await admin.connect();
    const db = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
    await admin.query(`CREATE DATABASE "${db}"`);
    const adapter = await new PrismaPg({ ...this.cfg, database: db }).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      try {
        await dispose();
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
        await admin.end();
      }
    };
    return adapter;
  }
}

async function loadEngine(schemaFiles) {
  const bgUrl = import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bg = await import(bgUrl);
  const bytes = await fs.readFile(new URL('./schema_engine_bg.wasm', bgUrl));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  const { cfg, options } = pgConfig(DATABASE_URL);
  const factory = bindMigrationAwareSqlAdapterFactory(new MigratePg(cfg, options));
  const log = (line) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) process.stderr.write(`[schema-engine] ${line}\n`);
  };
  const engine = await bg.SchemaEngine.new({ datamodels: schemaFiles.map((f) => [f.path, f.content]) }, log, factory);
  return { engine, factory };
}

async function readSchemaFiles() {
  const st = await fs.stat(SCHEMA);
  const files = st.isDirectory()
    ? (await fs.readdir(SCHEMA, { recursive: true }))
        .filter((f) => f.endsWith('.prisma'))
        .sort()
        .map((f) => path.join(SCHEMA, f))
    : [SCHEMA];
  return Promise.all(files.map(async (p) => ({ path: p, content: await fs.readFile(p, 'utf8') })));
}

async function readMigrations() {
  const lockPath = 'migration_lock.toml';
  const lock = await fs.readFile(path.join(MIGRATIONS, lockPath), 'utf8').catch(() => null);
  const entries = await fs.readdir(MIGRATIONS, { withFileTypes: true }).catch(() => []);
  const migrationDirectories = [];
  for (const d of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const content = await fs.readFile(path.join(MIGRATIONS, d.name, 'migration.sql'), 'utf8').then(
      (value) => ({ tag: 'ok', value }),
      (e) => ({ tag: 'error', value: e.message }),
    );
    migrationDirectories.push({ path: d.name, migrationFile: { path: 'migration.sql', content } });
  }
  return { baseDir: MIGRATIONS, lockfile: { path: lockPath, content: lock }, migrationDirectories, shadowDbInitScript: '' };
}

function arg(name) {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}
const flag = (name) => process.argv.includes(name);

function describeError(e) {
  if (e && ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT'].includes(e.code)) {
    const u = new URL(DATABASE_URL);
    return (
      `PostgreSQL is not reachable at ${u.hostname}:${u.port || 5432} (${e.code}). ` +
      'Start it (or run `docker compose up -d`) and check DATABASE_URL.'
    );
  }
  if (e && e.code === '28P01') return 'PostgreSQL rejected the user or password in DATABASE_URL.';
  if (e && typeof e === 'object' && 'message' in e) return `${e.code ? e.code + ': ' : ''}${e.message}`;
  return String(e);
}

// The native CLI creates a missing database on migrate dev/deploy/reset; do the same.
async function ensureDatabase() {
  const { cfg } = pgConfig(DATABASE_URL);
  const probe = new pg.Client(cfg);
  try {
    await probe.connect();
  } catch (e) {
    if (e?.code !== '3D000') throw e; // 3D000 = database does not exist
    const admin = new pg.Client({ ...cfg, database: 'postgres' });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${cfg.database.replaceAll('"', '""')}"`);
    } finally {
      await admin.end();
    }
    console.log(`Created database ${cfg.database}`);
  } finally {
    await probe.end().catch(() => {});
  }
}

async function main() {
  const cmd = process.argv[2];
  if (!DATABASE_URL) throw new Error('DATABASE_URL is not set');
  if (['dev', 'deploy', 'reset', 'push'].includes(cmd)) await ensureDatabase();
  const schemaFiles = await readSchemaFiles();
  const { engine } = await loadEngine(schemaFiles);
  const schema = { files: schemaFiles };
  let exitCode = 0;
  try {
    switch (cmd) {
      case 'deploy': {
        const list = await readMigrations();
        console.log(`${list.migrationDirectories.length} migration(s) found in ${path.relative(process.cwd(), MIGRATIONS)}`);
        const { appliedMigrationNames: applied } = await engine.applyMigrations({ migrationsList: list, filters: FILTERS });
        console.log(applied.length ? `Applied:\n${applied.map((n) => '  ' + n).join('\n')}` : 'No pending migrations to apply.');
        break;
      }
      case 'status': {
        const list = await readMigrations();
        const out = await engine.diagnoseMigrationHistory({ migrationsList: list, optInToShadowDatabase: false, filters: FILTERS });
        const h = out.history;
        console.log(`${list.migrationDirectories.length} migration(s) found`);
        if (out.failedMigrationNames.length) {
          console.log(`Failed: ${out.failedMigrationNames.join(', ')}`);
          exitCode = 1;
        }
        if (out.editedMigrationNames.length) {
          console.log(`Edited after apply: ${out.editedMigrationNames.join(', ')}`);
          exitCode = 1;
        }
        if (!h) console.log('Database schema is up to date!');
        else {
          console.log(`Not in sync: ${JSON.stringify(h)}`);
          exitCode = 1;
        }
        break;
      }
      case 'dev': {
        const name = arg('--name');
        if (!name) throw new Error('dev needs --name <name>');
        const createOnly = flag('--create-only');
        let list = await readMigrations();
        const diag = await engine.devDiagnostic({ migrationsList: list, filters: FILTERS });
        if (diag.action.tag === 'reset') throw new Error(`Database needs a reset (run: reset --force): ${diag.action.reason}`);
        const pre = await engine.applyMigrations({ migrationsList: list, filters: FILTERS });
        for (const n of pre.appliedMigrationNames) console.log(`Applied pending migration ${n}`);
        const out = await engine.createMigration({
          draft: createOnly,
          migrationName: name,
          migrationsList: list,
          schema,
          filters: FILTERS,
        });
        if (out.migrationScript === null) {
          console.log('Already in sync, no schema change or pending migration was found.');
          break;
        }
        const dir = path.join(MIGRATIONS, out.generatedMigrationName);
        await fs.mkdir(dir, { recursive: true });
        await fs.writeFile(path.join(dir, `migration.${out.extension}`), out.migrationScript);
        await fs.writeFile(
          path.join(MIGRATIONS, 'migration_lock.toml'),
          `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${out.connectorType}"\n`,
        );
        console.log(`Created ${path.relative(process.cwd(), dir)}/migration.${out.extension}`);
        if (!createOnly) {
          list = await readMigrations();
          const post = await engine.applyMigrations({ migrationsList: list, filters: FILTERS });
          for (const n of post.appliedMigrationNames) console.log(`Applied ${n}`);
        }
        break;
      }
      case 'diff': {
        const out = await engine.diff({
          from: flag('--from-empty') ? { tag: 'empty' } : { tag: 'migrations', ...(await readMigrations()) },
          to: { tag: 'schemaDatamodel', ...schema },
          script: true,
          exitCode: flag('--exit-code'),
          filters: FILTERS,
        });
        if (out.stdout) process.stdout.write(out.stdout);
        exitCode = out.exitCode;
        break;
      }
      case 'push': {
        const out = await engine.schemaPush({ force: flag('--accept-data-loss'), schema, filters: FILTERS });
        for (const w of out.warnings) console.log(`warning: ${w}`);
        if (out.unexecutable.length) {
          console.log(`cannot execute:\n${out.unexecutable.join('\n')}`);
          exitCode = 1;
        } else if (out.warnings.length && !flag('--accept-data-loss')) {
          console.log('not applied: pass --accept-data-loss');
          exitCode = 1;
        } else console.log(`Database in sync with schema (${out.executedSteps} step(s) executed).`);
        break;
      }
      case 'reset': {
        if (!flag('--force')) throw new Error('reset drops all data: pass --force');
        await engine.reset({ filter: FILTERS });
        const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: await readMigrations(), filters: FILTERS });
        console.log(`Database reset; applied ${appliedMigrationNames.length} migration(s).`);
        break;
      }
      case 'resolve': {
        const applied = arg('--applied'),
          rolledBack = arg('--rolled-back');
        if (applied) await engine.markMigrationApplied({ migrationName: applied, migrationsList: await readMigrations() });
        else if (rolledBack) await engine.markMigrationRolledBack({ migrationName: rolledBack });
        else throw new Error('resolve needs --applied <name> or --rolled-back <name>');
        console.log('Resolved.');
        break;
      }
      default:
        throw new Error(`unknown command ${cmd ?? '(none)'}; see the header of this file`);
    }
  } finally {
    engine.free();
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`Error: ${describeError(e)}`);
    process.exit(1);
  },
);
