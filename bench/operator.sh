#!/usr/bin/env bash
# Operator benchmark (issue 6): the real binary runs the operator role against fabric8's mock API server (no cluster
# runs here) holding a Site and N Machines; prints the time to write every connector workload, the time to roll a
# Site-wide change, the operator's RSS and idle CPU, and the in-process plan + render time.
#   bench/operator.sh [--machines 500] [--java-opts "-Xmx192m -XX:+UseSerialGC"]
set -euo pipefail
# shellcheck source=bench/build.sh
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"

echo "machine: $(nproc --all) cores, $(awk '/MemTotal/{print int($2/1048576)}' /proc/meminfo) GiB," \
  "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(date -u +%F)"
cd "$here"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} \
  -cp "$bench:$(cat "$classpath")" io.millwright.bench.OperatorBenchmark --jar "$jar" --java-home "$JAVA_HOME" "$@"
