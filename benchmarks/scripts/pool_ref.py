"""PyTorch eager reference of PoolBenchmark (docs/performance.md, "LeNet's pooling layers"):
2x2 max pooling of float32 LeNet feature maps on the CPU, one thread, forward alone and
forward + backward (the pooled maps and the input gradient for a given output gradient).
Prints one JSON line per (shape, benchmark) with the median of the timed repetitions in ms.

Usage: python3 pool_ref.py [REPETITIONS]   (default 20, after 5 untimed ones)
"""
import json
import sys
import time

import torch
import torch.nn.functional as F

SHAPES = [(500, 20, 24, 24), (500, 50, 8, 8)]


def median_ms(fn, reps):
    for _ in range(5):
        fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return times[len(times) // 2]


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    if reps < 1:
        sys.exit("error: REPETITIONS must be at least 1, got %d" % reps)
    torch.set_num_threads(1)
    gen = torch.Generator().manual_seed(1234)
    for shape in SHAPES:
        x = torch.randn(shape, generator=gen, dtype=torch.float32)
        n, c, h, w = shape
        gz = torch.randn((n, c, h // 2, w // 2), generator=gen, dtype=torch.float32)

        def forward():
            with torch.no_grad():
                return F.max_pool2d(x, 2)

        def forward_backward():
            xr = x.detach().requires_grad_(True)
            y = F.max_pool2d(xr, 2)
            y.backward(gz)
            return y, xr.grad

        for name, fn in (("forward", forward), ("forwardBackward", forward_backward)):
            print(json.dumps({"shape": ",".join(map(str, shape)), "benchmark": name,
                              "ms": median_ms(fn, reps), "threads": torch.get_num_threads(),
                              "torch": torch.__version__}))


if __name__ == "__main__":
    main()
