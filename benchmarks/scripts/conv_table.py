#!/usr/bin/env python3
"""Prints the LeNet convolution table: Theano4J's ms per call (ConvBenchmark, JSON from JMH's
-rf json; each iteration's average is one sample) next to PyTorch's (conv_ref.py, one JSON
line per case), median and fastest, with the ratio of the medians.

Usage: python3 conv_table.py JMH_JSON REF_JSONL
"""
import json
import statistics
import sys

from ops_table import fail

CASES = [("conv1", "forward"), ("conv1", "backward"), ("conv2", "forward"),
         ("conv2", "backward")]
SHAPES = {"conv1": "(500, 1, 28, 28) * (20, 1, 5, 5)",
          "conv2": "(500, 20, 12, 12) * (50, 20, 5, 5)"}


def main():
    if len(sys.argv) != 3:
        fail("usage: conv_table.py JMH_JSON REF_JSONL")
    ours, ref = {}, {}
    try:
        with open(sys.argv[1]) as f:
            for r in json.load(f):
                if r["benchmark"].endswith("ConvBenchmark.call"):
                    raw = [v for fork in r["primaryMetric"]["rawData"] for v in fork]
                    key = (r["params"]["layer"], r["params"]["pass"])
                    ours[key] = (statistics.median(raw), min(raw))
        with open(sys.argv[2]) as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    ref[(r["layer"], r["pass"])] = (r["median_ms"], r["min_ms"])
                    version = f"{r['version']}, {r['threads']}, mkldnn {r['mkldnn']}"
    except (OSError, ValueError, KeyError) as e:
        fail(f"cannot read the results: {e}")
    missing = [c for c in CASES if c not in ours or c not in ref]
    if missing:
        fail(f"cases missing from the results: {missing}")
    print(f"# PyTorch {version}")
    print("\nms per call, median (fastest); backward = both gradients from a given output "
          "gradient:\n")
    print("| layer | pass | Theano4J (JVM, JMH) | PyTorch eager (CPU) | Theano4J / PyTorch |")
    print("| --- | --- | ---: | ---: | ---: |")
    for layer, p in CASES:
        (om, ob), (tm, tb) = ours[(layer, p)], ref[(layer, p)]
        print(f"| {layer} {SHAPES[layer]} | {p} | {om:.1f} ({ob:.1f}) | {tm:.1f} ({tb:.1f}) "
              f"| {om / tm:.2f} |")


if __name__ == "__main__":
    main()
