#!/usr/bin/env bash
# MQTT device connector benchmark (issue 12): a local Mosquitto; simulated devices in the benchmark JVM publish JSON
# status messages of N float64 fields as fast as the broker acknowledges them (QoS 1, a window of unacknowledged
# messages each); one MQTT device connector per device maps every field to a sample. Prints messages and samples
# mapped per second, read errors, p50/p99 from a message's device time to its samples, and the CPU of the benchmark
# JVM (devices and connectors together) and of Mosquitto.
#   bench/mqtt-devices.sh [--devices 1] [--tags 20] [--window 500] [--qos 1] [--warmup 5] [--measure 20]
set -euo pipefail
# shellcheck source=bench/build.sh
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"

echo "machine: $(nproc --all) cores, $(awk '/MemTotal/{print int($2/1048576)}' /proc/meminfo) GiB," \
  "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(date -u '+%F %H:%M') UTC; load average $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$here"
exec "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} \
  -cp "$bench:$(cat "$classpath")" io.millwright.bench.MqttDeviceBenchmark --java-home "$JAVA_HOME" "$@"
