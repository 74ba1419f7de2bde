#!/usr/bin/env bash
# Startup benchmark: how long the built binary takes from process start to /q/health/ready = UP, its RSS once ready,
# and how long it takes to exit after SIGTERM. Prints one line per run and the medians.
#   bench/startup.sh [runs] [command...]      e.g. bench/startup.sh 5 demo
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"; shift || true
cmd=("${@:-demo}")
JAVA_HOME="$("$here/bin/java-home")"
export ORT_DISABLE_TELEMETRY=1  # as ./millwright does
jar="$here/app/target/quarkus-app/quarkus-run.jar"
[ -f "$jar" ] || "$here/mvnw" -q -B -DskipTests -Dspotless.check.skip=true -pl app -am package
port=$(( 20000 + RANDOM % 20000 ))
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
now_ms() { date +%s%3N; }

ready=() rss=() stop=()
for i in $(seq 1 "$runs"); do
  t0=$(now_ms)
  MILLWRIGHT_HTTP_PORT=$port MILLWRIGHT_DATA="$work/data" MILLWRIGHT_ADMIN_PASSWORD=bench-password \
    "$JAVA_HOME/bin/java" $("$here/bin/jvm-options" "${cmd[0]}") ${MILLWRIGHT_JAVA_OPTS:-} -jar "$jar" "${cmd[@]}" >"$work/out.$i" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/q/health/ready"; do
    kill -0 $pid 2>/dev/null || { echo "process died:"; cat "$work/out.$i"; exit 1; }
    sleep 0.02
  done
  t1=$(now_ms)
  r=$(awk '/VmRSS/{print int($2/1024)}' /proc/$pid/status)
  kill -TERM $pid; t2=$(now_ms); code=0; wait $pid || code=$?; t3=$(now_ms)
  ready+=($((t1 - t0))); rss+=("$r"); stop+=($((t3 - t2)))
  echo "run $i: ready ${ready[-1]} ms, RSS ${r} MB, exit $code ${stop[-1]} ms after SIGTERM"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median of $runs: ready $(median "${ready[@]}") ms, RSS $(median "${rss[@]}") MB, stop $(median "${stop[@]}") ms"
echo "machine: $(nproc) cores, $(awk '/MemTotal/{print int($2/1048576)}' /proc/meminfo) GiB, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
