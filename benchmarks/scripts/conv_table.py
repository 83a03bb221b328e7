#!/usr/bin/env python3
"""Prints the LeNet convolution tables: Theano4J next to PyTorch (conv_ref.py), median and
fastest ms per call with the ratio of the medians, twice: wall-clock time (Theano4J: JMH's
ConvBenchmark, each iteration's average one sample) and the calling thread's CPU time
(Theano4J: ConvBenchmark's main; PyTorch: time.thread_time), which a machine shared with other
work disturbs much less.

Usage: python3 conv_table.py JMH_JSON RESULTS_JSONL
  RESULTS_JSONL: the JSON lines of `ConvBenchmark` (main) and of `conv_ref.py`
"""
import json
import statistics
import sys

from ops_table import fail

CASES = [("conv1", "forward"), ("conv1", "backward"), ("conv2", "forward"),
         ("conv2", "backward")]
SHAPES = {"conv1": "(500, 1, 28, 28) * (20, 1, 5, 5)",
          "conv2": "(500, 20, 12, 12) * (50, 20, 5, 5)"}


def table(title, ours, torch):
    print(f"\n{title}, ms per call, median (fastest); backward = both gradients from a given "
          "output gradient:\n")
    print("| layer | pass | Theano4J | PyTorch eager (CPU) | Theano4J / PyTorch |")
    print("| --- | --- | ---: | ---: | ---: |")
    for layer, p in CASES:
        (om, ob), (tm, tb) = ours[(layer, p)], torch[(layer, p)]
        print(f"| {layer} {SHAPES[layer]} | {p} | {om:.1f} ({ob:.1f}) | {tm:.1f} ({tb:.1f}) "
              f"| {om / tm:.2f} |")


def main():
    if len(sys.argv) != 3:
        fail("usage: conv_table.py JMH_JSON RESULTS_JSONL")
    wall, cpu, torch_wall, torch_cpu = {}, {}, {}, {}
    version = None
    try:
        with open(sys.argv[1]) as f:
            for r in json.load(f):
                if r["benchmark"].endswith("ConvBenchmark.call"):
                    raw = [v for fork in r["primaryMetric"]["rawData"] for v in fork]
                    wall[(r["params"]["layer"], r["params"]["pass"])] = (
                        statistics.median(raw), min(raw))
        with open(sys.argv[2]) as f:
            for line in f:
                if not line.strip():
                    continue
                r = json.loads(line)
                key = (r["layer"], r["pass"])
                if r["impl"] == "theano4j":
                    cpu[key] = (r["cpu_median_ms"], r["cpu_min_ms"])
                else:
                    torch_wall[key] = (r["median_ms"], r["min_ms"])
                    torch_cpu[key] = (r["cpu_median_ms"], r["cpu_min_ms"])
                    version = f"{r['version']}, {r['threads']}, mkldnn {r['mkldnn']}"
    except (OSError, ValueError, KeyError) as e:
        fail(f"cannot read the results: {e}")
    missing = [c for c in CASES for d in (wall, cpu, torch_wall) if c not in d]
    if missing:
        fail(f"cases missing from the results: {sorted(set(missing))}")
    print(f"# PyTorch {version}")
    table("Wall-clock time (Theano4J: JMH)", wall, torch_wall)
    table("Thread CPU time", cpu, torch_cpu)


if __name__ == "__main__":
    main()
