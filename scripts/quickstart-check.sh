#!/usr/bin/env bash
# The README's quick start as a newcomer meets it, on this checkout:
#   cp .env.example .env && npm ci && npm run build && npm start
# against a database that does not exist yet. Passes when `npm start` creates and migrates the
# database, answers /healthz, and stops cleanly (exit 0) on SIGTERM. Run by .ci/run after `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."

db="router_quickstart_$$"
port=$(node -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
log=$(mktemp)
created_env=0
cleanup() {
  [ -n "${pid:-}" ] && kill -KILL "$pid" 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
  [ "$created_env" = 1 ] && rm -f .env
  rm -f "$log"
}
trap cleanup EXIT

if [ ! -e .env ]; then cp .env.example .env; created_env=1; fi
npm run build >/dev/null

# The same command as the README; only the database name (new) and the port (free) are the check's own.
DATABASE_URL="postgresql://postgres:postgres@127.0.0.1:5432/$db" PORT="$port" PUBLIC_URL="http://localhost:$port" \
  BULLMQ_PREFIX="quickstart-$$" npm start >"$log" 2>&1 &
pid=$!

for _ in $(seq 180); do
  if curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "quick start: npm start exited before it served" >&2; cat "$log" >&2; exit 1; fi
  sleep 0.5
done
if ! curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; then echo "quick start: no /healthz within 90 s" >&2; cat "$log" >&2; exit 1; fi
grep -q "Created database $db" "$log" || { echo "quick start: the database was not created by npm start" >&2; cat "$log" >&2; exit 1; }

kill -TERM "$pid"
code=0
wait "$pid" || code=$?
pid=
if [ "$code" != 0 ]; then echo "quick start: npm start exited $code on SIGTERM" >&2; cat "$log" >&2; exit 1; fi
redis-cli -h 127.0.0.1 --scan --pattern "quickstart-$$:*" | xargs -r redis-cli -h 127.0.0.1 unlink >/dev/null
echo "quick start: npm start created $db, served /healthz on :$port and stopped cleanly"
