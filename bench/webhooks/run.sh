#!/bin/sh
# Webhook delivery benchmark against a local receiver on this machine:
#  1. throughput: a backlog of events queued before the dispatcher starts, drained to one
#     endpoint and to 8 endpoints (deliveries/s);
#  2. latency: 200 events/s, one transaction each, for 30 s after a 5 s warm-up
#     (event-to-delivery percentiles: from the start of the event's transaction to its arrival).
# Every request's signature is checked by the receiver. Database: H2 file (the default), or
# PostgreSQL with PEEKER_DATABASE_URL=jdbc:postgresql://… (use an empty database).
#
#   bench/webhooks/run.sh            # all three runs
#   EVENTS=5000 DURATION=10 bench/webhooks/run.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/.mvn/jdk.sh"
"$root/mvnw" -q -f "$root/pom.xml" -DskipTests package >&2
cp="$root/bench/target/peeker-bench.jar:$root/server/target/peeker.jar"
events=${EVENTS:-20000}
seconds=${DURATION:-30}
log=$(mktemp)
run() {
  if [ -n "${PEEKER_DATABASE_URL:-}" ]; then
    # a fresh schema per run, so one run's backlog does not meet the next
    PGOPTIONS="-c client_min_messages=warning" psql "${PEEKER_DATABASE_URL#jdbc:}" -qc \
      'DROP SCHEMA public CASCADE; CREATE SCHEMA public;' >/dev/null
  fi
  "$JAVA_HOME/bin/java" -Xmx1g -cp "$cp" ai.peeker.bench.WebhookLoad "$@" 2>>"$log"
}
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
run throughput "$events" 1
run throughput "$events" 8
run latency 200 "$seconds"
echo "(server logs: $log)"
