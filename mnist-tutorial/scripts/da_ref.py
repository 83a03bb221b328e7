#!/usr/bin/env python3
"""PyTorch (eager, CPU, float32, one thread) reference of the DenoisingAutoencoder tutorial
(Theano's dA.py as org.theano4j.tutorial.mnist.DenoisingAutoencoder runs it) on the embedded
mini set's 5,000 training images.

  x~ = bernoulli(1 - corruption) * x, y = sigmoid(x~ W + b), z = sigmoid(y W^T + b')
  cost = mean over the minibatch of -sum(x log z + (1 - x) log(1 - z)) over the pixels
  every parameter <- parameter - lr * d cost / d parameter; batch 20, lr 0.1, 500 hidden,
  minibatches in order; corruption 0.0, then 0.3, each from the same start:
  rng = numpy.random.RandomState(123); seed = rng.randint(2 ** 30) (the RandomStreams seed);
  W = rng.uniform(-4 sqrt(6/1284), 4 sqrt(6/1284), (784, 500)) rounded to float32 (drawn by
  NumPy itself, as dA.py); b, b' zeros.

The corruption masks come from torch's generator (torch.manual_seed(seed)), not from
Theano4J's Philox streams: with corruption 0.3 the costs agree statistically, not bit for bit;
with corruption 0.0 every mask is all ones and the costs agree to float32 rounding.

Usage:
  da_ref.py run [EPOCHS]     both runs, EPOCHS epochs each (default 15); prints dA.py's lines
                             "Training epoch E, cost C" and "ref torch dA C: X ms/epoch"
  da_ref.py time EPOCHS      the corruption-0.3 step: one untimed warm-up epoch, then EPOCHS
                             timed epochs: "ref torch dA: X ms/epoch (cpu Y)"
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# logreg_ref sets one thread for every BLAS/OpenMP runtime before numpy is imported, and reads
# the embedded mini set as MnistSplit does.
import logreg_ref  # noqa: E402

import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)

VISIBLE, HIDDEN, BATCH, LEARNING_RATE, LEVELS = 784, 500, 20, 0.1, (0.0, 0.3)


def start():
    """(RandomStreams seed, [W, b, b']) as dA.py makes them from RandomState(123)."""
    rng = np.random.RandomState(123)
    seed = rng.randint(2 ** 30)
    bound = 4 * np.sqrt(6.0 / (HIDDEN + VISIBLE))
    w = np.asarray(rng.uniform(low=-bound, high=bound, size=(VISIBLE, HIDDEN)), dtype=np.float32)
    params = [w, np.zeros(HIDDEN, np.float32), np.zeros(VISIBLE, np.float32)]
    return int(seed), [torch.from_numpy(p).requires_grad_() for p in params]


def trainer(level):
    seed, params = start()
    w, b, b_prime = params
    gen = torch.Generator().manual_seed(seed)

    def train(x):
        keep = torch.full_like(x, 1 - level)
        tilde = torch.bernoulli(keep, generator=gen) * x
        y = torch.sigmoid(tilde @ w + b)
        z = torch.sigmoid(y @ w.t() + b_prime)
        cost = -(x * torch.log(z) + (1 - x) * torch.log(1 - z)).sum(dim=1).mean()
        for p in params:
            p.grad = None
        cost.backward()
        with torch.no_grad():
            for p in params:
                p.sub_(LEARNING_RATE * p.grad)
        return cost.item()

    return seed, train


def train_images():
    x, _ = logreg_ref.data("mini")
    return torch.from_numpy(x)


def run(epochs):
    x = train_images()
    n = len(x) // BATCH
    for level in LEVELS:
        seed, train = trainer(level)
        print("... training with corruption %.1f (torch seed %d)" % (level, seed))
        walls = []
        for epoch in range(epochs):
            t0 = time.perf_counter()
            c = [train(x[i * BATCH:(i + 1) * BATCH]) for i in range(n)]
            walls.append((time.perf_counter() - t0) * 1e3)
            print("Training epoch %d, cost %f" % (epoch, np.mean(c, dtype="float64")))
        print("ref torch dA %.1f: %.3f ms/epoch (median of %d)"
              % (level, statistics.median(walls), len(walls)))


def time_epochs(epochs):
    x = train_images()
    n = len(x) // BATCH
    _, train = trainer(LEVELS[1])

    def epoch():
        for i in range(n):
            train(x[i * BATCH:(i + 1) * BATCH])

    wall, cpu = logreg_ref.timed_epochs(epoch, epochs)
    print("ref torch dA: %.3f ms/epoch (cpu %.3f)" % (wall, cpu))


def main(argv):
    logreg_ref.run_or_time(argv, "da_ref.py", run, time_epochs, 15)


if __name__ == "__main__":
    main(sys.argv[1:])
