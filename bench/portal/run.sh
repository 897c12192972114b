#!/usr/bin/env bash
# Portal pages with 10,000 orders in one partner's sandbox: each page requested RUNS times by one
# signed-in client after a warm-up, timed to the first byte on localhost (the server's time to
# build and render the page); p50, p95 and max per page, appended to RESULTS.md.
#
#   bench/portal/run.sh            # H2 file database
#   ORDERS=10000 RUNS=100 bench/portal/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
. .mvn/jdk.sh
orders=${ORDERS:-10000}
runs=${RUNS:-100}
port=${PORT:-18090}
# a server left on the port (an earlier run that did not stop) would be measured instead
curl -s -o /dev/null "http://localhost:$port/healthz" && { echo "port $port already answers: stop that server or set PORT" >&2; exit 1; }
password="bench password, long enough"

./mvnw -q -DskipTests install >&2
work=$(mktemp -d)
server=""
trap 'kill $server 2>/dev/null && wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
url="jdbc:h2:file:$work/peeker;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE"
peeker() { "$JAVA_HOME/bin/java" -jar server/target/peeker.jar "$@"; }

echo "seeding $orders orders for one partner…" >&2
"$JAVA_HOME/bin/java" -cp bench/target/peeker-bench.jar:server/target/peeker.jar \
  ai.peeker.bench.SeedOrders "$url" 1 "$orders" "$work/keys" 2> "$work/seed.log" || { cat "$work/seed.log" >&2; exit 1; }
tail -n 1 "$work/seed.log" >&2
partner=$(peeker partner list --database "$url" 2>/dev/null | awk '{print $1}' | head -n 1)

base="http://localhost:$port"
PEEKER_SECRET=bench-secret PEEKER_PUBLIC_URL="$base" "$JAVA_HOME/bin/java" $peeker_server_flags -Xmx256m \
  -jar server/target/peeker.jar serve --port "$port" --database "$url" 2> "$work/server.log" &
server=$!
until curl -sf "$base/healthz" >/dev/null; do sleep 0.05; done

# a portal user, its password set through the printed link, signed in (cookies in a jar)
link=$(PEEKER_PUBLIC_URL="$base" peeker portal user add --database "$url" --partner "$partner" \
  --email bench@example.com 2>/dev/null | tail -n 1)
jar="$work/cookies"
csrf_of() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1; }
csrf=$(curl -s -c "$jar" -b "$jar" "$link" | csrf_of)
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" \
  --data-urlencode "token=${link#*token=}" --data-urlencode "password=$password" \
  --data-urlencode "repeat=$password" "$base/portal/welcome"

# the last page of the orders list, reached by its "Older orders" links
deep="/portal/test/orders"
walked=1
while :; do
  next=$(curl -s -b "$jar" "$base$deep" | sed -n 's/.*href="\([^"]*\)" rel="next".*/\1/p' | sed 's/&amp;/\&/g')
  [ -n "$next" ] || break
  deep=$next; walked=$((walked + 1))
done
order=$(curl -s -b "$jar" "$base/portal/test/orders" | sed -n 's/.*href="\/portal\/test\/orders\/\(ord_[^"]*\)".*/\1/p' | head -n 1)
event=$(curl -s -b "$jar" "$base/portal/test/orders/$order" | sed -n 's/.*href="\/portal\/test\/webhooks\/events\/\(evt_[^"]*\)".*/\1/p' | head -n 1)

pages=(
  "/portal/test/keys"
  "/portal/test/webhooks"
  "/portal/test/orders"
  "/portal/test/orders?status=in_progress"
  "$deep"
  "/portal/test/orders/$order"
  "/portal/test/webhooks/events/$event"
  "/portal/test/pending"
  "/portal/test/domains"
  "/portal/test/account"
)
rows=""
for page in "${pages[@]}"; do
  for _ in $(seq 1 30); do curl -s -o /dev/null -b "$jar" "$base$page"; done # warm-up
  status=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$base$page")
  times=$(for _ in $(seq 1 "$runs"); do
    curl -s -o /dev/null -b "$jar" -w '%{time_starttransfer}\n' "$base$page"
  done)
  stats=$(echo "$times" | python3 -c '
import sys
t = sorted(float(x) * 1000 for x in sys.stdin if x.strip())
print("%.1f ms | %.1f ms | %.1f ms" % (t[len(t) // 2], t[int(len(t) * 0.95) - 1], t[-1]))')
  label=${page//ord_*/ord_…}
  label=${label//evt_*/evt_…}
  label=${label//after=*/after=… (page $walked)}
  rows+="| GET $label | $status | $stats |"$'\n'
done

{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ) — h2, $orders orders in one partner's sandbox, $runs requests per page"
  echo
  echo "| page | status | p50 | p95 | max |"
  echo "|---|---|---|---|---|"
  printf '%s' "$rows"
  echo
  echo "- time to first byte on localhost, one client, after 30 warm-up requests per page; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee -a bench/portal/RESULTS.md
