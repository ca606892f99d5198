#!/usr/bin/env bash
# CPU time of local `lantern inventory --json` over a SQLite database holding Stripe's spec, three runs: the first
# normalises the spec and writes it beside the database (lib/db/spec-disk-cache.ts), the next read it back.
# LANTERN_SPEC_CACHE_OFF=1 removes the cache before every run (the cost without it). Not a test: numbers only.
# Usage: bash test/bench/inventory-spec-cache.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$(mktemp -d /tmp/lantern-inv-cache.XXXXXX)
trap 'rm -rf "$dir"' EXIT
export DATABASE_URL="file:$dir/lantern.db"
bin/lantern migrate >/dev/null
bin/lantern spec push ../shared/fixtures/specs/stripe__spec3.json --api stripe >/dev/null
for i in 1 2 3; do
  [ -n "${LANTERN_SPEC_CACHE_OFF:-}" ] && rm -rf "$dir/lantern.db.spec-cache"
  /usr/bin/time -f "run $i: %U user + %S sys CPU-s, %e s wall" bin/lantern inventory --json >/dev/null
done
