#!/usr/bin/env bash
# Start local PostgreSQL and Redis for development, tests and CI on Debian (run as root).
# Idempotent: services that already answer are left alone; packages are installed only if missing.
set -euo pipefail

need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
if ((${#need[@]})); then
  echo "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

wait_for() {
  local what=$1 check=$2
  for _ in $(seq 60); do
    if "$check"; then return 0; fi
    sleep 0.5
  done
  echo "$what did not start" >&2
  return 1
}

if ! pg_up; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
fi
wait_for PostgreSQL pg_up

# The default DATABASE_URL logs in as postgres/postgres over TCP; give the role that password
# when the cluster asks for one (a fresh Debian cluster does; a trust setup never notices).
if ! PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -d postgres -Atqc 'SELECT 1' >/dev/null 2>&1; then
  su postgres -c "psql -q -c \"ALTER ROLE postgres PASSWORD 'postgres'\""
fi

if ! redis_up; then
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
wait_for Redis redis_up

echo "postgres: $(pg_isready -h 127.0.0.1 -p 5432) | redis: $(redis-cli -h 127.0.0.1 -p 6379 ping)"
