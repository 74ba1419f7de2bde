#!/usr/bin/env bash
# File-drop connector benchmark (issue 12): 10,000 result files of about 1 KB (a CSV header and one row of 50 measured
# values) renamed into a drop folder; the connector reads each, hands its samples to a counting link, journals it and
# moves it to done/. Prints files/s, samples/s and CPU for a backlog (files there before the start) and a live run.
#   bench/files.sh [--files 10000] [--columns 50] [--dir /var/tmp]
set -euo pipefail
# shellcheck source=bench/build.sh
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"
echo "machine: $(nproc --all) cores, $(awk '/MemTotal/{print int($2/1048576)}' /proc/meminfo) GiB," \
  "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(date -u +%F)"
cd "$here"
exec "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} \
  -cp "$bench:$(cat "$classpath")" io.millwright.bench.FileDropBenchmark "$@"
