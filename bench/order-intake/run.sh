#!/usr/bin/env bash
# Sustained sandbox order intake: 10-domain orders at RATE per second for SECONDS, against a
# server on H2 or PostgreSQL; reports POST /orders latency, order-to-completed percentiles and
# backlog drain time, and appends them to RESULTS.md.
#
# A fresh JVM spends its first seconds compiling the paths it runs, on the same 2 cores as the
# work, so the run starts with WARMUP_SECONDS of the same load from another partner (reported on
# its own line as the cold start), waits for all of it to finish, then measures.
#
# The driver learns that an order is done from its signed order.completed webhook, as the docs tell
# partners to (WATCH=poll reads every unfinished order every POLL_MS=250 instead).
#
#   bench/order-intake/run.sh h2|postgres        (RATE=20 SECONDS_TOTAL=120 DOMAINS=10
#                                                 WARMUP_SECONDS=30 by default; SERVER_OPTS: JVM
#                                                 flags for the server)
set -euo pipefail
cd "$(dirname "$0")/../.."
. .mvn/jdk.sh
backend=${1:-h2}
rate=${RATE:-20}
seconds=${SECONDS_TOTAL:-120}
domains=${DOMAINS:-10}
warmup=${WARMUP_SECONDS:-30}
port=${PORT:-18082}
# a server left on the port (an earlier run that did not stop) would be measured instead
curl -s -o /dev/null "http://localhost:$port/healthz" && { echo "port $port already answers: stop that server or set PORT" >&2; exit 1; }
./mvnw -q -DskipTests install >&2
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }; rm -rf "$work"; [ -n "${db:-}" ] && psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"; true; }
trap cleanup EXIT
case "$backend" in
  h2) url="jdbc:h2:file:$work/peeker;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE" ;;
  postgres) db="peeker_intake_$$"; psql -h 127.0.0.1 -U postgres -d test -qc "CREATE DATABASE $db"
            url="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres" ;;
  *) echo "backend is h2 or postgres" >&2; exit 2 ;;
esac
peeker() { "$JAVA_HOME/bin/java" -jar server/target/peeker.jar --database "$url" "$@"; }
new_key() { # partner name → "partner_id key"
  local p
  p=$(peeker partner create --name "$1" 2>/dev/null | tail -n 1)
  echo "$p $(peeker key create --partner "$p" --environment test --preset full --rate-limit 1000000 2>/dev/null | tail -n 1)"
}
hook() { # partner receiver-port → the endpoint's signing secret
  peeker webhook set --partner "$1" --environment test --url "http://127.0.0.1:$2/hooks" 2>/dev/null | tail -n 1
}
read -r partner key <<<"$(new_key "Intake bench")"
read -r warm_partner warm_key <<<"$(new_key "Intake warm-up")"
# each run has its own receiver: a late event of the warm-up never reaches the measured run's
secret=$(hook "$partner" $((port + 1)))
warm_secret=$(hook "$warm_partner" $((port + 2)))
"$JAVA_HOME/bin/java" $peeker_server_flags ${SERVER_OPTS:-} -jar server/target/peeker.jar serve --port "$port" --database "$url" 2> "$work/server.log" &
server=$!
until curl -sf "http://localhost:$port/healthz" >/dev/null; do sleep 0.1; done
intake() { # key seconds webhook-port webhook-secret
  WEBHOOK_PORT=$3 WEBHOOK_SECRET=$4 "$JAVA_HOME/bin/java" -cp bench/target/peeker-bench.jar:server/target/peeker.jar \
    ai.peeker.bench.OrderIntake "http://localhost:$port" "$1" "$rate" "$2" "$domains"
}
cold=""
if [ "$warmup" -gt 0 ]; then
  # the driver returns once every order it placed is terminal: the measured run starts idle
  cold=$(intake "$warm_key" "$warmup" $((port + 2)) "$warm_secret" | awk '/^POST|^order to/ {printf "%s; ", $0}')
fi
out=$(intake "$key" "$seconds" $((port + 1)) "$secret")
# Order to completed as the server recorded it (created_at → completed_at), exact to the ms.
ms="EXTRACT(EPOCH FROM completed_at - created_at) * 1000"
[ "$backend" = h2 ] && ms="DATEDIFF('MILLISECOND', created_at, completed_at)"
sql="SELECT COUNT(*), ROUND(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY $ms)),
 ROUND(PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY $ms)), ROUND(PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY $ms)),
 ROUND(MAX($ms)) FROM orders WHERE status = 'completed' AND partner_id = '$partner'"
case "$backend" in
  h2) row=$("$JAVA_HOME/bin/java" -cp server/target/peeker.jar org.h2.tools.Shell -url "$url" -sql "$sql" | sed -n 2p) ;;
  postgres) row=$(psql -h 127.0.0.1 -U postgres -d "$db" -Atc "$sql") ;;
esac
# the job runner's trouble while it drained (revived jobs, late heartbeats, errors), from /metrics
events=$(curl -s "http://localhost:$port/metrics" | awk '/^peeker_jobs_events_total/ {sub(/^peeker_jobs_events_total/, ""); printf "%s ", $0}')
out="$out
server side, order created → completed ms (orders | p50 | p95 | p99 | max): $(echo "$row" | tr -s ' |' ' ')
job runner events: ${events:-none}
cold start (the first ${warmup} s of the server's life, not in the figures above): ${cold:-not run}"
{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ) — $backend, $rate orders/s × ${seconds} s, $domains domains each, after ${warmup} s of warm-up"
  echo
  echo '```'
  echo "$out"
  echo '```'
} | tee -a bench/order-intake/RESULTS.md
