#!/usr/bin/env bash
# S7 read benchmark (issue 12): a Snap7 server (node-snap7, built by npm ci the first time) with a 4 KB data block, and
# one S7 connector polling 1,000 REAL variables every 100 ms from it. Prints polls/s and samples/s against the target.
#   bench/s7.sh [--variables 1000] [--interval-ms 100] [--seconds 20]
set -euo pipefail
# shellcheck source=bench/build.sh
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"

plc="$here/connect/src/test/node/snap7"
[ -f "$plc/node_modules/node-snap7/build/Release/node_snap7.node" ] || (cd "$plc" && npm ci --no-audit --no-fund >&2)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
coproc PLC { cd "$plc" && exec node plc.js "$port" 1:8192; }
trap 'kill "$PLC_PID" 2>/dev/null || true' EXIT
read -r ready <&"${PLC[0]}"
[ "$ready" = "listening $port" ] || { echo "snap7 server did not start: $ready" >&2; exit 1; }

echo "machine: $(nproc --all) cores, $(awk '/MemTotal/{print int($2/1048576)}' /proc/meminfo) GiB," \
  "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1), node $(node --version); $(date -u +%F)"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} \
  -cp "$bench:$(cat "$classpath")" io.millwright.bench.S7Benchmark --port "$port" "$@"
