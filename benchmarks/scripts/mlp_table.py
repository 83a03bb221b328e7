#!/usr/bin/env python3
"""Prints the mlp.py step table: Theano4J's epoch times (MlpStepBenchmark, JSON from JMH's
-rf json; one single-shot iteration = one epoch) next to the NumPy and PyTorch references
(mlp_ref.py ... time), with ratios against NumPy; then the agreement of the three after one
epoch from the same initial weights and data (mlp_ref.py ... check and MlpStep --out).

Usage: python3 mlp_table.py JMH_JSON REF_JSONL CHECK_DIR
  REF_JSONL: the JSON lines of `mlp_ref.py numpy time` and `mlp_ref.py torch time`
  CHECK_DIR: holds java/, numpy/, torch/, each with costs.txt and W1/b1/W2/b2 .f32 files
"""
import json
import os
import statistics
import sys

import numpy as np

from ops_table import fail

PARAMS = ("W1", "b1", "W2", "b2")
LABELS = {"theano4j": "Theano4J (JVM backend, JMH, FAST_RUN)",
          "theano4j-unfused": "Theano4J unfused (FAST_COMPILE: one kernel per op)",
          "numpy": "NumPy", "torch": "PyTorch eager (CPU)"}


def read_times(jmh_json, ref_jsonl):
    rows = {}
    with open(jmh_json) as f:
        for r in json.load(f):
            if r["benchmark"].endswith("MlpStepBenchmark.epoch"):
                raw = [v for fork in r["primaryMetric"]["rawData"] for v in fork]
                # builds before the mode parameter ran FAST_RUN only
                mode = r.get("params", {}).get("mode", "FAST_RUN")
                impl = "theano4j" if mode == "FAST_RUN" else "theano4j-unfused"
                rows[impl] = (statistics.median(raw), min(raw), len(raw))
    with open(ref_jsonl) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                rows[r["impl"]] = (r["median_ms"], r["min_ms"], r["epochs"])
                print(f"# {r['impl']}: {r['version']}; {r['threads']}; BLAS: {r['blas']}")
    return rows


def read_check(directory):
    costs = np.loadtxt(os.path.join(directory, "costs.txt"))
    params = {p: np.fromfile(os.path.join(directory, p + ".f32"), dtype="<f4") for p in PARAMS}
    return costs, params


def main():
    if len(sys.argv) != 4:
        fail("usage: mlp_table.py JMH_JSON REF_JSONL CHECK_DIR")
    try:
        rows = read_times(sys.argv[1], sys.argv[2])
        checks = {impl: read_check(os.path.join(sys.argv[3], impl))
                  for impl in ("java", "numpy", "torch")}
    except (OSError, ValueError, KeyError) as e:
        fail(f"cannot read the results: {e}")
    print("\nms per epoch (250 steps of batch 20), median of the timed epochs (fastest):\n")
    print("| implementation | median | fastest | epochs | median / NumPy |")
    print("| --- | ---: | ---: | ---: | ---: |")
    base = rows.get("numpy")
    for impl in ("theano4j", "theano4j-unfused", "numpy", "torch"):
        if impl not in rows:
            print(f"| {LABELS[impl]} | – | – | – | – |")
            continue
        med, best, n = rows[impl]
        ratio = f"{med / base[0]:.2f}" if base else "–"
        print(f"| {LABELS[impl]} | {med:,.1f} | {best:,.1f} | {n} | {ratio} |")

    print("\nAgreement after one epoch from the same initial weights and data "
          "(max abs difference against Theano4J; largest |value| in parentheses):\n")
    print("| against | cost (250 steps) | " + " | ".join(PARAMS) + " |")
    print("| --- | ---: | " + " | ".join("---:" for _ in PARAMS) + " |")
    java_costs, java_params = checks["java"]
    worst = 0.0
    for impl in ("numpy", "torch"):
        costs, params = checks[impl]
        cells = [f"{np.abs(costs - java_costs).max():.2e} ({np.abs(java_costs).max():.3g})"]
        worst = max(worst, np.abs(costs - java_costs).max() / np.abs(java_costs).max())
        for p in PARAMS:
            scale = np.abs(java_params[p]).max()
            diff = np.abs(params[p] - java_params[p]).max()
            worst = max(worst, diff / scale)
            cells.append(f"{diff:.2e} ({scale:.3g})")
        print(f"| {LABELS[impl]} | " + " | ".join(cells) + " |")
    # float32 rounding (2^-24 relative) accumulated over 250 steps: agreement means the
    # largest difference stays within 1e-4 of each quantity's largest magnitude.
    verdict = "agree" if worst <= 1e-4 else "DISAGREE"
    print(f"\n# the three implementations {verdict} to float32 tolerance "
          f"(largest difference relative to the largest magnitude: {worst:.1e}, limit 1e-4)")
    if verdict != "agree":
        sys.exit(1)


if __name__ == "__main__":
    main()
