#!/usr/bin/env bash
# Historian store benchmark (issue 5): the embedded (DuckDB) store ingests 10,000 tags in durable batches of 10,000
# (random-walk doubles, counters, booleans), then times the latest of 1,000 tags, 24 h of a 1 Hz tag in 1,000 buckets,
# and one hour of 100 tags raw; prints samples/s, bytes per sample on disk and p50/p99 per query.
#   bench/historian.sh [steps of 10 s, default 360]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA_HOME="$("$here/bin/java-home")"
export JAVA_HOME
jar="$here/app/target/quarkus-app/quarkus-run.jar"
bench="$here/bench/target/classes"
classpath="$here/bench/target/classpath.txt"

stale() { # a build output missing or older than any source or pom
  [ -f "$jar" ] && [ -f "$classpath" ] || return 0
  [ -n "$(find "$here" -path "$here/*/target" -prune -o -path "$here/.git" -prune -o -path "$here/data" -prune -o \
      -type f \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$classpath" -print -quit)" ]
}
if stale; then
  echo "historian.sh: building ..." >&2
  if [ "$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JAVA_HOME/release")" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
  (cd "$here" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl app,bench -am package) >&2
  touch "$classpath"
fi
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc --all) cores, $(awk '/MemTotal/{print int($2/1048576)}' /proc/meminfo) GiB," \
  "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(date -u +%F)"
cd "$here"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx256m ${BENCH_JAVA_OPTS:-} \
  -cp "$bench:$(cat "$classpath")" io.millwright.bench.HistorianStoreBenchmark "$work/store" "$@"
