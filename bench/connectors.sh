#!/usr/bin/env bash
# Connector throughput benchmark (issue 4): the simulator's synthetic plant serves Modbus TCP (10 machines x 1,000
# registers) and OPC UA (10 x 1,000 monitored items) from the benchmark JVM; the real binary runs broker + connectors
# at 100 ms; a Sparkplug host decodes what reaches the namespace. Prints samples/s, CPU per 10k samples/s and RSS.
#   bench/connectors.sh [--scenario both|modbus|opcua] [--machines 10] [--registers 1000] [--items 1000] [--interval-ms 100]
#                       [--warmup 10] [--measure 20] [--java-opts "-Xmx128m ..."]
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
  echo "connectors.sh: building ..." >&2
  if [ "$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JAVA_HOME/release")" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
  (cd "$here" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl app,bench -am package) >&2
  touch "$classpath"
fi


echo "machine: $(nproc --all) cores, $(awk '/MemTotal/{print int($2/1048576)}' /proc/meminfo) GiB," \
  "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(date -u +%F)"
cd "$here"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} \
  -cp "$bench:$(cat "$classpath")" io.millwright.bench.ConnectorBenchmark --jar "$jar" --java-home "$JAVA_HOME" "$@"
