#!/usr/bin/env python3
"""Writes the small ONNX models the alarms module's tests load to check what is refused and why.

Each is a valid ONNX model that does not fit a detector in one way. Usage:
make-test-models.py <folder>   (alarms/src/test/resources/io/millwright/alarms/anomaly)
Needs only Debian's python3-onnx.
"""
import os
import sys

import onnx
from onnx import TensorProto, helper


def save(folder, name, graph):
    model = helper.make_model(graph, producer_name="millwright alarms/model/make-test-models.py",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    onnx.checker.check_model(model)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(model.SerializeToString(deterministic=True))


def main(folder):
    # Scores with two numbers, not one: [1, 6] -> [1, 2].
    save(folder, "two-scores.onnx", helper.make_graph(
        [helper.make_node("Slice", ["window", "starts", "ends", "axes"], ["scores"])],
        "two_scores",
        [helper.make_tensor_value_info("window", TensorProto.FLOAT, [1, 6])],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, [1, 2])],
        [helper.make_tensor("starts", TensorProto.INT64, [1], [0]),
         helper.make_tensor("ends", TensorProto.INT64, [1], [2]),
         helper.make_tensor("axes", TensorProto.INT64, [1], [1])]))
    # Takes whole numbers: int64 [1, 6] -> float [1, 1].
    save(folder, "integer-input.onnx", helper.make_graph(
        [helper.make_node("Gather", ["window", "first"], ["oldest"], axis=1),
         helper.make_node("Cast", ["oldest"], ["score"], to=TensorProto.FLOAT)],
        "integer_input",
        [helper.make_tensor_value_info("window", TensorProto.INT64, [1, 6])],
        [helper.make_tensor_value_info("score", TensorProto.FLOAT, [1, 1])],
        [helper.make_tensor("first", TensorProto.INT64, [1], [0])]))
    # The oldest value of the window, with a free batch dimension: [N, 6] -> [N, 1]. Fits 3 steps
    # of 2 tags (or 2 of 3) and shows which value the detector puts first.
    save(folder, "oldest-value.onnx", helper.make_graph(
        [helper.make_node("Gather", ["window", "first"], ["score"], axis=1)],
        "oldest_value",
        [helper.make_tensor_value_info("window", TensorProto.FLOAT, ["batch", 6])],
        [helper.make_tensor_value_info("score", TensorProto.FLOAT, ["batch", 1])],
        [helper.make_tensor("first", TensorProto.INT64, [1], [0])]))
    # The last value of a window of any length: [1, n] -> [1, 1].
    save(folder, "any-length.onnx", helper.make_graph(
        [helper.make_node("Gather", ["window", "last"], ["score"], axis=1)],
        "any_length",
        [helper.make_tensor_value_info("window", TensorProto.FLOAT, [1, "n"])],
        [helper.make_tensor_value_info("score", TensorProto.FLOAT, [1, 1])],
        [helper.make_tensor("last", TensorProto.INT64, [1], [-1])]))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
