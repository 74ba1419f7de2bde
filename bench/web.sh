#!/usr/bin/env bash
# Web app benchmark, in Debian's chromium (apt-get install chromium) driven by Playwright against the demo: the plant
# overview's time to interactive after navigation (target 1 s) and a 24-hour trend of 4 tags from request to drawn
# (target 300 ms), over a day of 1 Hz history written into the demo's historian before it starts.
#   bench/web.sh [runs, default 10]
set -euo pipefail
# shellcheck source=bench/build.sh
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"
echo "machine: $(nproc --all) cores, $(awk '/MemTotal/{print int($2/1048576)}' /proc/meminfo) GiB," \
  "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(chromium --version 2>/dev/null); $(date -u +%F)"
cd "$here"
"$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} -cp "$bench:$(cat "$classpath")" io.millwright.bench.WebBenchmark \
  "$JAVA_HOME" "$jar" "$@"
