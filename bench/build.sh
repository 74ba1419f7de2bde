# Sourced by the benchmark scripts: sets here, JAVA_HOME, jar, bench and classpath, and builds the binary and the
# benchmark classes when either is missing or older than any source or pom.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA_HOME="$("$here/bin/java-home")"
export JAVA_HOME
# As in ./millwright: no ONNX Runtime telemetry from a benchmark either.
export ORT_DISABLE_TELEMETRY=1
jar="$here/app/target/quarkus-app/quarkus-run.jar"
bench="$here/bench/target/classes"
classpath="$here/bench/target/classpath.txt"

stale() { # a build output missing or older than any source or pom
  [ -f "$jar" ] && [ -f "$classpath" ] || return 0
  [ -n "$(find "$here" -path "$here/*/target" -prune -o -path "$here/.git" -prune -o -path "$here/data" -prune -o \
      -type f \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$classpath" -print -quit)" ]
}
if stale; then
  echo "$(basename "$0"): building ..." >&2
  if [ "$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JAVA_HOME/release")" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
  (cd "$here" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl app,bench -am package) >&2
  touch "$classpath"
fi
