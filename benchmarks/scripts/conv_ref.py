#!/usr/bin/env python3
"""PyTorch's CPU convolution on the two convolutions of Theano's LeNet tutorial, the shapes
and passes of ConvBenchmark (float32, batch 500, valid, stride 1): conv1 (500, 1, 28, 28) *
(20, 1, 5, 5) and conv2 (500, 20, 12, 12) * (50, 20, 5, 5); forward (under no_grad) and
backward (out.backward(gy) with both the input and the filters requiring a gradient, the
forward not timed). One thread (torch.set_num_threads(1)). Prints one JSON line per case:
median and fastest ms over REPS timed calls after WARMUP untimed ones.

Usage: python3 conv_ref.py [REPS [WARMUP]]   (defaults 20 and 5)
"""
import json
import statistics
import sys
import time

import torch

from ops_table import fail

SHAPES = {"conv1": ((500, 1, 28, 28), (20, 1, 5, 5)),
          "conv2": ((500, 20, 12, 12), (50, 20, 5, 5))}


def timed(fn, reps, warmup):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return times


def main():
    try:
        reps = int(sys.argv[1]) if len(sys.argv) > 1 else 20
        warmup = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    except ValueError:
        fail(f"REPS and WARMUP must be integers, got {sys.argv[1:]}")
    if reps < 1 or warmup < 0:
        fail(f"REPS must be at least 1 and WARMUP at least 0, got {reps} and {warmup}")
    torch.set_num_threads(1)
    torch.manual_seed(1234)
    for layer, (xs, ws) in SHAPES.items():
        x = torch.rand(xs)
        w = torch.rand(ws)
        with torch.no_grad():
            y = torch.nn.functional.conv2d(x, w)
        gy = torch.rand(y.shape)

        def forward():
            with torch.no_grad():
                return torch.nn.functional.conv2d(x, w)

        xg = x.clone().requires_grad_(True)
        wg = w.clone().requires_grad_(True)

        def backward():
            xg.grad = None
            wg.grad = None
            out = torch.nn.functional.conv2d(xg, wg)
            t0 = time.perf_counter()
            out.backward(gy)
            return time.perf_counter() - t0

        for name, fn in (("forward", forward), ("backward", None)):
            if fn is None:
                for _ in range(warmup):
                    backward()
                times = [backward() * 1e3 for _ in range(reps)]
            else:
                times = timed(fn, reps, warmup)
            print(json.dumps({"impl": "torch", "layer": layer, "pass": name,
                              "median_ms": statistics.median(times), "min_ms": min(times),
                              "reps": reps, "version": torch.__version__,
                              "threads": f"torch.get_num_threads()={torch.get_num_threads()}",
                              "mkldnn": torch.backends.mkldnn.is_available()}))


if __name__ == "__main__":
    main()
