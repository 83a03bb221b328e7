#!/usr/bin/env python3
"""PyTorch (eager, CPU, float32, one thread) reference of the Mlp tutorial (Theano's mlp.py as
org.theano4j.tutorial.mnist.Mlp runs it) on the embedded mini set.

  h = tanh(x W_hidden + b_hidden), p = softmax(h W + b)
  cost = -mean(log(p)[arange(n), y]) + L1 (sum|W_hidden| + sum|W|) + L2 (sum W_hidden^2 + sum W^2)
  every parameter <- parameter - lr * d cost / d parameter; batch 20, lr 0.01, L1 0.00 (the term
  is left out, as Theano's local_mul_zero and the tutorial leave it out), L2 0.0001, 500 hidden
  W_hidden = numpy.random.RandomState(1234).uniform(-sqrt(6/1284), sqrt(6/1284), (784, 500))
  rounded to float32 (mlp.py's initialisation, drawn by NumPy itself); b_hidden, W, b zeros.
  Minibatches in order (no shuffling); early stopping as mlp.py: patience 10000,
  patience_increase 2, improvement_threshold 0.995, validation every
  min(n_train_batches, patience // 2) minibatches.

Usage:
  mlp_ref.py run [EPOCHS]    mlp.py's loop (at most EPOCHS epochs, default 1000); prints the
                             tutorial's lines and, each validation, "     epoch E, mean training
                             cost C"; then "ref torch mlp: X ms/epoch (training steps only)"
  mlp_ref.py time EPOCHS     one untimed warm-up epoch, then EPOCHS timed epochs of training
                             steps: "ref torch mlp: X ms/epoch (cpu Y)"
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

INPUTS, HIDDEN, CLASSES = 784, 500, 10
BATCH, LEARNING_RATE, L1, L2 = 20, 0.01, 0.00, 0.0001
PATIENCE, PATIENCE_INCREASE, IMPROVEMENT = 10000, 2, 0.995
MINI = logreg_ref.MINI_DIR


def split(prefix):
    """(x float32 [n, 784], y int64 [n]) of the mini set's train, valid or test split."""
    x = logreg_ref.read_idx(os.path.join(MINI, prefix + "-images-idx3-ubyte.gz"))
    y = logreg_ref.read_idx(os.path.join(MINI, prefix + "-labels-idx1-ubyte.gz"))
    return (torch.from_numpy(x.reshape(len(x), INPUTS).astype(np.float32) / np.float32(255)),
            torch.from_numpy(y.astype(np.int64)))


def initial_params():
    rng = np.random.RandomState(1234)
    bound = np.sqrt(6.0 / (INPUTS + HIDDEN))
    w1 = np.asarray(rng.uniform(low=-bound, high=bound, size=(INPUTS, HIDDEN)), dtype=np.float32)
    params = [w1, np.zeros(HIDDEN, np.float32), np.zeros((HIDDEN, CLASSES), np.float32),
              np.zeros(CLASSES, np.float32)]
    return [torch.from_numpy(p).requires_grad_() for p in params]


def model(params):
    w1, b1, w2, b2 = params

    def logits(x):
        return torch.tanh(x @ w1 + b1) @ w2 + b2

    def train(x, y):
        cost = torch.nn.functional.cross_entropy(logits(x), y)  # mean NLL of the softmax
        if L1 != 0:
            cost = cost + L1 * (w1.abs().sum() + w2.abs().sum())
        if L2 != 0:
            cost = cost + L2 * ((w1 * w1).sum() + (w2 * w2).sum())
        return sgd_step(params, cost, LEARNING_RATE)

    return train, classifier_errors(logits)


def sgd_step(params, cost, learning_rate):
    """Every parameter <- parameter - learning_rate * d cost / d parameter; returns the cost."""
    for p in params:
        p.grad = None
    cost.backward()
    with torch.no_grad():
        for p in params:
            p.sub_(learning_rate * p.grad)
    return cost.item()


def classifier_errors(logits):
    """errors(x, y): the fraction of x whose largest logit is not y's."""
    def errors(x, y):
        with torch.no_grad():
            # float64, as Theano's mean of an integer (neq) tensor: a float32 mean would round
            # 1/20, 3/20, ... and can break a tie between two epochs' validation errors the
            # other way (it did at epoch 26)
            return (logits(x).argmax(dim=1) != y).double().mean().item()

    return errors


def mean_errors(errors, x, y, batch=BATCH):
    return float(np.mean([errors(x[i * batch:(i + 1) * batch], y[i * batch:(i + 1) * batch])
                          for i in range(len(x) // batch)]))


def early_stopping(n_epochs, train, errors, batch, name):
    """The tutorials' loop (mlp.py, convolutional_mlp.py) on the mini set, printing their lines
    and "ref torch NAME: X ms/epoch"; train(x, y) -> cost and errors(x, y) -> zero-one loss."""
    (tx, ty), (vx, vy), (sx, sy) = split("train"), split("valid"), split("test")
    n_train = len(tx) // batch
    validation_frequency = min(n_train, PATIENCE // 2)
    patience, best, best_iter, test_score = PATIENCE, np.inf, 0, 0.0
    epoch, done, costs, walls = 0, False, [], []
    while epoch < n_epochs and not done:
        epoch += 1
        t0 = time.perf_counter()
        for mb in range(n_train):
            costs.append(train(tx[mb * batch:(mb + 1) * batch], ty[mb * batch:(mb + 1) * batch]))
            it = (epoch - 1) * n_train + mb
            if (it + 1) % validation_frequency == 0:
                walls.append((time.perf_counter() - t0) * 1e3)
                loss = mean_errors(errors, vx, vy, batch)
                print("epoch %i, minibatch %i/%i, validation error %f %%"
                      % (epoch, mb + 1, n_train, loss * 100.))
                if loss < best:
                    if loss < best * IMPROVEMENT:
                        patience = max(patience, it * PATIENCE_INCREASE)
                    best, best_iter = loss, it
                    test_score = mean_errors(errors, sx, sy, batch)
                    print("     epoch %i, minibatch %i/%i, test error of best model %f %%"
                          % (epoch, mb + 1, n_train, test_score * 100.))
                print("     epoch %i, mean training cost %f" % (epoch, np.mean(costs)))
                costs = []
                t0 = time.perf_counter()
            if patience <= it:
                done = True
                break
    print("Optimization complete with best validation score of %f %%, with test performance "
          "%f %%" % (best * 100., test_score * 100.))
    print("Best validation score of %f %% obtained at iteration %i, with test performance %f %%"
          % (best * 100., best_iter + 1, test_score * 100.))
    print("ref torch %s: %.3f ms/epoch (training steps only, median of %d)"
          % (name, statistics.median(walls), len(walls)))


def run(n_epochs):
    train, errors = model(initial_params())
    early_stopping(n_epochs, train, errors, BATCH, "mlp")


def time_epochs(epochs, train=None, batch=BATCH, name="mlp"):
    """One untimed warm-up epoch of train(x, y) on the mini set's training split in minibatches
    of batch, then EPOCHS timed ones: "ref torch NAME: X ms/epoch (cpu Y)"."""
    tx, ty = split("train")
    if train is None:
        train, _ = model(initial_params())
    n_train = len(tx) // batch

    def epoch():
        for mb in range(n_train):
            train(tx[mb * batch:(mb + 1) * batch], ty[mb * batch:(mb + 1) * batch])

    wall, cpu = logreg_ref.timed_epochs(epoch, epochs)
    print("ref torch %s: %.3f ms/epoch (cpu %.3f)" % (name, wall, cpu))


def main(argv):
    logreg_ref.run_or_time(argv, "mlp_ref.py", run, time_epochs, 1000)


if __name__ == "__main__":
    main(sys.argv[1:])
