#!/usr/bin/env bash
# Stops the cluster started by start-cluster.sh and removes its files.
set -u
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[ -n "${LANTERN_PG_DIR:-}" ] && [ -d "$LANTERN_PG_DIR/data" ] || exit 0
if [ "$(id -u)" = 0 ]; then
  su postgres -s /bin/sh -c "'$PGBIN/pg_ctl' -D '$LANTERN_PG_DIR/data' -m immediate stop" >/dev/null 2>&1
else
  "$PGBIN/pg_ctl" -D "$LANTERN_PG_DIR/data" -m immediate stop >/dev/null 2>&1
fi
rm -rf "$LANTERN_PG_DIR"
