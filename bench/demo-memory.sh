#!/usr/bin/env bash
# Demo memory benchmark (issue 4): starts 'demo' with the launcher's JVM options (bin/jvm-options demo) in a fresh data
# directory, waits for /q/health/ready, then samples VmRSS every second for N seconds while the simulated plant runs
# and the connectors read it. Prints the time to ready, the highest RSS and the CPU time used.
#   bench/demo-memory.sh [seconds=180]       MILLWRIGHT_JAVA_OPTS adds JVM options, as for ./millwright
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-180}"
JAVA_HOME="$("$here/bin/java-home")"
export ORT_DISABLE_TELEMETRY=1  # as ./millwright does
jar="$here/app/target/quarkus-app/quarkus-run.jar"
[ -f "$jar" ] || "$here/mvnw" -q -B -DskipTests -Dspotless.check.skip=true -pl app -am package
port=$(( 20000 + RANDOM % 20000 ))
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
t0=$(date +%s%3N)
# shellcheck disable=SC2046,SC2086
MILLWRIGHT_HTTP_PORT=$port MILLWRIGHT_DATA="$work/data" MILLWRIGHT_ADMIN_PASSWORD=bench-password \
  "$JAVA_HOME/bin/java" $("$here/bin/jvm-options" demo) ${MILLWRIGHT_JAVA_OPTS:-} -jar "$jar" demo >"$work/out" 2>&1 &
pid=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/q/health/ready"; do
  kill -0 $pid 2>/dev/null || { echo "process died:"; cat "$work/out"; exit 1; }
  sleep 0.05
done
t1=$(date +%s%3N)
max=0
for _ in $(seq 1 "$seconds"); do
  r=$(awk '/VmRSS/{print int($2/1024)}' /proc/$pid/status)
  [ "$r" -gt "$max" ] && max=$r
  sleep 1
done
connected=$(curl -fs -u admin:bench-password "http://127.0.0.1:$port/api/v1/machines" | grep -o '"status":"connected"' | wc -l)
echo "ready $((t1 - t0)) ms; max RSS over $seconds s: $max MB; CPU $(ps -o time= -p $pid | tr -d ' '); machines connected: $connected"
echo "machine: $(nproc --all) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(date -u +%F)"
kill -TERM $pid; wait $pid || true
[ "$max" -lt 384 ] || { echo "over the 384 MB budget"; exit 1; }
