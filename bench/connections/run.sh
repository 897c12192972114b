#!/usr/bin/env bash
# Heap held by open keep-alive connections: CONNECTIONS (1,000) partner clients each connect, make
# two authenticated requests (GET /partner/v1/me with the headers a typical client sends) and stay
# connected; the server runs in the demo's heap (-Xmx128m). Prints the live heap (after a full GC,
# jcmd GC.class_histogram) with no client connected and with all of them, the heap per connection,
# and whether /healthz still answers, then appends them to RESULTS.md.
#
#   bench/connections/run.sh            (CONNECTIONS=1000; JAR=… measures another build)
#
# Needs curl and python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .mvn/jdk.sh
connections=${CONNECTIONS:-1000}
port=${PORT:-18084}
curl -s -o /dev/null "http://localhost:$port/healthz" && { echo "port $port already answers: stop that server or set PORT" >&2; exit 1; }
jar=${JAR:-server/target/peeker.jar}
[ -f "$jar" ] || ./mvnw -q -DskipTests install >&2
ulimit -n $((connections + 512)) 2>/dev/null || { echo "cannot open $connections sockets (ulimit -n)" >&2; exit 1; }
work=$(mktemp -d)
server=""
stop() { # a server out of heap may not act on SIGTERM
  [ -n "$server" ] || return 0
  kill "$server" 2>/dev/null || return 0
  for _ in $(seq 100); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
}
trap 'stop; [ -n "${clients:-}" ] && kill "$clients" 2>/dev/null; rm -rf "$work"' EXIT
url="jdbc:h2:file:$work/peeker"
peeker() { "$JAVA_HOME/bin/java" -jar "$jar" --database "$url" "$@"; }
partner=$(peeker partner create --name "Connections bench" 2>/dev/null | tail -n 1)
key=$(peeker key create --partner "$partner" --environment test --preset full --rate-limit 1000000 2>/dev/null | tail -n 1)
"$JAVA_HOME/bin/java" $peeker_server_flags -Xmx128m -jar "$jar" serve --port "$port" --database "$url" 2>"$work/server.log" &
server=$!
until curl -sf -o /dev/null "http://localhost:$port/healthz"; do sleep 0.1; done
live_mb() { # MB; empty when the server gives no answer within a minute
  timeout 60 "$JAVA_HOME/bin/jcmd" "$server" GC.class_histogram 2>/dev/null | awk '$1=="Total" {printf "%.1f", $3 / 1048576}' || true
}

python3 - "$port" "$key" "$connections" >"$work/clients" 2>&1 <<'PY' &
import socket, sys, time
port, key, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
request = (f"GET /partner/v1/me HTTP/1.1\r\nHost: localhost:{port}\r\n"
           "User-Agent: partner-client/1.0\r\nAccept: application/json\r\n"
           f"Authorization: Bearer {key}\r\n\r\n").encode()
def exchange(s):
    s.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        data += s.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length"))
    while len(body) < length:
        body += s.recv(65536)
    return head.startswith(b"HTTP/1.1 200")
held, refused, failed = [], 0, 0
deadline = time.monotonic() + 120  # a server out of heap answers slowly, if at all
for _ in range(n):
    if time.monotonic() > deadline:
        print(f"gave up opening more after 120 s", flush=True)
        break
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        ok = exchange(s) & exchange(s)
        refused += not ok
        held.append(s)
    except OSError:
        failed += 1
print("connected", len(held), "answered other than 200:", refused, "failed:", failed, flush=True)
time.sleep(600)
PY
clients=$!
baseline=$(live_mb)
until grep -q connected "$work/clients" || ! kill -0 "$clients" 2>/dev/null; do sleep 0.2; done
grep -q connected "$work/clients" || { cat "$work/clients" >&2; exit 1; }
held=$(live_mb)
health=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://localhost:$port/healthz" || true)
errors=$(grep -c OutOfMemoryError "$work/server.log" || true)
kill "$clients" 2>/dev/null || true
opened=$(sed -n 's/.*connected \([0-9]*\).*/\1/p' "$work/clients")
per=$([ -n "$held" ] && [ "${opened:-0}" -gt 0 ] && python3 -c "print(f'{($held - $baseline) * 1024 / $opened:.1f}')" || echo "?")
{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ) — $connections keep-alive connections, H2, -Xmx128m ($(basename "$jar"))"
  echo
  echo "- live heap: ${baseline} MB with no client, ${held:-no answer from jcmd within 60 s,} MB with ${opened:-?} of $connections connected (${per} KB per connection)"
  echo "- clients: $(tr '\n' ' ' <"$work/clients")"
  echo "- /healthz with all of them connected: ${health} (000: no answer within 5 s); OutOfMemoryError in the server's log: ${errors}"
} | tee -a bench/connections/RESULTS.md
