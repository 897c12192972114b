#!/usr/bin/env bash
# Sandbox bulk imports: one 500-name job timed to completed, then POST /domains/import/jobs at
# RATE per second (fresh 500 names each) for SECONDS_TOTAL; appends the numbers to RESULTS.md.
#
#   bench/imports/run.sh h2|postgres        (RATE=10 SECONDS_TOTAL=20 by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
. .mvn/jdk.sh
backend=${1:-h2}
rate=${RATE:-10}
seconds=${SECONDS_TOTAL:-20}
port=${PORT:-18085}
# a server left on the port (an earlier run that did not stop) would be measured instead
curl -s -o /dev/null "http://localhost:$port/healthz" && { echo "port $port already answers: stop that server or set PORT" >&2; exit 1; }
./mvnw -q -DskipTests install >&2
work=$(mktemp -d)
server=""
# the server may still be working through the queued imports: give it 5 s, then stop it hard
cleanup() { [ -n "$server" ] && { kill "$server" 2>/dev/null; sleep 5; kill -9 "$server" 2>/dev/null; }; rm -rf "$work"; [ -n "${db:-}" ] && psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"; true; }
trap cleanup EXIT
case "$backend" in
  h2) url="jdbc:h2:file:$work/peeker;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE" ;;
  postgres) db="peeker_imports_$$"; psql -h 127.0.0.1 -U postgres -d test -qc "CREATE DATABASE $db"
            url="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres" ;;
  *) echo "backend is h2 or postgres" >&2; exit 2 ;;
esac
peeker() { "$JAVA_HOME/bin/java" -jar server/target/peeker.jar --database "$url" "$@"; }
partner=$(peeker partner create --name "Import bench" 2>/dev/null | tail -n 1)
key=$(peeker key create --partner "$partner" --environment test --preset full --rate-limit 1000000 2>/dev/null | tail -n 1)
"$JAVA_HOME/bin/java" $peeker_server_flags -jar server/target/peeker.jar serve --port "$port" --database "$url" 2> "$work/server.log" &
server=$!
until curl -sf "http://localhost:$port/healthz" >/dev/null; do sleep 0.1; done
out=$("$JAVA_HOME/bin/java" -cp bench/target/peeker-bench.jar:server/target/peeker.jar \
  ai.peeker.bench.ImportJobs "http://localhost:$port" "$key" "$rate" "$seconds")
{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ) — $backend, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo '```'
  echo "$out"
  echo '```'
} | tee -a bench/imports/RESULTS.md
