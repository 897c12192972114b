#!/usr/bin/env bash
# GET /orders page 1 while provisioning runs, against the same server idle, in one run:
# 300 orders × 10 domains are placed and completed first (so both measurements list a partner
# with orders), page 1 is measured idle with wrk (64 connections), then another 300 × 10 arrive
# in one second and page 1 is measured again at once, while their provisioning runs. Prints the
# throughput ratio (burst / idle, the goal is ≥ 0.5) and the p99 ratio (the goal is ≤ 2), and the
# job backlog (peeker_jobs_due) seen during the burst.
#
# The order driver only places the orders (WATCH=none) and has exited before each measurement;
# completion is read from the listing (no order left in_progress). A driver that polled its 300
# orders beside the measurement took about a quarter of one of the machine's cores (pidstat), and
# counted that client's work against the server.
#
#   bench/orders-listing/burst.sh h2|postgres      (ORDERS=300 DOMAINS=10 DURATION=10s;
#                                                   SERVER_OPTS: JVM flags for the server)
#
# Needs wrk (apt-get install -y wrk) and curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .mvn/jdk.sh
backend=${1:-h2}
orders=${ORDERS:-300}
domains=${DOMAINS:-10}
duration=${DURATION:-10s}
port=${PORT:-18083}
# a server left on the port (an earlier run that did not stop) would be measured instead
curl -s -o /dev/null "http://localhost:$port/healthz" && { echo "port $port already answers: stop that server or set PORT" >&2; exit 1; }
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 1; }
jar=${JAR:-server/target/peeker.jar} # JAR=… compares another build, same command
[ -f bench/target/peeker-bench.jar ] && [ -f "$jar" ] || ./mvnw -q -DskipTests install >&2
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }; rm -rf "$work"; [ -n "${db:-}" ] && psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"; true; }
trap cleanup EXIT
case "$backend" in
  h2) url="jdbc:h2:file:$work/peeker" ;;
  postgres) db="peeker_burst_$$"; psql -h 127.0.0.1 -U postgres -d test -qc "CREATE DATABASE $db"
            url="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres" ;;
  *) echo "backend is h2 or postgres" >&2; exit 2 ;;
esac
peeker() { "$JAVA_HOME/bin/java" -jar "$jar" --database "$url" "$@"; }
partner=$(peeker partner create --name "Burst bench" 2>/dev/null | tail -n 1)
new_key() { peeker key create --partner "$partner" --environment test --preset full --rate-limit 1000000 2>/dev/null | tail -n 1; }
key=$(new_key)
# a key allows a million requests a minute, fewer than an idle page 1 answers in three runs of
# wrk: each run reads with a key of its own, so none of its requests is refused with 429
wrk_keys=($(new_key) $(new_key) $(new_key) $(new_key))
"$JAVA_HOME/bin/java" $peeker_server_flags ${SERVER_OPTS:-} -jar "$jar" serve --port "$port" --database "$url" 2> "$work/server.log" &
server=$!
base="http://localhost:$port"
until curl -sf "$base/healthz" >/dev/null; do sleep 0.1; done
burst() { # places $orders orders in one second; returns once every POST is answered
  WATCH=none "$JAVA_HOME/bin/java" -cp bench/target/peeker-bench.jar:$jar \
    ai.peeker.bench.OrderIntake "$base" "$key" "$orders" 1 "$domains"
}
provisioning() { # orders still in progress: 0 or 1 (one page of one)
  curl -s -H "Authorization: Bearer $key" "$base/partner/v1/orders?status=in_progress&per_page=1" \
    | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]))'
}
settled() { # waits (up to 10 minutes) until no order is in progress; prints the seconds it took
  local t0=$SECONDS
  until [ "$(provisioning)" = 0 ] || [ $((SECONDS - t0)) -gt 600 ]; do sleep 1; done
  echo $((SECONDS - t0))
}
page1() { # wrk-key-index
  wrk -t2 -c64 -d"$duration" --latency -H "Authorization: Bearer ${wrk_keys[$1]}" "$base/partner/v1/orders?per_page=25"
}
rps() { awk '/Requests\/sec/ {print $2}'; }
refused() { awk '/Non-2xx/ {n=$NF} END {print n+0}'; }
p99() { awk '$1=="99%" {v=$2; if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}'; }

echo "placing and completing $orders × $domains first…" >&2
burst >"$work/first" 2>&1
settled >/dev/null
page1 0 >/dev/null; page1 1 >/dev/null # warm-up: the JIT is still compiling during the first
idle=$(page1 2)
echo "burst of $orders × $domains, measuring page 1 while it provisions…" >&2
# measure once every order of the burst has been answered: provisioning, not intake, runs beside
burst >"$work/second" 2>&1
due=$(curl -s "$base/metrics" | awk '/^peeker_jobs_due\{task="provision-domain"\}/ {print $2}')
busy=$(page1 3)
due_after=$(curl -s "$base/metrics" | awk '/^peeker_jobs_due\{task="provision-domain"\}/ {print $2}')
left=$(provisioning)
drained=$(settled)
i_rps=$(echo "$idle" | rps); i_p99=$(echo "$idle" | p99)
b_rps=$(echo "$busy" | rps); b_p99=$(echo "$busy" | p99)
ratio=$(python3 -c "print(f'throughput busy/idle {$b_rps/$i_rps:.2f}; p99 busy/idle {$b_p99/$i_p99:.2f}')")
{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ) — burst, $backend, $orders orders × $domains domains, wrk -t2 -c64 -d$duration (load average $(cut -d' ' -f1 /proc/loadavg))"
  echo
  echo "| page 1 | req/s | p99 ms | non-2xx |"
  echo "|---|---|---|---|"
  echo "| idle | $i_rps | $i_p99 | $(echo "$idle" | refused) |"
  echo "| during the burst's provisioning | $b_rps | $b_p99 | $(echo "$busy" | refused) |"
  echo
  echo "- $ratio; provisioning jobs due at the start / end of the busy measurement: ${due:-?} / ${due_after:-?}; orders still provisioning at its end: $([ "$left" = 0 ] && echo none || echo some), all completed ${drained} s later"
  echo "- burst: $(grep -E '^(orders posted|POST /orders latency)' "$work/second" | tr '\n' ' ')"
} | tee -a bench/RESULTS.md
