#!/usr/bin/env bash
# Retrains the shipped bearing model: exports healthy-machine data from the demo plant in simulated
# time, fits the model and writes alarms/src/main/resources/io/millwright/alarms/anomaly/models/
# cnc-bearing.onnx. Needs a JDK (JAVA_HOME), Maven's wrapper and Debian's python3-numpy and
# python3-onnx (apt-get install -y python3-numpy python3-onnx). CI does not run this: the committed
# model is what ships. Extra Maven flags (e.g. -o) come from MAVEN_FLAGS.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
python="${PYTHON:-/usr/bin/python3}"

cd "$root"
# Compiles the simulator (core comes from the local repository, as for any module build).
./mvnw -B -q ${MAVEN_FLAGS:-} -pl simulator compile dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/classpath"
cp="simulator/target/classes:$(cat "$work/classpath")"

# A day of the demo plant per seed: seeds 1-5 to fit, 101-108 to check the fit on days it never saw.
"$java" -cp "$cp" io.millwright.simulator.TrainingData "$work/train.csv" 24 60 1 2 3 4 5
"$java" -cp "$cp" io.millwright.simulator.TrainingData "$work/holdout.csv" 24 60 \
  101 102 103 104 105 106 107 108

"$python" alarms/model/train-bearing-model.py "$work/train.csv" "$work/holdout.csv" \
  alarms/src/main/resources/io/millwright/alarms/anomaly/models/cnc-bearing.onnx
