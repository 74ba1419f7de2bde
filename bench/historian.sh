#!/usr/bin/env bash
# Historian store benchmark (issue 5): the embedded (DuckDB) store ingests 10,000 tags in durable batches of 10,000
# (random-walk doubles, counters, booleans), then times the latest of 1,000 tags, 24 h of a 1 Hz tag in 1,000 buckets,
# and one hour of 100 tags raw; prints samples/s, bytes per sample on disk and p50/p99 per query.
#   bench/historian.sh [steps of 10 s, default 360]
set -euo pipefail
# shellcheck source=bench/build.sh
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc --all) cores, $(awk '/MemTotal/{print int($2/1048576)}' /proc/meminfo) GiB," \
  "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(date -u +%F)"
cd "$here"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx256m ${BENCH_JAVA_OPTS:-} \
  -cp "$bench:$(cat "$classpath")" io.millwright.bench.HistorianStoreBenchmark "$work/store" "$@"
