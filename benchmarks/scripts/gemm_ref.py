#!/usr/bin/env python3
"""NumPy's side of gemm-limit.sh (docs/performance.md, "Where the GEMM limit lies"), one thread.

  gemm_ref.py products CASES_JSONL [SECONDS]
      times every product that GemmLimit timed (its JSON lines: shape, transposes, dtype, x's
      minibatch taken in turn from a data array of the step's size or one minibatch in cache),
      as np.matmul(a, b, out=c) (the BLAS call alone) and as `a @ b` (as the reference steps
      write it: a fresh result each call); SECONDS of timed calls after a quarter as much
      warm-up (default 0.5); one JSON line per case: median and fastest us per call
  gemm_ref.py steps [EPOCHS]
      the reference steps themselves (mlp_ref.py's numpy step, logreg_ref.py's mini and full
      steps): one warm-up round, then EPOCHS (default 5) rounds of an epoch with every matrix
      product timed where the step makes it and an untimed epoch; each step timed alone, and
      the medians over all steps of us per step of the whole step (timed and untimed), of
      its products and of each product
Both print a header line first: NumPy's version, its OpenBLAS (version, build, core type, as
OpenBLAS reports them) and the thread settings.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # this directory's mlp_ref.py before the tutorial's of that name
sys.path.append(os.path.join(HERE, "..", "..", "mnist-tutorial", "scripts"))

import mlp_ref  # noqa: E402  (sets the thread variables before NumPy is imported)
import logreg_ref  # noqa: E402

import ctypes  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

PIXELS = 784


def openblas_info():
    """NumPy's OpenBLAS as it reports itself: (config string, core type, threads), by calling
    openblas_get_config/get_corename/get_num_threads (NumPy's wheels prefix and suffix the
    names) in the library this process loaded; '?' where a symbol is missing."""
    info = ["?", "?", "?"]
    try:
        with open("/proc/self/maps") as f:
            libs = sorted({line.split()[-1] for line in f if "openblas" in line.lower()})
    except OSError:
        return info
    for path in libs:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for i, (base, restype) in enumerate((("get_config", ctypes.c_char_p),
                                             ("get_corename", ctypes.c_char_p),
                                             ("get_num_threads", ctypes.c_int))):
            for name in ("scipy_openblas_%s64_" % base, "openblas_%s64_" % base,
                         "openblas_%s" % base):
                fn = getattr(lib, name, None)
                if fn is not None:
                    fn.restype = restype
                    value = fn()
                    info[i] = value.decode() if isinstance(value, bytes) else str(value)
                    break
    return info


def header(mode):
    config, core, threads = openblas_info()
    return {"impl": "numpy", "mode": mode, "numpy": np.__version__, "openblas": config,
            "core": core, "openblas_threads": threads,
            "threads": " ".join("%s=%s" % (v, os.environ[v]) for v in mlp_ref.THREAD_VARS)}


def median_us(call, batches, seconds):
    """(median, fastest) us per call of call(i) over SECONDS, minibatches in turn."""
    i = 0
    end = time.perf_counter() + seconds * 0.25
    while time.perf_counter() < end:
        call(i % batches)
        i += 1
    ns = []
    end = time.perf_counter() + seconds
    clock = time.perf_counter_ns
    while time.perf_counter() < end or len(ns) < 50:
        t0 = clock()
        call(i % batches)
        ns.append(clock() - t0)
        i += 1
    return statistics.median(ns) / 1e3, min(ns) / 1e3


def products(cases_path, seconds):
    print(json.dumps(header("products")), flush=True)
    rng = np.random.default_rng(14)
    with open(cases_path) as f:
        cases = [json.loads(line) for line in f if line.strip()]
    for cs in cases:
        if "step" not in cs:
            continue
        dt = np.dtype(cs["dtype"])
        m, k, n = cs["m"], cs["k"], cs["n"]
        rows, cols = (k, m) if cs["aT"] else (m, k)
        batches = cs["examples"] // rows if cs["examples"] else 1
        data = (rng.random((batches * rows, cols), dtype=np.float32) - 0.5).astype(dt)
        stored = [data[i * rows:(i + 1) * rows] for i in range(batches)]
        a = [s.T if cs["aT"] else s for s in stored]
        b = (rng.random((n, k) if cs["bT"] else (k, n), dtype=np.float32) - 0.5).astype(dt)
        b = b.T if cs["bT"] else b
        c = np.empty((m, n), dt)
        out_us = median_us(lambda i: np.matmul(a[i], b, out=c), batches, seconds)
        fresh_us = median_us(lambda i: a[i] @ b, batches, seconds)
        print(json.dumps({"step": cs["step"], "name": cs["name"], "dtype": cs["dtype"],
                          "numpy_out_us": round(out_us[0], 2),
                          "numpy_out_min_us": round(out_us[1], 2),
                          "numpy_us": round(fresh_us[0], 2),
                          "numpy_min_us": round(fresh_us[1], 2)}), flush=True)


class TimedProducts:
    """mm(a, b) = np.matmul(a, b), adding its wall time to the current step's, per product
    (shapes, transposes)."""

    def __init__(self):
        self.ns = {}

    def mm(self, a, b):
        t0 = time.perf_counter_ns()
        r = np.matmul(a, b)
        t = time.perf_counter_ns() - t0
        key = "%dx%d%s @ %dx%d%s" % (a.shape + ("^T" if not a.flags.c_contiguous else "",)
                                     + b.shape + ("^T" if not b.flags.c_contiguous else "",))
        self.ns[key] = self.ns.get(key, 0) + t
        return r


def step_share(name, make_step, steps_per_epoch, epochs):
    """make_step(mm) -> step(i). EPOCHS rounds of an epoch with the products timed and one
    without; every step timed alone (wall), so that the medians over all steps leave out the
    steps that another process interrupted on a shared machine."""
    timer = TimedProducts()
    timed = make_step(timer.mm)
    plain = make_step(np.matmul)
    walls = {"timed": [], "plain": []}
    products = {}
    clock = time.perf_counter_ns
    for r in range(epochs + 1):  # round 0: warm-up
        for i in range(steps_per_epoch):
            timer.ns.clear()
            t0 = clock()
            timed(i)
            t1 = clock()
            if r:
                walls["timed"].append(t1 - t0)
                for k, v in timer.ns.items():
                    products.setdefault(k, []).append(v)
        for i in range(steps_per_epoch):
            t0 = clock()
            plain(i)
            t1 = clock()
            if r:
                walls["plain"].append(t1 - t0)
    med = statistics.median
    blas = [sum(v) for v in zip(*products.values())]
    print(json.dumps({"step": name, "step_us": round(med(walls["plain"]) / 1e3, 1),
                      "step_timed_us": round(med(walls["timed"]) / 1e3, 1),
                      "blas_us": round(med(blas) / 1e3, 1),
                      "blas_share": round(med(blas) / med(walls["timed"]), 3),
                      "products_us": {k: round(med(v) / 1e3, 1) for k, v in products.items()},
                      "epochs": epochs, "steps_per_epoch": steps_per_epoch}), flush=True)


def steps(epochs):
    print(json.dumps(header("steps")), flush=True)
    x, y, params = mlp_ref.initial()

    def mlp_step(mm):
        return mlp_ref.numpy_trainer(x, y, [p.copy() for p in params], mm)[0]
    step_share("mlp", mlp_step, mlp_ref.STEPS, epochs)
    for cfg in ("mini", "full"):
        cx, cy = logreg_ref.data(cfg)
        batch = logreg_ref.BATCH[cfg]

        def logreg_step(mm, cx=cx, cy=cy, batch=batch):
            state = (np.zeros((PIXELS, logreg_ref.CLASSES), np.float32),
                     np.zeros(logreg_ref.CLASSES, np.float32))
            return lambda i: logreg_ref.numpy_step(state, cx[i * batch:(i + 1) * batch],
                                                   cy[i * batch:(i + 1) * batch], mm)
        step_share(cfg, logreg_step, len(cx) // batch, epochs)


def positive(text, what, kind=int):
    try:
        value = kind(text)
    except ValueError:
        value = 0
    if not value > 0:
        sys.exit("error: %s must be a positive number, got %r" % (what, text))
    return value


def main(argv):
    if len(argv) in (2, 3) and argv[0] == "products":
        if not os.path.isfile(argv[1]):
            sys.exit("error: %s not found (GemmLimit's output)" % argv[1])
        products(argv[1], positive(argv[2], "SECONDS", float) if len(argv) == 3 else 0.5)
    elif len(argv) in (1, 2) and argv[0] == "steps":
        steps(positive(argv[1], "EPOCHS") if len(argv) == 2 else 5)
    else:
        sys.exit("error: usage: gemm_ref.py products CASES_JSONL [SECONDS] | steps [EPOCHS]")


if __name__ == "__main__":
    main(sys.argv[1:])
