#!/usr/bin/env python3
"""NumPy and PyTorch (eager, CPU) references for the mlp.py step of MlpStepBenchmark
(benchmarks/src/main/java/org/theano4j/benchmarks/MlpStep.java): the same computation on the
same data from the same initial weights, float32, one thread.

  784-500-10, h = tanh(x W1 + b1), p = softmax(h W2 + b2)
  cost = -mean(log(p)[arange(n), y]) + L2 * (sum(W1^2) + sum(W2^2))   (L1 = 0.00: no term)
  W <- W - lr * dcost/dW for W1, b1, W2, b2; batch 20, lr 0.01, L2 0.0001, 250 steps = 1 epoch

Data and W1 come from the SplitMix64 streams of MlpStep (bit for bit the same float32 values);
b1, b2, W2 start at zero. NumPy's gradients are written out by hand; PyTorch's come from
autograd (loss.backward()), as Theano4J's come from Grad.grad.

Usage:
  python3 mlp_ref.py numpy|torch time [EPOCHS]   one warm-up epoch, then EPOCHS timed epochs
                                                   (default 10); one JSON line: median ms
  python3 mlp_ref.py numpy|torch check OUTDIR    one epoch from the initial weights; writes
                                                   costs.txt and W1/b1/W2/b2 as .f32 to OUTDIR
"""
import os
import sys

# The same thread count for every BLAS/OpenMP runtime; set before numpy/torch are imported.
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

INPUTS, HIDDEN, CLASSES = 784, 500, 10
BATCH, EXAMPLES = 20, 5000
STEPS = EXAMPLES // BATCH
LEARNING_RATE, L2 = 0.01, 0.0001
SEED_X, SEED_Y, SEED_W1 = 1, 2, 3  # as MlpStep
PARAMS = ("W1", "b1", "W2", "b2")


def splitmix64(seed, n):
    """The first n outputs of MlpStep.splitMix64(seed, i) (uint64 arithmetic wraps)."""
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + np.arange(1, n + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def unit(seed, n):
    """Doubles in [0, 1): the top 53 bits of each stream value (exact in float64)."""
    return (splitmix64(seed, n) >> np.uint64(11)).astype(np.float64) * 2.0 ** -53


def initial():
    """(x, y, [W1, b1, W2, b2]) exactly as MlpStep builds them."""
    x = unit(SEED_X, EXAMPLES * INPUTS).astype(np.float32).reshape(EXAMPLES, INPUTS)
    y = ((splitmix64(SEED_Y, EXAMPLES) >> np.uint64(33)) % np.uint64(CLASSES)).astype(np.int32)
    bound = np.sqrt(6.0 / (INPUTS + HIDDEN))
    w1 = (bound * (2.0 * unit(SEED_W1, INPUTS * HIDDEN) - 1.0)).astype(np.float32)
    params = [w1.reshape(INPUTS, HIDDEN), np.zeros(HIDDEN, np.float32),
              np.zeros((HIDDEN, CLASSES), np.float32), np.zeros(CLASSES, np.float32)]
    return x, y, params


def numpy_trainer(x, y, params, mm=np.matmul):
    """step(i): one SGD step on minibatch i, in place; returns the cost (a float). Every matrix
    product is mm(a, b) (gemm_ref.py passes one that times them)."""
    w1, b1, w2, b2 = params
    lr = np.float32(LEARNING_RATE)
    l2 = np.float32(L2)
    two_l2 = np.float32(2 * L2)

    def step(i):
        xb = x[i * BATCH:(i + 1) * BATCH]
        yb = y[i * BATCH:(i + 1) * BATCH]
        n = xb.shape[0]
        h = np.tanh(mm(xb, w1) + b1)
        z = mm(h, w2) + b2
        e = np.exp(z - z.max(axis=1, keepdims=True))
        p = e / e.sum(axis=1, keepdims=True)
        rows = np.arange(n)
        cost = -np.log(p[rows, yb]).mean() + l2 * ((w1 * w1).sum() + (w2 * w2).sum())
        d2 = p
        d2[rows, yb] -= 1
        d2 /= np.float32(n)
        gw2 = mm(h.T, d2) + two_l2 * w2
        gb2 = d2.sum(axis=0)
        dh = mm(d2, w2.T) * (1 - h * h)
        gw1 = mm(xb.T, dh) + two_l2 * w1
        gb1 = dh.sum(axis=0)
        w1[...] -= lr * gw1  # in place, as a shared variable's update
        b1[...] -= lr * gb1
        w2[...] -= lr * gw2
        b2[...] -= lr * gb2
        return float(cost)
    return step, lambda: [w1, b1, w2, b2]


def torch_trainer(x, y, params):
    import torch
    torch.set_num_threads(THREADS)
    xt = torch.from_numpy(x)
    yt = torch.from_numpy(y).long()
    ps = [torch.from_numpy(p.copy()).requires_grad_() for p in params]
    w1, b1, w2, b2 = ps

    def step(i):
        xb = xt[i * BATCH:(i + 1) * BATCH]
        yb = yt[i * BATCH:(i + 1) * BATCH]
        h = torch.tanh(xb @ w1 + b1)
        p = torch.softmax(h @ w2 + b2, dim=1)
        cost = -torch.log(p[torch.arange(yb.shape[0]), yb]).mean() \
            + L2 * ((w1 * w1).sum() + (w2 * w2).sum())
        for q in ps:
            q.grad = None
        cost.backward()
        with torch.no_grad():
            for q in ps:
                q -= LEARNING_RATE * q.grad
        return cost.item()
    return step, lambda: [q.detach().numpy() for q in ps]


def loaded_blas():
    """The BLAS/LAPACK libraries this process has loaded (from /proc/self/maps; Linux only)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() or "mkl" in line}
    except OSError:
        return "?"
    return ", ".join(sorted(os.path.basename(x) for x in libs if x.startswith("/"))) or "none"


def epoch(step):
    return [step(i) for i in range(STEPS)]


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("numpy", "torch") \
            or sys.argv[2] not in ("time", "check"):
        sys.exit("error: usage: mlp_ref.py numpy|torch time [EPOCHS] | check OUTDIR")
    impl, what = sys.argv[1], sys.argv[2]
    x, y, params = initial()
    step, current = (numpy_trainer if impl == "numpy" else torch_trainer)(x, y, params)
    if what == "check":
        if len(sys.argv) != 4:
            sys.exit("error: check needs OUTDIR")
        out = sys.argv[3]
        os.makedirs(out, exist_ok=True)
        costs = epoch(step)
        with open(os.path.join(out, "costs.txt"), "w") as f:
            f.write("".join(f"{c!r}\n" for c in costs))
        for name, value in zip(PARAMS, current()):
            np.ascontiguousarray(value, dtype="<f4").tofile(os.path.join(out, name + ".f32"))
        return
    try:
        epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    except ValueError:
        epochs = 0
    if epochs <= 0:
        sys.exit(f"error: EPOCHS must be a positive integer, got {sys.argv[3]!r}")
    epoch(step)  # warm-up
    times = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        epoch(step)
        times.append((time.perf_counter() - t0) * 1e3)
    version = np.__version__
    threads = " ".join(f"{v}={os.environ[v]}" for v in THREAD_VARS)
    if impl == "torch":
        import torch
        version = f"torch {torch.__version__}, numpy {np.__version__}"
        threads += f" torch.get_num_threads()={torch.get_num_threads()}"
    else:
        version = f"numpy {version}"
    print(json.dumps({"impl": impl, "median_ms": round(statistics.median(times), 2),
                      "min_ms": round(min(times), 2), "epochs": epochs,
                      "version": version, "threads": threads, "blas": loaded_blas()}),
          flush=True)


if __name__ == "__main__":
    main()
