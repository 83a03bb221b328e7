#!/usr/bin/env python3
"""Prints the ops table: Theano4J's JMH medians (OpTableBenchmark, JSON from -rf json) next to
NumPy's (ops_numpy.py output), with the ratio Theano4J / NumPy.

Usage: python3 ops_table.py JMH_JSON NUMPY_JSONL
"""
import json
import sys

OPS = [
    ("mul_const", "`x*2`"),
    ("mul", "`x*y`"),
    ("axpy", "`x - s*y` (s a scalar input)"),
    ("mul_const_scalar", "`2*x*s`"),
    ("tanh_grad", "`x*(1 - y*y)` (one fused group; NumPy: three passes)"),
    ("tanh", "`tanh(x)`"),
    ("exp", "`exp(x)`"),
    ("expm1", "`expm1(x)`"),
    ("log", "`log(p)` (p = abs(x))"),
    ("log1p", "`log1p(p)`"),
    ("sigmoid", "`sigmoid(x)` (NumPy: scipy.special.expit)"),
    ("softplus", "`softplus(x)` (NumPy: np.logaddexp(0, x))"),
    ("erf", "`erf(x)` (NumPy: scipy.special.erf)"),
    ("add_row", "`x + w` (row broadcast)"),
    ("add_col", "`x + c` (column broadcast)"),
    ("add_transposed", "`x.T + y` (strided input)"),
    ("fused_row", "`(x + w)*y` (one fused group, row broadcast; NumPy: two passes)"),
    ("fused_col", "`(x + c)*y` (one fused group, column broadcast)"),
    ("fused_transposed", "`(x.T + y)*y` (one fused group, strided input)"),
    ("sum", "`sum(x)`"),
    ("sum_axis0", "`sum(x, axis 0)`"),
    ("sum_axis1", "`sum(x, axis 1)`"),
    ("sum_sqr", "`sum(x²)` (one fused pass; NumPy: a temporary, then its sum)"),
    ("dot", "`dot(x, y)`"),
    ("alloc", "allocating one 1000×1000 output, no op (`NDArray.zeros` / `np.empty`)"),
]


def fail(msg):
    print("error: " + msg, file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) != 3:
        fail("usage: ops_table.py JMH_JSON NUMPY_JSONL")
    ours = {}
    try:
        with open(sys.argv[1]) as f:
            for r in json.load(f):
                if not r["benchmark"].endswith("OpTableBenchmark.call"):
                    continue
                p = r["params"]
                pct = r["primaryMetric"]["scorePercentiles"]
                ours[(p["dtype"], p["op"])] = (pct["50.0"], pct["0.0"])
        theirs = {}
        with open(sys.argv[2]) as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    theirs[(r["dtype"], r["op"])] = (r["median_us"], r["min_us"])
    except (OSError, ValueError, KeyError) as e:
        fail(f"cannot read the results: {e}")
    for dtype in ("float32", "float64"):
        print(f"\n1000x1000 {dtype}, µs per call, median (fastest):\n")
        print("| op | Theano4J | NumPy | ratio of medians | ratio of fastest |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for key, label in OPS:
            a, b = ours.get((dtype, key)), theirs.get((dtype, key))
            if a is None or b is None:  # e.g. an older benchmarks.jar without this row
                print(f"| {label} | {'–' if a is None else f'{a[0]:,.0f}'} "
                      f"| {'–' if b is None else f'{b[0]:,.0f}'} | – | – |")
                continue
            print(f"| {label} | {a[0]:,.0f} ({a[1]:,.0f}) | {b[0]:,.0f} ({b[1]:,.0f}) "
                  f"| {a[0] / b[0]:.2f} | {a[1] / b[1]:.2f} |")


if __name__ == "__main__":
    main()
