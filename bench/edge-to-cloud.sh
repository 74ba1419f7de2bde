#!/usr/bin/env bash
# Edge-to-cloud chaos benchmark (RELIABILITY T3 at full scale; docs/edge-to-cloud.md): three processes of the real
# binary: the edge ('run --roles broker,simulator,connectors,historian', the demo factory, with the historian and the
# publisher as the edge node's primary hosts), the cloud ('run --roles cloud' with a cloud.sites section) and the
# publisher ('run --roles publisher'), whose HTTPS transport goes through a TCP relay in the benchmark JVM that can cut
# the link. Measures the factory's rate R (publisher's received readings over --measure s); cuts the link for
# --minutes, SIGKILLs the publisher halfway and starts it again; prints the backlog and its bytes on disk per sample;
# restores the link and prints the time until live data is in the cloud, the backlog's drain rate as a multiple of R
# (target >= 10x) and bytes per sample on the wire (target < 10). Then, for every tag of press-01 and cnc-01, the
# cloud historian must hold exactly the edge historian's samples of the run's window, once each, in order. Exits 1
# when a sample is missing, doubled or out of order, or a figure is an order of magnitude off its target.
#   bench/edge-to-cloud.sh [--minutes 2] [--drain-rate 0] [--measure 30] [--drain-timeout 300] [--java-opts "..."]
# --drain-rate is the publisher's drainRate (readings/s for the backlog; 0 = unlimited, the product's default 20000).
set -euo pipefail
# shellcheck source=bench/build.sh
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"

echo "machine: $(nproc --all) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1))," \
  "$(awk '/MemTotal/{print int($2/1048576)}' /proc/meminfo) GiB," \
  "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(date -u '+%F %H:%M') UTC; load average $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$here"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} \
  -cp "$bench:$(cat "$classpath")" io.millwright.bench.EdgeToCloudBenchmark --jar "$jar" --java-home "$JAVA_HOME" "$@"
