#!/usr/bin/env node
// Compatibility report: which operations of Twilio's Conversations v1 API the router serves.
//
//   npm run build && npm run compat [-- --min 98] [-- --spec <file>] [-- --json]
//
// Reads the OpenAPI file kept in the repository (reference/openapi/twilio_conversations_v1.json,
// an unmodified copy of twilio/twilio-oai; see SOURCE.md there), lists every operation (method +
// path: 103 of them), builds the router application from the compiled code (dist/app.factory.js,
// hence `npm run build` first) and asks Fastify, for each operation, whether a route serves it.
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
// - Exit status: 0 when at least --min operations (default 98) are served, 1 below, 2 on a setup
//   error (no build, unreadable spec).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const METHODS = ['get', 'post', 'delete', 'put', 'patch'];

function parseArgs(argv) {
  const args = { min: 98, spec: path.join(root, 'reference/openapi/twilio_conversations_v1.json'), init: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return v;
    };
    if (arg === '--min' || arg.startsWith('--min=')) args.min = Number(value());
    else if (arg === '--spec' || arg.startsWith('--spec=')) args.spec = path.resolve(value());
    else if (arg === '--init') args.init = true;
    else if (arg === '--json') args.json = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: npm run compat [-- --min N] [-- --spec file.json] [-- --init] [-- --json]');
      process.exit(0);
    } else fail(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(args.min) || args.min < 0) fail('--min takes a non-negative integer');
  return args;
}

function fail(message) {
  console.error(`compat: ${message}`);
  process.exit(2);
}

/** Every operation of the spec: method, path, operationId and the resource it belongs to. */
export function operationsOf(spec) {
  const ops = [];
  for (const [specPath, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = (op.tags ?? [])[0] ?? 'Other';
      ops.push({
        method: method.toUpperCase(),
        path: specPath,
        operationId: op.operationId ?? '',
        resource: tag.replace(/^ConversationsV1/, ''),
      });
    }
  }
  return ops;
}

/** `/v1/Users/{UserSid}/Conversations` -> `/v1/Users/:UserSid/Conversations` (Fastify's pattern syntax). */
export function routePattern(specPath) {
  return specPath.replace(/\{([^}]+)\}/g, ':$1');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(args.spec)) fail(`spec not found: ${args.spec}`);
  const factory = path.join(root, 'dist/app.factory.js');
  if (!existsSync(factory)) fail('dist/app.factory.js not found: run `npm run build` first');

  let spec;
  try {
    spec = JSON.parse(readFileSync(args.spec, 'utf8'));
  } catch (err) {
    fail(`cannot read ${args.spec}: ${err.message}`);
  }
  const ops = operationsOf(spec);

  process.env.LOG_LEVEL ??= 'silent';
  const { createRouterApp } = createRequire(import.meta.url)(factory);
  const app = await createRouterApp('api', { logger: false });
  if (args.init) await app.init();
  else await app.registerRouter();
  const fastify = app.getHttpAdapter().getInstance();

  const results = ops.map((op) => ({ ...op, served: fastify.hasRoute({ method: op.method, url: routePattern(op.path) }) }));
  const served = results.filter((r) => r.served).length;

  if (args.json) {
    console.log(JSON.stringify({ served, total: results.length, min: args.min, operations: results }, null, 2));
  } else {
    const byResource = new Map();
    for (const r of results) byResource.set(r.resource, [...(byResource.get(r.resource) ?? []), r]);
    const width = Math.max(...results.map((r) => r.path.length));
    for (const [resource, rows] of [...byResource.entries()].sort(([x], [y]) => x.localeCompare(y))) {
      const count = rows.filter((r) => r.served).length;
      console.log(`\n${resource}  (${count}/${rows.length})`);
      for (const r of rows) {
        console.log(`  ${r.served ? 'served    ' : 'NOT SERVED'}  ${r.method.padEnd(6)} ${r.path.padEnd(width)}  ${r.operationId}`);
      }
    }
    console.log(`\nServed: ${served} of ${results.length} operations (minimum ${args.min})`);
  }

  // Without --init no lifecycle hook ran: nothing to shut down but client sockets, which exit closes.
  if (args.init) await app.close();
  process.exit(served >= args.min ? 0 : 1);
}

main().catch((err) => {
  console.error(`compat: ${err?.stack ?? err}`);
  process.exit(2);
});
