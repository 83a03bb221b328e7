#!/usr/bin/env python3
"""PyTorch's CPU convolution on the two convolutions of Theano's LeNet tutorial, the shapes
and passes of ConvBenchmark (float32, batch 500, valid, stride 1): conv1 (500, 1, 28, 28) *
(20, 1, 5, 5) and conv2 (500, 20, 12, 12) * (50, 20, 5, 5); forward (under no_grad) and
backward (out.backward(gy) with both the input and the filters requiring a gradient, the
forward not timed). One thread (torch.set_num_threads(1)), which PyTorch runs on the calling
thread. Prints one JSON line per case: median and fastest ms over REPS timed calls after
WARMUP untimed ones, of wall-clock time and of the thread's CPU time (time.thread_time, the
fair measure on a machine shared with other work).

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
    """(wall ms, thread CPU ms) of each of reps calls of fn after warmup calls."""
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(reps):
        w0, c0 = time.perf_counter(), time.thread_time()
        fn()
        cpu.append((time.thread_time() - c0) * 1e3)
        wall.append((time.perf_counter() - w0) * 1e3)
    return wall, cpu


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
        outs = []

        def prepare():
            xg.grad = None
            wg.grad = None
            outs.append(torch.nn.functional.conv2d(xg, wg))

        def backward():
            outs.pop().backward(gy)

        for name, fn in (("forward", forward), ("backward", backward)):
            if name == "backward":
                wall, cpu = [], []
                for i in range(warmup + reps):
                    prepare()   # the forward pass, not timed
                    w, c = timed(fn, 1, 0)
                    if i >= warmup:
                        wall += w
                        cpu += c
            else:
                wall, cpu = timed(fn, reps, warmup)
            print(json.dumps({"impl": "torch", "layer": layer, "pass": name,
                              "median_ms": statistics.median(wall), "min_ms": min(wall),
                              "cpu_median_ms": statistics.median(cpu), "cpu_min_ms": min(cpu),
                              "reps": reps, "version": torch.__version__,
                              "threads": f"torch.get_num_threads()={torch.get_num_threads()}",
                              "mkldnn": torch.backends.mkldnn.is_available()}))


if __name__ == "__main__":
    main()
