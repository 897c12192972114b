#!/usr/bin/env bash
# Orders listing at scale: 100,000 sandbox orders across 100 partners, then wrk (64 connections)
# against GET /healthz, GET /orders?per_page=25 page 1, and a deep page reached by walking tokens.
# The seeded orders' provisioning jobs are taken off the queue (they stay in_progress), so the
# listing is measured alone; BACKLOG=keep leaves all 100,000 domains' provisioning due instead, and
# burst.sh measures the listing beside a realistic burst.
#
# Reports throughput ratios and latency percentiles measured in one run, plus server start-up
# time and peak heap, and appends them to RESULTS.md.
#
#   bench/orders-listing/run.sh h2          # embedded H2 file database
#   bench/orders-listing/run.sh postgres    # a fresh database on 127.0.0.1:5432 (trust auth)
set -euo pipefail
cd "$(dirname "$0")/../.."
. .mvn/jdk.sh
backend=${1:-h2}
partners=${PARTNERS:-100}
per_partner=${ORDERS_PER_PARTNER:-1000}
duration=${DURATION:-15s}
seed_flag=--without-provisioning
[ "${BACKLOG:-drop}" = keep ] && seed_flag=""
port=${PORT:-18080}
# a server left on the port (an earlier run that did not stop) would be measured instead
curl -s -o /dev/null "http://localhost:$port/healthz" && { echo "port $port already answers: stop that server or set PORT" >&2; exit 1; }
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }

./mvnw -q -DskipTests install >&2
work=$(mktemp -d)
server=""
trap 'kill $server 2>/dev/null && wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
case "$backend" in
  h2) url="jdbc:h2:file:$work/peeker;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE" ;;
  postgres)
    db="peeker_bench_$$"
    psql -h 127.0.0.1 -U postgres -d test -qc "CREATE DATABASE $db"
    trap 'kill $server 2>/dev/null && wait $server 2>/dev/null || true; rm -rf "$work"; psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
    url="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres" ;;
  *) echo "backend is h2 or postgres" >&2; exit 2 ;;
esac

echo "seeding $((partners * per_partner)) orders ($backend)…" >&2
# the seeder seals each order's sequencer password: the server must hold the same secret
PEEKER_SECRET=bench-secret "$JAVA_HOME/bin/java" -cp bench/target/peeker-bench.jar:server/target/peeker.jar \
  ai.peeker.bench.SeedOrders "$url" "$partners" "$per_partner" "$work/keys" $seed_flag 2> "$work/seed.log" || { cat "$work/seed.log" >&2; exit 1; }
tail -n 1 "$work/seed.log" >&2
# A bulk load is followed by VACUUM ANALYZE, as autovacuum (or, with it off, the server's own
# upkeep) would do shortly after: the figures are the steady state, not the planner's first guess
# or the server vacuuming 100k-row tables while wrk runs.
if [ "$backend" = postgres ]; then
  psql -h 127.0.0.1 -U postgres -d "$db" -qc "VACUUM ANALYZE"
fi
key=$(head -n 1 "$work/keys")

t0=$(date +%s%N)
PEEKER_SECRET=bench-secret "$JAVA_HOME/bin/java" $peeker_server_flags -Xmx256m ${SERVER_OPTS:-} -jar server/target/peeker.jar \
  serve --port "$port" --database "$url" 2> "$work/server.log" &
server=$!
until curl -sf "http://localhost:$port/healthz" >/dev/null; do sleep 0.05; done
ready_ms=$(( ($(date +%s%N) - t0) / 1000000 ))

base="http://localhost:$port"
auth="Authorization: Bearer $key"
# walk partner 0's orders by links.next to the last page
deep="$base/partner/v1/orders?per_page=25"
pages=1
while :; do
  next=$(curl -s -H "$auth" "$deep" | python3 -c 'import json,sys; print(json.load(sys.stdin)["links"]["next"] or "")')
  [ -n "$next" ] || break
  deep=$next; pages=$((pages + 1))
done

heap_peak=0
sample_heap() {
  local h
  h=$(curl -s "$base/metrics" | awk 'index($1, "jvm_memory_used_bytes{area=\"heap\"") == 1 {s+=$NF} END {printf "%d", s}')
  [ "$h" -gt "$heap_peak" ] && heap_peak=$h || true
}
measure() { # name url [header]
  local out
  if [ -n "${3:-}" ]; then
    out=$(wrk -t2 -c64 -d"$duration" --latency -H "$3" "$2")
  else
    out=$(wrk -t2 -c64 -d"$duration" --latency "$2")
  fi
  sample_heap
  local rps p50 p99 errors
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  echo "$1 $rps $p50 $p99 ${errors:-0}"
}
# warm-up: let the JIT compile every path measured below. On 2 cores page 1 reaches its steady
# rate only after about 25 s of load (the C2 compiler takes a third of the CPU until then), so it
# is warmed for 30 s; 5 s each left the page-1 measurement partly on unoptimised code.
wrk -t2 -c64 -d5s "$base/healthz" >/dev/null
wrk -t2 -c64 -d30s -H "$auth" "$base/partner/v1/orders?per_page=25" >/dev/null
wrk -t2 -c64 -d10s -H "$auth" "$deep" >/dev/null
health=$(measure healthz "$base/healthz")
first=$(measure page1 "$base/partner/v1/orders?per_page=25" "$auth")
deepr=$(measure "page$pages" "$deep" "$auth")
sample_heap

read -r _ h_rps _ h_p99 _ <<<"$health"
read -r _ f_rps f_p50 f_p99 f_err <<<"$first"
read -r _ d_rps d_p50 d_p99 d_err <<<"$deepr"
report=$(python3 - "$h_rps" "$f_rps" "$d_rps" <<'PY'
import sys
h, f, d = map(float, sys.argv[1:])
print(f"page 1 / healthz throughput: {f/h:.2f}; deep page cost / page 1 cost: {f/d:.2f}")
PY
)
{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ) — $backend, $((partners * per_partner)) orders, $partners partners, wrk -t2 -c64 -d$duration, provisioning backlog: ${BACKLOG:-drop}"
  echo
  echo "| request | req/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|"
  echo "| GET /healthz | $h_rps | - | $h_p99 | - |"
  echo "| GET /orders?per_page=25 (page 1) | $f_rps | $f_p50 | $f_p99 | $f_err |"
  echo "| GET /orders deep (page $pages of $pages) | $d_rps | $d_p50 | $d_p99 | $d_err |"
  echo
  echo "- $report"
  echo "- server ready in ${ready_ms} ms (process start to first /healthz 200), -Xmx256m; peak heap used $((heap_peak / 1048576)) MiB"
} | tee -a bench/orders-listing/RESULTS.md
