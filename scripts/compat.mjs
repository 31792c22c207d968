#!/usr/bin/env node
// Compatibility report: which operations of Twilio's APIs the router serves, per OpenAPI file.
//
//   npm run build && npm run compat [-- --api chat-v2] [-- --min N] [-- --spec <file>] [-- --json]
//
// The APIs checked are listed in reference/openapi/compat.json (data, not code): for each, the
// OpenAPI file kept in the repository (unmodified copies of twilio/twilio-oai; see SOURCE.md there),
// the tag prefix its resources are named by, an optional `include` ({operationIds: [...]} and/or
// {pathPrefixes: [...]}) to check a subset of a spec, and the minimum CI asks for. Adding an API
// (the Flex v1 chat channel subset, say) is one entry there. The script lists every operation
// (method + path) of each, builds the router application from the compiled code
// (dist/app.factory.js, hence `npm run build` first) and asks Fastify, for each operation, whether a
// route serves it.
//
// How "served" is decided, and why this way:
// - The application is created with createRouterApp('api'), as main.ts does, but not started: Nest's
//   registerRouter() puts every controller route into Fastify's router without running lifecycle
//   hooks, so no PostgreSQL or Redis is needed and nothing is written anywhere. `--init` runs the
//   full app.init() instead (hooks included; then PostgreSQL and Redis must answer).
// - Each spec path is turned into a Fastify route pattern ({Sid} -> :Sid) and checked with
//   fastify.hasRoute({ method, url }). find-my-way compares the pattern's structure (static parts and
//   parameter positions), not parameter names, so `/v1/Users/:UserSid/...` matches a controller that
//   calls the parameter anything. An exact structural match is stricter than injecting a sample
//   URL: no wildcard or prefix route can make an operation look served, and a handler's own
//   resource-level 404 (an unknown SID) cannot make a served operation look missing.
// - `--api id` (repeatable) checks some of the listed APIs; `--min N` overrides the minimum of the one
//   API checked; `--spec file` checks one OpenAPI file that is not listed (minimum --min, default 0).
// - Exit status: 0 when every API checked has at least its minimum served, 1 otherwise, 2 on a
//   setup error (no build, unreadable spec or manifest, unknown API).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const METHODS = ['get', 'post', 'delete', 'put', 'patch'];

function parseArgs(argv) {
  const args = { apis: [], min: undefined, spec: undefined, init: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return v;
    };
    if (arg === '--min' || arg.startsWith('--min=')) args.min = Number(value());
    else if (arg === '--api' || arg.startsWith('--api=')) args.apis.push(value());
    else if (arg === '--spec' || arg.startsWith('--spec=')) args.spec = path.resolve(value());
    else if (arg === '--init') args.init = true;
    else if (arg === '--json') args.json = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: npm run compat [-- --api ID]... [-- --min N] [-- --spec file.json] [-- --init] [-- --json]');
      process.exit(0);
    } else fail(`unknown argument ${arg}`);
  }
  if (args.min !== undefined && (!Number.isInteger(args.min) || args.min < 0)) fail('--min takes a non-negative integer');
  return args;
}

const MANIFEST = path.join(root, 'reference/openapi/compat.json');

/** The APIs to check: those of the manifest (all, or the --api ones), or the one --spec file. */
export function apisToCheck(args, manifest) {
  if (args.spec) {
    const id = path.basename(args.spec, '.json');
    return [{ id, name: id, specFile: args.spec, tagPrefix: '', min: args.min ?? 0 }];
  }
  const listed = manifest.apis.map((api) => ({ ...api, specFile: path.join(path.dirname(MANIFEST), api.spec) }));
  const chosen = args.apis.length
    ? args.apis.map((id) => listed.find((api) => api.id === id) ?? fail(`unknown API ${id}; listed: ${listed.map((x) => x.id).join(', ')}`))
    : listed;
  if (args.min !== undefined) {
    if (chosen.length !== 1) fail('--min applies to one API: name it with --api');
    chosen[0] = { ...chosen[0], min: args.min };
  }
  return chosen;
}

function fail(message) {
  console.error(`compat: ${message}`);
  process.exit(2);
}

/**
 * Every operation of a spec (or of the subset `include` names): method, path, operationId and the
 * resource it belongs to (its first tag without the API's prefix).
 */
export function operationsOf(spec, { tagPrefix = '', include } = {}) {
  const ops = [];
  for (const [specPath, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const operationId = op.operationId ?? '';
      if (include && !isIncluded(include, specPath, operationId)) continue;
      const tag = (op.tags ?? [])[0] ?? 'Other';
      ops.push({
        method: method.toUpperCase(),
        path: specPath,
        operationId,
        resource: tagPrefix && tag.startsWith(tagPrefix) ? tag.slice(tagPrefix.length) : tag,
      });
    }
  }
  return ops;
}

function isIncluded(include, specPath, operationId) {
  const byId = include.operationIds?.includes(operationId) ?? false;
  const byPath = include.pathPrefixes?.some((prefix) => specPath === prefix || specPath.startsWith(`${prefix}/`)) ?? false;
  return byId || byPath;
}

/** `/v1/Users/{UserSid}/Conversations` -> `/v1/Users/:UserSid/Conversations` (Fastify's pattern syntax). */
export function routePattern(specPath) {
  return specPath.replace(/\{([^}]+)\}/g, ':$1');
}

function readJson(file, what) {
  if (!existsSync(file)) fail(`${what} not found: ${file}`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    fail(`cannot read ${file}: ${err.message}`);
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const apis = apisToCheck(args, args.spec ? { apis: [] } : readJson(MANIFEST, 'manifest'));
  const factory = path.join(root, 'dist/app.factory.js');
  if (!existsSync(factory)) fail('dist/app.factory.js not found: run `npm run build` first');
  const checks = apis.map((api) => ({ api, ops: operationsOf(readJson(api.specFile, 'spec'), api) }));

  process.env.LOG_LEVEL ??= 'silent';
  const { createRouterApp } = createRequire(import.meta.url)(factory);
  const app = await createRouterApp('api', { logger: false });
  if (args.init) await app.init();
  else await app.registerRouter();
  const fastify = app.getHttpAdapter().getInstance();

  const reports = checks.map(({ api, ops }) => {
    const operations = ops.map((op) => ({ ...op, served: fastify.hasRoute({ method: op.method, url: routePattern(op.path) }) }));
    const served = operations.filter((r) => r.served).length;
    return { id: api.id, name: api.name, served, total: operations.length, min: api.min, ok: served >= api.min, operations };
  });
  const served = reports.reduce((n, r) => n + r.served, 0);
  const total = reports.reduce((n, r) => n + r.total, 0);

  if (args.json) {
    console.log(JSON.stringify({ served, total, ok: reports.every((r) => r.ok), apis: reports }, null, 2));
  } else {
    for (const report of reports) {
      console.log(`\n== ${report.name} (${report.id})`);
      const byResource = new Map();
      for (const r of report.operations) byResource.set(r.resource, [...(byResource.get(r.resource) ?? []), r]);
      const width = Math.max(...report.operations.map((r) => r.path.length));
      for (const [resource, rows] of [...byResource.entries()].sort(([x], [y]) => x.localeCompare(y))) {
        const count = rows.filter((r) => r.served).length;
        console.log(`\n${resource}  (${count}/${rows.length})`);
        for (const r of rows) {
          console.log(`  ${r.served ? 'served    ' : 'NOT SERVED'}  ${r.method.padEnd(6)} ${r.path.padEnd(width)}  ${r.operationId}`);
        }
      }
    }
    console.log('');
    for (const r of reports)
      console.log(`${r.name}: served ${r.served} of ${r.total} operations (minimum ${r.min})${r.ok ? '' : ' BELOW MINIMUM'}`);
    console.log(`Served: ${served} of ${total} operations`);
  }

  // Without --init no lifecycle hook ran: nothing to shut down but client sockets, which exit closes.
  if (args.init) await app.close();
  process.exit(reports.every((r) => r.ok) ? 0 : 1);
}

// Run as a script (not when imported for operationsOf / apisToCheck).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(`compat: ${err?.stack ?? err}`);
    process.exit(2);
  });
}
