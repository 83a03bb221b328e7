#!/usr/bin/env python3
"""NumPy and PyTorch (eager, CPU) references for the tutorial's train_model (Theano's
logistic_sgd.py as LogisticSgd runs it): float32, one thread, zero initial weights, no shuffling.

  p = softmax(x W + b), cost = -mean(log(p)[arange(n), y]), W <- W - lr dcost/dW, b likewise
  lr 0.13; mini: the embedded 5,000 training examples, batch 60 (83 steps per epoch);
  full: 50,000 x 784 synthetic uniform [0, 1) pixels with random labels (Fashion-MNIST's
  training shape), batch 600 (83 steps per epoch) -- the time of a step does not depend on
  the values, so no data set needs to be installed.

NumPy's gradient is written out by hand ((p - onehot(y)) / n); PyTorch's comes from autograd.

Usage:
  logreg_ref.py time numpy|torch mini|full EPOCHS
      one untimed warm-up epoch, then EPOCHS timed epochs; one line per implementation:
      "ref IMPL CFG: X ms/epoch (cpu Y)" (median wall, mean process CPU per epoch)
  logreg_ref.py check numpy|torch MODEL_NPZ
      one epoch on the mini set from zero weights; prints the largest absolute difference of
      W and b from MODEL_NPZ (the tutorial's best_model.npz after --epochs 1); exits 1 when it
      exceeds CHECK_TOLERANCE
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

import gzip  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

INPUTS, CLASSES, LEARNING_RATE = 784, 10, 0.13
LR32 = np.float32(LEARNING_RATE)
# check: largest accepted |tutorial - reference| of W and b after one epoch (|W| < 0.3; float32
# rounding differences of 83 steps are a few ulps, about 1e-7)
CHECK_TOLERANCE = 1e-6
BATCH = {"mini": 60, "full": 600}
FULL_EXAMPLES = 50_000
MINI_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "main",
                        "resources", "org", "theano4j", "tutorial", "mnist", "mini")


def read_idx(path):
    """An IDX file (gzip) as a NumPy array of unsigned bytes of the shape its header gives."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    if data[0:2] != b"\0\0" or data[2] != 0x08:
        sys.exit("error: %s: not an unsigned-byte IDX file" % path)
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * rank).reshape(dims)


def data(cfg):
    """(x float32 [n, 784], y int64 [n]) of the configuration."""
    if cfg == "mini":
        x = read_idx(os.path.join(MINI_DIR, "train-images-idx3-ubyte.gz"))
        y = read_idx(os.path.join(MINI_DIR, "train-labels-idx1-ubyte.gz"))
        # as MnistSplit: (pixel & 0xff) / 255f, in float32
        return (x.reshape(len(x), INPUTS).astype(np.float32) / np.float32(255)), y.astype(np.int64)
    rng = np.random.default_rng(1234)
    x = rng.random((FULL_EXAMPLES, INPUTS), dtype=np.float32)
    return x, rng.integers(0, CLASSES, FULL_EXAMPLES).astype(np.int64)


def numpy_step(impl_state, xb, yb, mm=np.matmul):
    """One SGD step on the minibatch (xb, yb), W and b in place; every matrix product is
    mm(a, b) (benchmarks/scripts/gemm_ref.py passes one that times them)."""
    W, b = impl_state
    batch = len(xb)
    z = mm(xb, W) + b
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    p = e / e.sum(axis=1, keepdims=True)
    p[np.arange(batch), yb] -= 1  # d cost / d z = (p - onehot(y)) / n
    p /= np.float32(batch)
    W -= LR32 * mm(xb.T, p)
    b -= LR32 * p.sum(axis=0)


def numpy_epoch(impl_state, x, y, batch):
    for i in range(len(x) // batch):
        numpy_step(impl_state, x[i * batch:(i + 1) * batch], y[i * batch:(i + 1) * batch])


def numpy_impl(x, y, batch):
    state = (np.zeros((INPUTS, CLASSES), np.float32), np.zeros(CLASSES, np.float32))
    return (lambda: numpy_epoch(state, x, y, batch)), (lambda: state)


def torch_impl(x, y, batch):
    import torch
    torch.set_num_threads(THREADS)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    W = torch.zeros((INPUTS, CLASSES), dtype=torch.float32, requires_grad=True)
    b = torch.zeros(CLASSES, dtype=torch.float32, requires_grad=True)

    def epoch():
        for i in range(len(xt) // batch):
            xb, yb = xt[i * batch:(i + 1) * batch], yt[i * batch:(i + 1) * batch]
            cost = torch.nn.functional.cross_entropy(xb @ W + b, yb)  # NLL mean of softmax
            cost.backward()
            with torch.no_grad():
                W.sub_(LEARNING_RATE * W.grad)
                b.sub_(LEARNING_RATE * b.grad)
            W.grad = None
            b.grad = None

    return epoch, (lambda: (W.detach().numpy(), b.detach().numpy()))


IMPLS = {"numpy": numpy_impl, "torch": torch_impl}


def timed_epochs(epoch, epochs):
    """One untimed warm-up call of epoch(), then EPOCHS timed calls: (median wall ms per call,
    mean process CPU ms per call). Shared with mlp_ref.py and da_ref.py."""
    epoch()  # warm-up
    walls, cpu0 = [], time.process_time()
    for _ in range(epochs):
        t0 = time.perf_counter()
        epoch()
        walls.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(walls), (time.process_time() - cpu0) * 1e3 / epochs


def run_or_time(argv, script, run, time_epochs, default_epochs):
    """The command line of mlp_ref.py and da_ref.py: run [EPOCHS] | time EPOCHS."""
    def positive(text):
        if not text.isdigit() or int(text) < 1:
            sys.exit("error: EPOCHS must be a positive integer, got %r" % text)
        return int(text)

    if len(argv) in (1, 2) and argv[0] == "run":
        run(positive(argv[1]) if len(argv) == 2 else default_epochs)
    elif len(argv) == 2 and argv[0] == "time":
        time_epochs(positive(argv[1]))
    else:
        sys.exit("error: usage: %s run [EPOCHS] | time EPOCHS" % script)


def usage():
    sys.exit("error: usage: logreg_ref.py time numpy|torch mini|full EPOCHS "
             "| check numpy|torch MODEL_NPZ")


def main(argv):
    if len(argv) < 3 or argv[1] not in IMPLS:
        usage()
    mode, impl = argv[0], argv[1]
    if mode == "time" and len(argv) == 4 and argv[2] in BATCH and argv[3].isdigit() \
            and int(argv[3]) > 0:
        cfg, epochs = argv[2], int(argv[3])
        x, y = data(cfg)
        epoch, _ = IMPLS[impl](x, y, BATCH[cfg])
        wall, cpu = timed_epochs(epoch, epochs)
        print("ref %s %s: %.3f ms/epoch (cpu %.3f)" % (impl, cfg, wall, cpu))
    elif mode == "check" and len(argv) == 3:
        if not os.path.isfile(argv[2]):
            sys.exit("error: %s not found (the tutorial's best_model.npz)" % argv[2])
        x, y = data("mini")
        epoch, params = IMPLS[impl](x, y, BATCH["mini"])
        epoch()
        model = np.load(argv[2])
        worst = 0.0
        for name, ours in zip(("W", "b"), params()):
            if name not in model.files:
                sys.exit("error: %s has no array %s (has %s)" % (argv[2], name, model.files))
            theirs = model[name]
            if theirs.shape != ours.shape:
                sys.exit("error: %s: %s has shape %s, expected %s"
                         % (argv[2], name, theirs.shape, ours.shape))
            diff = float(np.max(np.abs(theirs.astype(np.float64) - ours.astype(np.float64))))
            print("check %s %s: max |tutorial - %s| = %.3g (max |%s| = %.3g)"
                  % (impl, name, impl, diff, name, float(np.max(np.abs(ours)))))
            worst = max(worst, diff)
        if not worst <= CHECK_TOLERANCE:
            sys.exit("error: %s differs from the tutorial by %.3g after one epoch (tolerance %g)"
                     % (impl, worst, CHECK_TOLERANCE))
    else:
        usage()


if __name__ == "__main__":
    main(sys.argv[1:])
