#!/usr/bin/env bash
# Jobs benchmark (issue 9): the real binary runs 'demo' (every role and the simulated factory of 11 machines) with the
# launcher's JVM options (bin/jvm-options demo) and a configuration of 'jobs: {release: manual}'. Phase 1 posts 10,000
# orders into the demo's ERP simulator from 4 concurrent clients and times them until the jobs role has imported them
# all (orders/s end to end and for the import alone; none may be rejected). Phase 2, for 2 minutes, on each machine in
# parallel: release the next imported order onto it, wait for 'dispatched' on acme/plant-1/_jobs/events (the machine
# read the job back), complete it; paced to 1,000 dispatches/min overall. Prints the achieved rate, p50/p90/p99/max from
# the journal's 'released' to its 'dispatched' (server-side) and from the release call to the event (client-side),
# failed dispatches, the ERP confirmations (backlog drained, each completed order COMPLETED in the ERP simulator), the
# binary's CPU and RSS and the load average. Exits 1 on a failed dispatch, a lost or rejected order or a missing
# confirmation.
# --jitter MS pauses each dispatcher up to MS at random before a release: without it the closed loop releases each job
# right after the poll that confirmed the previous one, so every job waits almost a whole poll for its read-back.
#   bench/jobs.sh [--orders 10000] [--clients 4] [--minutes 2] [--rate 1000] [--jitter 0] [--import-timeout 600]
#                 [--cpus ""] [--java-opts "..."]  (default JVM options: bin/jvm-options demo, as ./millwright demo)
set -euo pipefail
# shellcheck source=bench/build.sh
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"

echo "machine: $(nproc --all) cores, $(awk '/MemTotal/{print int($2/1048576)}' /proc/meminfo) GiB," \
  "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(date -u '+%F %H:%M') UTC; load average $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$here"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} \
  -cp "$bench:$(cat "$classpath")" io.millwright.bench.JobsBenchmark --jar "$jar" --java-home "$JAVA_HOME" \
  --java-opts "$("$here/bin/jvm-options" demo)" "$@"
