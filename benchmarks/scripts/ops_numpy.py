#!/usr/bin/env python3
"""NumPy reference for the ops table (OpTableBenchmark): the same expressions on the same
1000x1000 shapes, float32 and float64, one thread. Prints one JSON object per line:
{"impl": "numpy", "dtype": ..., "op": ..., "median_us": ..., "min_us": ...}.

Usage: python3 ops_numpy.py [SECONDS_PER_OP]   (default 1.0 s of timed calls per op)
"""
import os
import sys

# The same thread count for every BLAS/OpenMP runtime NumPy may load; set before numpy is imported.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
               "BLIS_NUM_THREADS", "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")
# THEANO4J_BENCH_THREADS (set by bench-common.sh from THREADS; default 1) threads each.
THREADS = int(os.environ.get("THEANO4J_BENCH_THREADS", "1"))
for _name in THREAD_VARS:
    os.environ[_name] = str(THREADS)

import json  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

try:  # sigmoid and erf are SciPy's (scipy.special); without SciPy their rows are left out
    import scipy.special as sps  # noqa: E402
except ImportError:
    sps = None

N = 1000

OPS = {
    "mul_const": lambda x, y, w, s: x * 2,
    "mul": lambda x, y, w, s: x * y,
    "axpy": lambda x, y, w, s: x - s * y,
    "mul_const_scalar": lambda x, y, w, s: 2 * x * s,
    "tanh_grad": lambda x, y, w, s: x * (1 - y * y),  # three passes and two temporaries
    "tanh": lambda x, y, w, s: np.tanh(x),
    "exp": lambda x, y, w, s: np.exp(x),
    "expm1": lambda x, y, w, s: np.expm1(x),
    "log": lambda x, y, w, s: np.log(P[x.dtype.name]),
    "log1p": lambda x, y, w, s: np.log1p(P[x.dtype.name]),
    "sigmoid": lambda x, y, w, s: sps.expit(x),
    "softplus": lambda x, y, w, s: np.logaddexp(0, x),  # NumPy's own log(1 + e^x)
    "erf": lambda x, y, w, s: sps.erf(x),
    "add_row": lambda x, y, w, s: x + w,
    "add_col": lambda x, y, w, s: x + w[:, None],
    "add_transposed": lambda x, y, w, s: x.T + y,
    "fused_row": lambda x, y, w, s: (x + w) * y,  # two passes and a temporary
    "fused_col": lambda x, y, w, s: (x + w[:, None]) * y,
    "fused_transposed": lambda x, y, w, s: (x.T + y) * y,
    "sum": lambda x, y, w, s: x.sum(),
    "sum_axis0": lambda x, y, w, s: x.sum(axis=0),
    "sum_axis1": lambda x, y, w, s: x.sum(axis=1),
    "sum_sqr": lambda x, y, w, s: np.square(x).sum(),  # a temporary, then its sum
    "dot": lambda x, y, w, s: x.dot(y),
    "alloc": lambda x, y, w, s: np.empty((N, N), dtype=x.dtype),  # an output's allocation
}


NEEDS_SCIPY = ("sigmoid", "erf")
P = {}  # dtype name -> abs(x): the logarithms' positive inputs


def median_us(fn, seconds):
    for _ in range(3):  # warm-up: first-touch of the output buffers, BLAS initialisation
        fn()
    samples = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end or len(samples) < 5:
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1e6, min(samples) * 1e6, len(samples)


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    settings = " ".join(f"{v}={os.environ[v]}" for v in THREAD_VARS)
    scipy_note = "no scipy: sigmoid and erf rows left out" if sps is None else "scipy.special"
    print(f"# numpy {np.__version__}, {scipy_note}, {settings}", file=sys.stderr)
    rng = np.random.default_rng(14)
    for dtype in ("float32", "float64"):
        x = rng.standard_normal((N, N)).astype(dtype)
        y = rng.standard_normal((N, N)).astype(dtype)
        w = rng.standard_normal(N).astype(dtype)
        s = np.array(0.75, dtype=dtype)  # a 0-d array, as the compiled function's scalar input
        P[dtype] = np.abs(x)
        for op, expr in OPS.items():
            if sps is None and op in NEEDS_SCIPY:
                continue
            us, best, count = median_us(lambda: expr(x, y, w, s), seconds)
            print(json.dumps({"impl": "numpy", "dtype": dtype, "op": op, "median_us": round(us, 1),
                              "min_us": round(best, 1), "calls": count}), flush=True)


if __name__ == "__main__":
    main()
