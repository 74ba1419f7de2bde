#!/usr/bin/env python3
"""Trains cnc-bearing.onnx: expected spindle-bearing temperature from the recent spindle history.

Reads the CSV written by io.millwright.simulator.TrainingData (healthy machining centres and
lathe of the demo plant, one row per machine per grid step) and fits, by least squares, the
bearing temperature at the end of a window from the spindle speed, spindle load and a
"spindle turning" indicator over the whole window. A bearing warms up and cools down with a lag
of minutes, so the whole recent history matters, not just the latest speed.

The ONNX graph takes the window as the alarms role's model detector gives it, [1, window * 3]
floats, oldest step first, (speed, load, bearing temperature) interleaved, and returns one score:
the latest measured bearing temperature minus the expected one, in degC. A worn bearing runs
hotter than its speed and load explain, so its score grows; a healthy one stays near 0.

Usage: train-bearing-model.py <train.csv> <holdout.csv> <out.onnx>
Needs only Debian's python3-numpy and python3-onnx.
"""
import csv
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

WINDOW = 30           # steps of history the model sees
STEP_SECONDS = 60     # grid the detector samples its inputs on
INPUTS = ["spindle/speed", "spindle/load", "spindle/bearing-temperature"]
TURNING_RPM = 100.0   # above this the spindle turns: a stopped drive reads a clean 0
THRESHOLD = 5.0       # degC above expected: the alarm's threshold, see README.md
# Scales keep the least-squares problem well conditioned; they are folded into the weights.
SPEED_SCALE = 12000.0
LOAD_SCALE = 50.0


def read_series(path):
    """Each (seed, machine)'s rows, in time order, as an array of speed, load, temperature."""
    series = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            key = (row["seed"], row["machine"])
            series.setdefault(key, []).append(
                [float(row["speed"]), float(row["load"]), float(row["bearing_temperature"])])
    return {k: np.array(v, dtype=np.float64) for k, v in series.items()}


def features(window):
    """What the expected temperature is a linear function of: the window's speed, load, turning."""
    speed, load = window[:, 0], window[:, 1]
    turning = (speed > TURNING_RPM).astype(np.float64)
    return np.concatenate([speed / SPEED_SCALE, load / LOAD_SCALE, turning, [1.0]])


def design(series):
    rows, targets, names = [], [], []
    for key, s in sorted(series.items()):
        for end in range(WINDOW, len(s) + 1):
            w = s[end - WINDOW:end]
            rows.append(features(w))
            targets.append(w[-1, 2])
            names.append(key[1])
    return np.array(rows), np.array(targets), np.array(names)


def graph(coefficients):
    """The fitted regression as an ONNX graph; the scales are folded into the weights."""
    n = WINDOW * len(INPUTS)
    w = coefficients[:-1].copy()
    w[:WINDOW] /= SPEED_SCALE
    w[WINDOW:2 * WINDOW] /= LOAD_SCALE
    bias = coefficients[-1]
    stride = len(INPUTS)
    init = [
        helper.make_tensor("speed_at", TensorProto.INT64, [WINDOW], list(range(0, n, stride))),
        helper.make_tensor("load_at", TensorProto.INT64, [WINDOW], list(range(1, n, stride))),
        helper.make_tensor("latest_temperature_at", TensorProto.INT64, [1], [n - 1]),
        helper.make_tensor("turning_rpm", TensorProto.FLOAT, [], [TURNING_RPM]),
        helper.make_tensor("weights", TensorProto.FLOAT, [3 * WINDOW, 1],
                           w.astype(np.float32).tolist()),
        helper.make_tensor("bias", TensorProto.FLOAT, [1], [np.float32(bias).item()]),
    ]
    nodes = [
        helper.make_node("Gather", ["window", "speed_at"], ["speed"], axis=1),
        helper.make_node("Gather", ["window", "load_at"], ["load"], axis=1),
        helper.make_node("Greater", ["speed", "turning_rpm"], ["turning_bool"]),
        helper.make_node("Cast", ["turning_bool"], ["turning"], to=TensorProto.FLOAT),
        helper.make_node("Concat", ["speed", "load", "turning"], ["features"], axis=1),
        helper.make_node("MatMul", ["features", "weights"], ["weighted"]),
        helper.make_node("Add", ["weighted", "bias"], ["expected"]),
        helper.make_node("Gather", ["window", "latest_temperature_at"], ["measured"], axis=1),
        helper.make_node("Sub", ["measured", "expected"], ["score"]),
    ]
    g = helper.make_graph(
        nodes, "cnc_bearing",
        [helper.make_tensor_value_info("window", TensorProto.FLOAT, [1, n])],
        [helper.make_tensor_value_info("score", TensorProto.FLOAT, [1, 1])],
        init)
    model = helper.make_model(
        g, producer_name="millwright alarms/model/train-bearing-model.py",
        opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    model.doc_string = (
        "Spindle bearing temperature above what the spindle's recent speed and load explain, "
        "degC. Input: %d steps of %ds, oldest first, (%s) interleaved." % (
            WINDOW, STEP_SECONDS, ", ".join(INPUTS)))
    helper.set_model_props(model, {
        "millwright.inputs": ",".join(INPUTS),
        "millwright.window": str(WINDOW),
        "millwright.step": "%ds" % STEP_SECONDS,
        "millwright.threshold": "%g" % THRESHOLD,
    })
    onnx.checker.check_model(model)
    return model


def report(label, residual):
    print("%-28s n=%7d  sd %.3f  mean %+.3f  p99.9 %+.2f  max %+.2f  min %+.2f  above %.1f: %d" % (
        label, len(residual), residual.std(), residual.mean(), np.quantile(residual, 0.999),
        residual.max(), residual.min(), THRESHOLD, int((residual > THRESHOLD).sum())))


def main(train_csv, holdout_csv, out):
    x, y, _ = design(read_series(train_csv))
    coefficients, *_ = np.linalg.lstsq(x, y, rcond=None)
    report("train", y - x @ coefficients)
    xh, yh, machines = design(read_series(holdout_csv))
    residual = yh - xh @ coefficients
    report("holdout", residual)
    for m in sorted(set(machines)):
        report("holdout " + m, residual[machines == m])
    model = graph(coefficients)
    with open(out, "wb") as f:
        f.write(model.SerializeToString(deterministic=True))
    print("wrote", out)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
