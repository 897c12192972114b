#!/usr/bin/env bash
# H2 write throughput: POST /users (a new user per request) from wrk against three ways of
# committing, on two servers that run side by side and take turns, ROUNDS rounds of SECONDS_EACH
# per way (ABC, then CBA, so a drift in the machine's load weighs on all alike):
#   delayed  H2 left to itself: committed changes reach the file up to 500 ms later (WRITE_DELAY
#            500), so kill -9 loses acknowledged writes (-Dpeeker.bench.delayedCommits=true);
#   grouped  what the server does: each commit waits for a write to the file begun after it
#            (db/H2WriteThrough), one write serving every commit queued behind the running one;
#   each     the delayed server switched to WRITE_DELAY=0 (every commit writes its own chunk).
# Appends req/s of every phase and the ratios to delayed to RESULTS.md.
#
#   bench/writes/run.sh     (ROUNDS=2 SECONDS_EACH=10 SECONDS_WARMUP=15 CONNECTIONS=16;
#                            needs wrk: apt-get install -y wrk)
set -euo pipefail
cd "$(dirname "$0")/../.."
. .mvn/jdk.sh
command -v wrk >/dev/null || { echo "needs wrk (apt-get install -y wrk)" >&2; exit 2; }
rounds=${ROUNDS:-2}
seconds=${SECONDS_EACH:-10}
warmup=${SECONDS_WARMUP:-15}
connections=${CONNECTIONS:-16}
./mvnw -q -DskipTests package -pl server >&2
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"; true; }
trap cleanup EXIT INT TERM
peeker() { "$JAVA_HOME/bin/java" $opts -jar server/target/peeker.jar "$@"; }

declare -A port key
start() { # $1 = name, $2 = JVM options
  local dir="$work/$1"; mkdir -p "$dir"
  export PEEKER_DATA_DIR="$dir"; opts="$2"
  local partner; partner=$(peeker partner create --name "Write bench" 2>/dev/null | tail -n 1)
  key[$1]=$(peeker key create --partner "$partner" --environment test --preset full \
    --rate-limit 1000000 2>/dev/null | tail -n 1)
  # java itself in the background (not the peeker function's subshell), so the trap can stop it
  # shellcheck disable=SC2086
  PEEKER_PORT=0 "$JAVA_HOME/bin/java" $peeker_server_flags $opts -jar server/target/peeker.jar serve > "$dir/server.log" 2>&1 &
  pids+=($!)
  local pid=$!
  until port[$1]=$(grep -om1 'localhost:[0-9]*' "$dir/server.log" | cut -d: -f2) && [ -n "${port[$1]}" ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    sleep 0.2
  done
}
start delayed "-Dpeeker.bench.delayedCommits=true"
start grouped ""

write_delay() { # on the running delayed server (H2's shell connects through its AUTO_SERVER port)
  "$JAVA_HOME/bin/java" -cp server/target/peeker.jar org.h2.tools.Shell \
    -url "jdbc:h2:file:$work/delayed/peeker;AUTO_SERVER=TRUE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" \
    -sql "SET WRITE_DELAY $1" >/dev/null
}
load() { # $1 = server, $2 = run name, $3 = seconds; prints req/s
  KEY=${key[$1]} RUN="$2" wrk -t2 -c"$connections" -d"$3s" -s bench/writes/users.lua \
    "http://localhost:${port[$1]}" > "$work/wrk.out"
  grep -q '^not_201=0$' "$work/wrk.out" || { cat "$work/wrk.out" >&2; echo "requests failed" >&2; return 1; }
  awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$work/wrk.out"
}
load delayed warm "$warmup" >/dev/null # the JIT first
load grouped warm "$warmup" >/dev/null

declare -A rates
phase() { # $1 = way, $2 = run name
  local rate
  case "$1" in
    delayed) write_delay 500; rate=$(load delayed "$2" "$seconds") ;;
    each) write_delay 0; rate=$(load delayed "$2" "$seconds") ;;
    grouped) rate=$(load grouped "$2" "$seconds") ;;
  esac
  [ -n "$rate" ] || exit 1
  rates[$1]="${rates[$1]:-} $rate"
}
for r in $(seq "$rounds"); do
  if [ $((r % 2)) = 1 ]; then order="delayed grouped each"; else order="each grouped delayed"; fi
  for way in $order; do phase "$way" "$way$r"; done
done
mean() { printf '%s\n' $1 | awk '{s += $1} END {printf "%.0f", s / NR}'; }
d=$(mean "${rates[delayed]}"); g=$(mean "${rates[grouped]}"); e=$(mean "${rates[each]}")
{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ) — H2 file, POST /users, $connections connections, $rounds × ${seconds} s per way"
  echo
  echo '```'
  echo "delayed (H2 alone, not durable) req/s:${rates[delayed]}  mean $d"
  echo "grouped (the server)            req/s:${rates[grouped]}  mean $g  ratio $(awk -v a="$g" -v b="$d" 'BEGIN {printf "%.2f", a / b}')"
  echo "each (WRITE_DELAY=0)            req/s:${rates[each]}  mean $e  ratio $(awk -v a="$e" -v b="$d" 'BEGIN {printf "%.2f", a / b}')"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo '```'
} | tee -a bench/writes/RESULTS.md
