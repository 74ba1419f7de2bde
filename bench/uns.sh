#!/usr/bin/env bash
# Unified Namespace benchmark (issue 3): E Sparkplug edge nodes publish DDATA of 100 float64 metrics, one host
# application decodes them, against the embedded broker (the real binary, 'run --roles broker') and Mosquitto side by
# side in the same run; prints one line per broker and round, then a table of medians.
#   bench/uns.sh [--rounds 3] [--edges 4] [--measure 10] [--window 32] [--no-pin] [--load-cpus 0] [--broker-cpus 1] ...
# By default the load generator (edge nodes + host, one JVM) runs on CPU 0 and each broker on CPU 1 (taskset).
set -euo pipefail
# shellcheck source=bench/build.sh
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"

load_cpus=0 pin=1 args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --load-cpus) load_cpus="$2"; shift 2 ;;
    --no-pin) pin=0; args+=("$1"); shift ;;
    *) args+=("$1"); shift ;;
  esac
done
taskset=()
[ "$pin" = 1 ] && command -v taskset >/dev/null && taskset=(taskset -c "$load_cpus")

echo "machine: $(nproc --all) cores, $(awk '/MemTotal/{print int($2/1048576)}' /proc/meminfo) GiB," \
  "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1), $(mosquitto -h 2>/dev/null | head -1 || true); $(date -u +%F)"
cd "$here"
exec "${taskset[@]}" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} \
  -cp "$bench:$(cat "$classpath")" io.millwright.bench.UnsBenchmark --jar "$jar" --java-home "$JAVA_HOME" "${args[@]}"
