#!/usr/bin/env python3
"""PyTorch (eager, CPU, float32, one thread) reference of the ConvolutionalMlp tutorial (Theano's
convolutional_mlp.py, LeNet, as org.theano4j.tutorial.mnist.ConvolutionalMlp runs it) on the
embedded mini set.

  h0 = tanh(maxpool2x2(conv(x as (batch, 1, 28, 28), W0)) + b0)      W0 (20, 1, 5, 5)
  h1 = tanh(maxpool2x2(conv(h0, W1)) + b1)                            W1 (50, 20, 5, 5)
  h2 = tanh(flatten(h1) W_hidden + b_hidden)                          W_hidden (800, 500)
  p = softmax(h2 W + b); cost = -mean(log(p)[arange(n), y])
  every parameter <- parameter - lr * d cost / d parameter; lr 0.1
conv is Theano's conv2d, a true convolution: torch's conv2d (a correlation) of the flipped
filters. The max-pooling's gradient is Theano's (MaxPoolGrad): every element equal to its
window's maximum gets the window's gradient, where torch's max_pool2d gives it to one element;
LeNet's pooled maps have many tied windows (a blank patch of the digit gives equal values), so
torch's own gradient would follow another path.
W0, W1 and W_hidden = numpy.random.RandomState(23455).uniform(-W_bound, W_bound, shape) in that
order, rounded to float32, W_bound = sqrt(6 / (fan_in + fan_out)) with fan_in =
prod(filter_shape[1:]) and fan_out = filter_shape[0] * prod(filter_shape[2:]) // 4 for the
convolutions, sqrt(6 / (800 + 500)) for the hidden layer; the biases and W zeros. Minibatches
in order; early stopping as the tutorial (patience 10000, etc.).

Usage:
  lenet_ref.py run [EPOCHS] [BATCH]   the tutorial's loop (default 10 epochs, batch 50, as
                                      ConvolutionalMlp's defaults)
  lenet_ref.py time EPOCHS [BATCH]    one untimed warm-up epoch, then EPOCHS timed epochs of
                                      training steps: "ref torch lenet: X ms/epoch (cpu Y)"
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import logreg_ref  # noqa: E402  (one thread for every BLAS/OpenMP runtime, before numpy)
import mlp_ref  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)

NKERNS, FILTER, POOL, HIDDEN, CLASSES = (20, 50), 5, 2, 500, 10
LEARNING_RATE, EPOCHS, BATCH = 0.1, 10, 50


class TheanoMaxPool(torch.autograd.Function):
    """2x2 max-pooling (border dropped) whose gradient goes to every element equal to its
    window's maximum, as Theano's MaxPoolGrad."""

    @staticmethod
    def forward(ctx, x):
        out = F.max_pool2d(x, POOL)
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, gz):
        x, out = ctx.saved_tensors
        n, c, h, w = x.shape
        hp, wp = out.shape[2] * POOL, out.shape[3] * POOL
        up = out.repeat_interleave(POOL, 2).repeat_interleave(POOL, 3)
        gup = gz.repeat_interleave(POOL, 2).repeat_interleave(POOL, 3)
        gx = torch.zeros_like(x)
        gx[:, :, :hp, :wp] = (x[:, :, :hp, :wp] == up).to(x.dtype) * gup
        return gx


def initial_params():
    rng = np.random.RandomState(23455)

    def conv_filters(shape):
        fan_in = np.prod(shape[1:])
        fan_out = shape[0] * np.prod(shape[2:]) // (POOL * POOL)
        bound = np.sqrt(6. / (fan_in + fan_out))
        return np.asarray(rng.uniform(low=-bound, high=bound, size=shape), dtype=np.float32)

    w0 = conv_filters((NKERNS[0], 1, FILTER, FILTER))
    w1 = conv_filters((NKERNS[1], NKERNS[0], FILTER, FILTER))
    n_in = NKERNS[1] * 4 * 4
    bound = np.sqrt(6. / (n_in + HIDDEN))
    w2 = np.asarray(rng.uniform(low=-bound, high=bound, size=(n_in, HIDDEN)), dtype=np.float32)
    params = [w0, np.zeros(NKERNS[0], np.float32), w1, np.zeros(NKERNS[1], np.float32),
              w2, np.zeros(HIDDEN, np.float32), np.zeros((HIDDEN, CLASSES), np.float32),
              np.zeros(CLASSES, np.float32)]
    return [torch.from_numpy(p).requires_grad_() for p in params]


def model(params):
    w0, b0, w1, b1, w2, b2, w3, b3 = params

    def conv_pool(x, w, b):
        # Theano's conv2d flips the filters; torch's conv2d does not
        pooled = TheanoMaxPool.apply(F.conv2d(x, w.flip([2, 3])))
        return torch.tanh(pooled + b.view(1, -1, 1, 1))

    def logits(x):
        h0 = conv_pool(x.view(-1, 1, 28, 28), w0, b0)
        h1 = conv_pool(h0, w1, b1)
        return torch.tanh(h1.flatten(1) @ w2 + b2) @ w3 + b3

    def train(x, y):
        # mean NLL of the softmax
        return mlp_ref.sgd_step(params, F.cross_entropy(logits(x), y), LEARNING_RATE)

    return train, mlp_ref.classifier_errors(logits)


def batch_arg(argv):
    """The optional BATCH after EPOCHS (removed from argv)."""
    if len(argv) == 3:
        if not argv[2].isdigit() or int(argv[2]) < 1:
            sys.exit("error: BATCH must be a positive integer, got '%s'" % argv[2])
        return int(argv.pop())
    return BATCH


def main(argv):
    argv = list(argv)
    batch = batch_arg(argv)

    def run(n_epochs):
        train, errors = model(initial_params())
        mlp_ref.early_stopping(n_epochs, train, errors, batch, "lenet")

    def time_epochs(epochs):
        train, _ = model(initial_params())
        mlp_ref.time_epochs(epochs, train, batch, "lenet")

    logreg_ref.run_or_time(argv, "lenet_ref.py", run, time_epochs, EPOCHS)


if __name__ == "__main__":
    main(sys.argv[1:])
