#!/usr/bin/env node
// Run after every `npm install <pkg>` / version bump, then commit package-lock.json.
//
// Why: the registry reachable here does not carry every platform build of packages such as
// @swc/core, @unrs/resolver-binding (jest), msgpackr-extract (bullmq). `npm install` silently
// drops the optional dependencies it cannot resolve from package-lock.json, and `npm ci` then
// refuses the lockfile ("Missing: @swc/core-darwin-arm64@ from lock file").
// This adds a version-only entry for each missing optional dependency. `npm ci` accepts the lock
// again and skips those entries (they are optional); `npm install` keeps them.
import fs from 'node:fs';

const file = 'package-lock.json';
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const pkgs = lock.packages;
const added = [];
for (const [path, meta] of Object.entries(pkgs)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const nested = path ? `${path}/node_modules/${name}` : `node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (pkgs[nested] || pkgs[hoisted]) continue;
    pkgs[hoisted] = { version, optional: true, ...(meta.dev ? { dev: true } : {}) };
    added.push(`${name}@${version}`);
  }
}
const [root, ...rest] = Object.entries(pkgs);
lock.packages = Object.fromEntries([root, ...rest.sort(([a], [b]) => a.localeCompare(b))]);
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(added.length ? `added ${added.length} optional placeholder(s):\n  ${added.join('\n  ')}` : 'lockfile complete');
