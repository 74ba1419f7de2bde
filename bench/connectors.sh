#!/usr/bin/env bash
# Connector throughput benchmark (issue 4): the simulator's synthetic plant serves Modbus TCP (10 machines x 1,000
# registers) and OPC UA (10 x 1,000 monitored items) from the benchmark JVM; the real binary runs broker + connectors
# at 100 ms; a Sparkplug host decodes what reaches the namespace. Prints samples/s, CPU per 10k samples/s and RSS.
#   bench/connectors.sh [--scenario both|modbus|opcua] [--machines 10] [--registers 1000] [--items 1000] [--interval-ms 100]
#                       [--warmup 10] [--measure 20] [--java-opts "-Xmx128m ..."]
set -euo pipefail
# shellcheck source=bench/build.sh
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"

echo "machine: $(nproc --all) cores, $(awk '/MemTotal/{print int($2/1048576)}' /proc/meminfo) GiB," \
  "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(date -u +%F)"
cd "$here"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} \
  -cp "$bench:$(cat "$classpath")" io.millwright.bench.ConnectorBenchmark --jar "$jar" --java-home "$JAVA_HOME" "$@"
