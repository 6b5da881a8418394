#!/usr/bin/env bash
# Start the local PostgreSQL cluster if it is installed but stopped (the PostgreSQL tests need it).
# With CI=true a server that cannot be reached is an error; otherwise those tests skip with a reason.
set -u
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  exit 0
fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  version="$(ls /etc/postgresql | sort -V | tail -1)"
  echo "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && exit 0
    sleep 1
  done
fi
if [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is not reachable at 127.0.0.1:5432 and could not be started" >&2
  exit 1
fi
echo "PostgreSQL not reachable at 127.0.0.1:5432: its tests will skip"
