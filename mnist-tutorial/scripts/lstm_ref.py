#!/usr/bin/env python3
"""PyTorch (eager, CPU, float32, one thread) reference of the SequentialMnist tutorial
(org.theano4j.tutorial.mnist.SequentialMnist) on the embedded mini set (5,000 / 500 / 500).

Each image is read as 28 rows of 28 pixels, sequence axis first: x [batch, 784] ->
[28, batch, 28]. An LSTM cell written by hand, gates in PyTorch's nn.LSTM order (i, f, g, o):
  z = x_t W + h U + b;  i, f, o = sigmoid(z[:, 0:H]), sigmoid(z[:, H:2H]), sigmoid(z[:, 3H:4H]);
  g = tanh(z[:, 2H:3H]);  c = f c + i g;  h = o tanh(c);  h_0 = c_0 = 0
then a softmax layer on the last h; cost = mean negative log-likelihood; Adam (written out:
t += 1; m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
p -= lr sqrt(1-b2^t) / (1-b1^t) m / (sqrt(v) + eps)); minibatches in order.
Initialisation from numpy.random.RandomState(1234), drawn by NumPy in this order, each uniform
in +-sqrt(6 / (fan_in + fan_out)) and rounded to float32: W (28, 4H), U (H, 4H), W_out (H, 10);
b zeros except the forget gate's block (ones), b_out zeros. No dropout (the tutorial's default).

Usage:
  lstm_ref.py run [EPOCHS]   trains EPOCHS epochs (default 15), printing the tutorial's lines:
                             validation error, test error of the best model, mean training cost
  lstm_ref.py time EPOCHS    one untimed warm-up epoch, then EPOCHS timed epochs of training
                             steps: "ref torch lstm: X ms/epoch (cpu Y)"
Settings: HIDDEN, BATCH, LEARNING_RATE in the environment (defaults 128, 50, 0.005, as the
tutorial's --hidden, --batch-size, --learning-rate).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# logreg_ref sets one thread for every BLAS/OpenMP runtime before numpy is imported; mlp_ref
# reads the mini set's splits.
import logreg_ref  # noqa: E402
import mlp_ref  # noqa: E402

import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)

ROWS, COLS, CLASSES = 28, 28, 10
HIDDEN = int(os.environ.get("HIDDEN", "128"))
BATCH = int(os.environ.get("BATCH", "50"))
LEARNING_RATE = float(os.environ.get("LEARNING_RATE", "0.005"))
BETA1, BETA2, EPS = 0.9, 0.999, 1e-8


def initial_params():
    rng = np.random.RandomState(1234)

    def uniform(n_in, n_out):
        bound = np.sqrt(6.0 / (n_in + n_out))
        return np.asarray(rng.uniform(low=-bound, high=bound, size=(n_in, n_out)),
                          dtype=np.float32)

    w, u, w_out = uniform(COLS, 4 * HIDDEN), uniform(HIDDEN, 4 * HIDDEN), uniform(HIDDEN, CLASSES)
    b = np.zeros(4 * HIDDEN, np.float32)
    b[HIDDEN:2 * HIDDEN] = 1
    params = [w, u, b, w_out, np.zeros(CLASSES, np.float32)]
    return [torch.from_numpy(p).requires_grad_() for p in params]


def model(params):
    w, u, b, w_out, b_out = params
    h_ = HIDDEN
    state = [torch.zeros_like(p) for p in params] + [torch.zeros_like(p) for p in params]
    step = [0]

    def logits(x):
        seq = x.reshape(len(x), ROWS, COLS).permute(1, 0, 2)  # (28, batch, 28)
        h = torch.zeros(len(x), h_)
        c = torch.zeros(len(x), h_)
        for x_t in seq:
            z = x_t @ w + h @ u + b
            i, f = torch.sigmoid(z[:, 0:h_]), torch.sigmoid(z[:, h_:2 * h_])
            g, o = torch.tanh(z[:, 2 * h_:3 * h_]), torch.sigmoid(z[:, 3 * h_:4 * h_])
            c = f * c + i * g
            h = o * torch.tanh(c)
        return h @ w_out + b_out

    def train(x, y):
        cost = torch.nn.functional.cross_entropy(logits(x), y)  # mean NLL of the softmax
        for p in params:
            p.grad = None
        cost.backward()
        step[0] += 1
        t = step[0]
        scale = LEARNING_RATE * np.sqrt(1 - BETA2 ** t) / (1 - BETA1 ** t)
        with torch.no_grad():
            for k, p in enumerate(params):
                m, v = state[k], state[len(params) + k]
                m.mul_(BETA1).add_((1 - BETA1) * p.grad)
                v.mul_(BETA2).add_((1 - BETA2) * p.grad * p.grad)
                p.sub_(np.float32(scale) * m / (torch.sqrt(v) + EPS))
        return cost.item()

    def errors(x, y):
        with torch.no_grad():
            return (logits(x).argmax(dim=1) != y).double().mean().item()

    return train, errors


def mean_errors(errors, x, y):
    return float(np.mean([errors(x[i * BATCH:(i + 1) * BATCH], y[i * BATCH:(i + 1) * BATCH])
                          for i in range(len(x) // BATCH)]))


def run(n_epochs):
    (tx, ty), (vx, vy), (sx, sy) = mlp_ref.split("train"), mlp_ref.split("valid"), \
        mlp_ref.split("test")
    train, errors = model(initial_params())
    n_train = len(tx) // BATCH
    best, test_score, walls = np.inf, 0.0, []
    print("... training (hidden %d, batch %d, Adam %g, torch threads %d)"
          % (HIDDEN, BATCH, LEARNING_RATE, torch.get_num_threads()))
    for epoch in range(1, n_epochs + 1):
        t0 = time.perf_counter()
        costs = [train(tx[mb * BATCH:(mb + 1) * BATCH], ty[mb * BATCH:(mb + 1) * BATCH])
                 for mb in range(n_train)]
        walls.append((time.perf_counter() - t0) * 1e3)
        loss = mean_errors(errors, vx, vy)
        print("epoch %i, minibatch %i/%i, validation error %f %%"
              % (epoch, n_train, n_train, loss * 100.))
        if loss < best:
            best = loss
            test_score = mean_errors(errors, sx, sy)
            print("     epoch %i, minibatch %i/%i, test error of best model %f %%"
                  % (epoch, n_train, n_train, test_score * 100.))
        print("     epoch %i, mean training cost %f" % (epoch, np.mean(costs, dtype="float64")))
        sys.stdout.flush()
    print("Optimization complete with best validation score of %f %%, with test performance "
          "%f %%" % (best * 100., test_score * 100.))
    print("ref torch lstm: %.3f ms/epoch (training steps only, median of %d)"
          % (statistics.median(walls), len(walls)))


def time_epochs(epochs):
    tx, ty = mlp_ref.split("train")
    train, _ = model(initial_params())
    n_train = len(tx) // BATCH

    def epoch():
        for mb in range(n_train):
            train(tx[mb * BATCH:(mb + 1) * BATCH], ty[mb * BATCH:(mb + 1) * BATCH])

    wall, cpu = logreg_ref.timed_epochs(epoch, epochs)
    print("ref torch lstm: %.3f ms/epoch (cpu %.3f)" % (wall, cpu))


def main(argv):
    logreg_ref.run_or_time(argv, "lstm_ref.py", run, time_epochs, 15)


if __name__ == "__main__":
    main(sys.argv[1:])
