#!/usr/bin/env bash
# Alarms benchmark (issue 8): the real binary runs 'run --roles broker,alarms' on a generated machines file of 1,000
# machines x 50 float64 tags, one high limit alarm per tag (50,000 alarms); Sparkplug edge nodes in the benchmark JVM
# play the connectors and publish 100,000 samples/s into its broker, with 200 excursions/s above the limits (each back
# below the deadband in the machine's next message). A subscriber to acme/plant-1/_alarms/events matches every
# 'activated' event to its excursion: prints p50/p99/max from the sample's publish to the event's arrival, missing,
# duplicate and unexpected activations, samples/s the role evaluated, the binary's CPU and RSS, the role's queue, the
# load generator's CPU and the load average. Exits 1 unless every excursion got exactly one activation.
#   bench/alarms.sh [--machines 1000] [--tags 50] [--edges 4] [--rate 100000] [--excursions 200] [--warmup 20]
#                   [--measure 60] [--cpus ""] [--java-opts "-XX:StartFlightRecording=filename=/tmp/a.jfr ..."]
# Nothing is pinned by default: the binary and the load generator share the machine's CPUs (--cpus pins the binary).
set -euo pipefail
# shellcheck source=bench/build.sh
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"

echo "machine: $(nproc --all) cores, $(awk '/MemTotal/{print int($2/1048576)}' /proc/meminfo) GiB," \
  "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(date -u '+%F %H:%M') UTC; load average $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$here"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} \
  -cp "$bench:$(cat "$classpath")" io.millwright.bench.AlarmsBenchmark --jar "$jar" --java-home "$JAVA_HOME" "$@"
