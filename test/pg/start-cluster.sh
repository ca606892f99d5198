#!/usr/bin/env bash
# Starts a throw-away PostgreSQL 15 cluster on loopback, on a free port, and prints its URL on the last line.
# Usage: eval "$(bash test/pg/start-cluster.sh)"   → exports LANTERN_TEST_PG_URL and LANTERN_PG_DIR
# Stop it with: bash test/pg/stop-cluster.sh
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[ -x "$PGBIN/initdb" ] || { echo "echo 'PostgreSQL 15 not found at $PGBIN' >&2"; exit 1; }
dir=$(mktemp -d /tmp/lantern-pg.XXXXXX)
chmod 755 "$dir"
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
run_as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
run_as_postgres "'$PGBIN/initdb' -D '$dir/data' -U postgres -A trust --no-sync -E UTF8 >'$dir/initdb.log' 2>&1"
run_as_postgres "'$PGBIN/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-h 127.0.0.1 -p $port -k '$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start >/dev/null"
"$PGBIN/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE lantern" >/dev/null
echo "export LANTERN_PG_DIR='$dir'"
echo "export LANTERN_TEST_PG_URL='postgresql://postgres@127.0.0.1:$port/lantern'"
