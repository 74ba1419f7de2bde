#!/usr/bin/env bash
# Historian peers benchmark: the data and queries of bench/historian.sh against Millwright's embedded store (DuckDB),
# its PostgreSQL store (Debian's postgresql, a cluster made and started here),
# InfluxDB 1.x and VictoriaMetrics (Debian packages, started here on loopback with a temp data directory) and QuestDB
# embedded; one JVM per store. Prints each store's figures, then a markdown comparison for docs/benchmarks.md.
#   bench/historian-peers.sh [steps of 10 s, default 360] [stores, default: duckdb postgresql influxdb victoria-metrics questdb]
set -euo pipefail
# shellcheck source=bench/build.sh
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"
steps="${1:-360}"
shift || true
stores=("$@")
[ ${#stores[@]} -gt 0 ] || stores=(duckdb postgresql influxdb victoria-metrics questdb)

if ! command -v influxd >/dev/null || ! command -v victoria-metrics >/dev/null || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  [ "$(id -u)" -eq 0 ] || { echo "apt-get install influxdb victoria-metrics postgresql first (as root)" >&2; exit 1; }
  apt-get install -y -q influxdb victoria-metrics postgresql >&2 || { apt-get update -q >&2 && apt-get install -y -q influxdb victoria-metrics postgresql >&2; }
  # The packages' services would compete for the CPUs; the benchmark starts its own instances.
  if [ -d /run/systemd/system ]; then systemctl disable --now influxdb victoria-metrics >&2 || true; fi
fi

work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
chmod 755 "$work" # PostgreSQL runs as user postgres when we are root: it must reach its directory
echo "machine: $(nproc --all) cores, $(awk '/MemTotal/{print int($2/1048576)}' /proc/meminfo) GiB," \
  "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(date -u +%F); $steps steps of 10,000 samples"
# QuestDB embedded logs every commit and query at INFO to stdout: errors only, as an embedding application would.
printf 'writers=stdout\nw.stdout.class=io.questdb.log.LogConsoleWriter\nw.stdout.level=ERROR,CRITICAL\n' \
  >"$work/questdb-log.conf"
cd "$here"
run() {
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx256m -Dout="$work/questdb-log.conf" ${BENCH_JAVA_OPTS:-} \
    -cp "$bench:$(cat "$classpath")" io.millwright.bench.HistorianPeersBenchmark "$@"
}
for store in "${stores[@]}"; do
  run "$work/$store" "$steps" "$store" "$work/rows.md"
  echo
done
run table "$work/rows.md"
