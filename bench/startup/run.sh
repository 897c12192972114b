#!/usr/bin/env bash
# Start-up time of the server on H2 through ./peeker: from process start to the first 200 from
# /healthz, median of RUNS (5) restarts on one data directory and of RUNS starts on fresh ones
# (migrations included), with the launcher's class-data archive and without it (PEEKER_CDS=off),
# in the same run. Also the CPU time the process had used when ready (less sensitive to a busy
# machine than the wall clock), and the heap after start (jcmd GC.heap_info).
# Usage: bench/startup/run.sh   Needs curl. Extra JVM flags through PEEKER_JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-5}
./peeker --version >/dev/null # builds the jar (and the class-data archive) when needed
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# one start: prints milliseconds to the first 200 from /healthz, then stops the server
once() {
  local dir=$1 port start pid ms
  port=$(free_port)
  start=$(date +%s%N)
  PEEKER_DATA_DIR="$dir" PEEKER_SHUTDOWN_DRAIN_MS=0 ./peeker serve --port "$port" \
    >"$work/log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/log" >&2; exit 1; }
    sleep 0.005
  done
  ms=$((($(date +%s%N) - start) / 1000000))
  cpu=$(awk '{print ($14 + $15) * 10}' "/proc/$pid/stat")
  echo "$cpu" >>"$work/cpu"
  if [ -n "${HEAP:-}" ]; then
    . .mvn/jdk.sh
    "$JAVA_HOME/bin/jcmd" "$pid" GC.heap_info 2>/dev/null | sed -n 2,3p >&2 || true
  fi
  kill -TERM "$pid"
  wait "$pid" || true
  echo "$ms"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for cds in on off; do
  export PEEKER_CDS=$cds
  rm -rf "$work"/warm "$work"/fresh-*
  once "$work/warm" >/dev/null # creates the database
  : >"$work/cpu"
  restarts=$(for _ in $(seq "$RUNS"); do once "$work/warm"; done)
  cpu_restarts=$(cat "$work/cpu")
  : >"$work/cpu"
  fresh=$(for i in $(seq "$RUNS"); do once "$work/fresh-$i"; done)
  cpu_fresh=$(cat "$work/cpu")
  echo "class-data archive $cds:"
  echo "  restart, existing H2 database: ready (ms) $(echo $restarts) median $(echo "$restarts" | median); CPU (ms) median $(echo "$cpu_restarts" | median)"
  echo "  first start, fresh database:   ready (ms) $(echo $fresh) median $(echo "$fresh" | median); CPU (ms) median $(echo "$cpu_fresh" | median)"
done
export PEEKER_CDS=on
HEAP=1 once "$work/warm" >/dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
