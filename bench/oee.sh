#!/usr/bin/env bash
# OEE engine benchmark: 1,000 machines (50 lines of 20, three shifts with breaks, Europe/Rome) report by exception for
# 30 days (a part every 30-35 s, micro-stops, faults, shortages, changeovers, breaks); the engine takes it all through
# accept(). Prints ingest readings/s and segments, the 1 Hz live recomputation of the current shift (per machine, per
# line, site: p50/p99/max ms and CPU), 30-day reports for one line and the site, heap after GC and RSS.
#   bench/oee.sh [days, default 30]
set -euo pipefail
# shellcheck source=bench/build.sh
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"
echo "machine: $(nproc --all) cores, $(awk '/MemTotal/{print int($2/1048576)}' /proc/meminfo) GiB," \
  "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(date -u +%F)"
cd "$here"
"$JAVA_HOME/bin/java" -Xmx2g ${BENCH_JAVA_OPTS:-} \
  -cp "$bench:$(cat "$classpath")" io.millwright.bench.OeeBenchmark "$@"
