#!/usr/bin/env bash
# Container image benchmark: builds the image (image/target/millwright-image.tar, linux/amd64) and prints its size,
# the unpacked size of each layer, the jlinked runtime's size, and the time from 'runc run' to /q/health/ready = UP
# for 'run --roles broker,historian' (read-only root, non-root user, tmpfs /tmp, fresh data volume each run).
# Needs root and runc (apt-get install runc), as the image's own tests do.
#   bench/image.sh [runs]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
JAVA_HOME="$("$here/bin/java-home")"
export JAVA_HOME
if [ "$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JAVA_HOME/release")" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
tar="$here/image/target/millwright-image.tar"

t0=$(date +%s)
"$here/mvnw" -q -B -DskipTests -Dspotless.check.skip=true -pl image -am package >/dev/null
echo "build: $(( $(date +%s) - t0 )) s (./mvnw -DskipTests -pl image -am package)"
cp="$here/image/target/classes:$(cat "$here/image/target/classpath.txt")"

"$JAVA_HOME/bin/java" -cp "$cp" io.millwright.image.ImageTar "$tar"
jre="$here/image/target/base/jre"
echo "java runtime (jlink): $(du -sm "$jre" | cut -f1) MB, of which lib/modules $(du -sm "$jre/lib/modules" | cut -f1) MB," \
  "libjvm (symbol table stripped) $(du -sm "$jre/lib/server/libjvm.so" | cut -f1) MB"
echo "debian root file system: $(du -sm "$here/image/target/base/rootfs" | cut -f1) MB: $(tr '\n' ' ' < "$here/image/target/base/packages.txt")"

work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
"$JAVA_HOME/bin/java" -cp "$cp" io.millwright.image.ImageRun "$tar" "$work/runc" "$runs"
echo "machine: $(nproc) cores, $(awk '/MemTotal/{print int($2/1048576)}' /proc/meminfo) GiB, runc $(runc --version | head -1 | awk '{print $3}')"
