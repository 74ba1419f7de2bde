#!/usr/bin/env bash
# SQL-table connector benchmark (issue 12): a private PostgreSQL server (Debian's binaries, apt-get install postgresql)
# holds a results table of 100,000 rows x 10 result columns; the SQL connector reads all of it after its id watermark,
# in this JVM, once per batch size. Prints rows/s, samples/s and the total time.
#   bench/sql.sh [--rows 100000] [--batch 1000,10000]
set -euo pipefail
# shellcheck source=bench/build.sh
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"

echo "machine: $(nproc --all) cores, $(awk '/MemTotal/{print int($2/1048576)}' /proc/meminfo) GiB," \
  "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(date -u +%F)"
cd "$here"
exec "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} \
  -cp "$bench:$(cat "$classpath")" io.millwright.bench.SqlTableBenchmark "$@"
