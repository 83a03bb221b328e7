#!/usr/bin/env python3
"""PyTorch on the GPU: the tutorial's train_model, for the CUDA benchmark table (docs/cuda.md).

The same step as the PyTorch eager reference implementation of logistic_sgd.py (p = softmax(x W + b), cost =
-mean(log p[arange(n), y]), torch.autograd.grad, W -= lr gW, b -= lr gb; zero init, float32,
consecutive minibatches) on data of the given shape drawn on the device, timed per epoch of
n // batch steps after warm-up. Variants:
  eager        launches queued, one synchronisation per epoch (PyTorch's best case)
  eager_item   cost.item() after every step, as a Theano function returns its outputs
  graph        one CUDA graph per minibatch index, captured once, replayed; sync per epoch
  graph_item   the same with cost.item() after every replay

usage: torch_gpu_bench.py [--train 50000] [--batch 600] [--epochs 20] [--warmup 5]
"""
import argparse
import statistics
import time

import torch

LR = 0.13
N_IN, N_OUT = 784, 10


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", type=int, default=50000)
    ap.add_argument("--batch", type=int, default=600)
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--label", default="full")
    a = ap.parse_args()
    dev = torch.device("cuda")
    gen = torch.Generator(device=dev).manual_seed(1234)
    tx = torch.rand(a.train, N_IN, device=dev, generator=gen)
    ty = torch.randint(0, N_OUT, (a.train,), device=dev, generator=gen)
    W = torch.zeros(N_IN, N_OUT, device=dev, requires_grad=True)
    b = torch.zeros(N_OUT, device=dev, requires_grad=True)
    bs = a.batch
    nb = a.train // bs
    rows = torch.arange(bs, device=dev)

    def step(i):
        x = tx[i * bs:(i + 1) * bs]
        y = ty[i * bs:(i + 1) * bs]
        p = torch.softmax(x @ W + b, dim=1)
        cost = -torch.log(p)[rows, y].mean()
        gW, gb = torch.autograd.grad(cost, (W, b))
        with torch.no_grad():
            W.add_(gW, alpha=-LR)
            b.add_(gb, alpha=-LR)
        return cost.detach()

    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for i in range(3):
            step(i)
    torch.cuda.current_stream().wait_stream(side)
    graphs, costs = [], []
    for i in range(nb):
        g = torch.cuda.CUDAGraph()
        with torch.cuda.graph(g):
            costs.append(step(i))
        graphs.append(g)

    def epoch(kind):
        for i in range(nb):
            if kind.startswith("graph"):
                graphs[i].replay()
                c = costs[i]
            else:
                c = step(i)
            if kind.endswith("_item"):
                c.item()
        torch.cuda.synchronize()

    for kind in ("eager", "eager_item", "graph", "graph_item"):
        for _ in range(a.warmup):
            epoch(kind)
        times = []
        for _ in range(a.epochs):
            t0 = time.perf_counter()
            epoch(kind)
            times.append((time.perf_counter() - t0) * 1e3)
        print("torch %s %s: %.3f ms/epoch median (min %.3f) over %d epochs of %d steps; %.1f us/step"
              % (a.label, kind, statistics.median(times), min(times), a.epochs, nb,
                 statistics.median(times) * 1e3 / nb), flush=True)
    print("torch version %s, device %s" % (torch.__version__, torch.cuda.get_device_name()))


if __name__ == "__main__":
    main()
