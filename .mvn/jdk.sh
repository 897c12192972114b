# Picks a JDK >= 21 and exports JAVA_HOME. Sourced by ./mvnw, ./peeker and .ci/run (POSIX sh).
# Honours JAVA_HOME when it is new enough; otherwise takes the newest JDK >= 21 under /usr/lib/jvm
# (or /Library/Java/JavaVirtualMachines, or the java on PATH).
peeker_jdk_major() {
  # prints the major version of the JDK home $1, or 0
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  elif [ -x "$1/bin/java" ]; then
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  else
    v=0
  fi
  [ -x "$1/bin/javac" ] || v=0
  echo "${v:-0}"
}
if [ -z "${JAVA_HOME-}" ] || [ "$(peeker_jdk_major "$JAVA_HOME")" -lt 21 ]; then
  case $- in *f*) peeker_noglob=1; set +f ;; *) peeker_noglob=0 ;; esac
  peeker_best=""
  peeker_best_major=0
  for peeker_home in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$peeker_home" ] || continue
    peeker_major=$(peeker_jdk_major "$peeker_home")
    if [ "$peeker_major" -ge 21 ] && [ "$peeker_major" -gt "$peeker_best_major" ]; then
      peeker_best="$peeker_home"
      peeker_best_major=$peeker_major
    fi
  done
  if [ -z "$peeker_best" ] && command -v javac >/dev/null 2>&1; then
    peeker_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    [ "$(peeker_jdk_major "$peeker_home")" -ge 21 ] && peeker_best="$peeker_home"
  fi
  [ "$peeker_noglob" = 1 ] && set -f
  if [ -z "$peeker_best" ]; then
    echo "Peeker needs a JDK 21 or newer: set JAVA_HOME to one, or install one (e.g. apt-get install openjdk-21-jdk-headless)." >&2
    exit 1
  fi
  JAVA_HOME="$peeker_best"
fi
export JAVA_HOME
# JVM flags for every server this repository starts (./peeker, bench/): the job threads' Java
# priorities become nice 19 (1, on H2) and nice 10 (2, against PostgreSQL) on Linux, so the OS runs
# HTTP requests first when both want a core (ai.peeker.provisioning.JobThreads). Lowering a priority needs no privilege, though a JVM not run
# by root warns that ThreadPriorityPolicy=1 "may require system level permission".
peeker_server_flags="-XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19 -XX:JavaPriority2_To_OSPriority=10"
# Objects a node keeps for seconds (kept listing pages, H2's pages, queued jobs) survive young
# collections; G1 copied them between survivor spaces at up to 15 collections before promoting
# them, and the copying made the pauses a busy node's p99 carries: 8 ms on average beside a
# provisioning burst on H2 against 2 ms idle. Promoted after 2, page 1's p99 beside the burst was
# 1.54-1.77x its idle p99 instead of 1.87-2.11x (bench/orders-listing/burst.sh h2; RESULTS.md).
peeker_server_flags="$peeker_server_flags -XX:MaxTenuringThreshold=2"
