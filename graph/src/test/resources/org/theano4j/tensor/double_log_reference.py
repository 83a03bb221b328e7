#!/usr/bin/env python3
"""Reference values for DoubleMathTest: log and log1p of float64 arguments, to 40 significant
digits, by mpmath at 256 bits (each argument is the exact double printed); "nan" where the
function is not real.

The arguments: log-uniform over the whole positive range (subnormals included) and near 1 from
both sides; uniform over [0.5, 2] (where the mantissa's interval [sqrt(1/2), sqrt 2) wraps);
log1p's: log-uniform magnitudes from 1e-20 to 1e300 of both signs within its domain, uniform
over (-1, 1) and near -1.

Usage: python3 double_log_reference.py > double_log_reference.csv   (seed fixed)
"""
import math
import random

import mpmath

mpmath.mp.prec = 256
rng = random.Random(20261203)

xs = []
xs += [10 ** rng.uniform(-323, 308) for _ in range(1500)]
xs += [1 + s * 10 ** rng.uniform(-16, -0.5) for _ in range(400) for s in (1, -1)]
xs += [rng.uniform(0.5, 2) for _ in range(1200)]
xs += [s * 10 ** rng.uniform(-20, 0) for _ in range(600) for s in (1, -1)]
xs += [10 ** rng.uniform(0, 300) for _ in range(400)]
xs += [rng.uniform(-1, 1) for _ in range(1000)]
xs += [-1 + 10 ** rng.uniform(-16, -0.5) for _ in range(300)]
sq = math.sqrt(0.5)
for c in (sq, 2 * sq, 2 * sq - 1, sq - 1):  # where the mantissa's interval wraps, for log and log1p
    x = c
    for _ in range(20):
        x = math.nextafter(x, -math.inf)
    for _ in range(41):
        xs.append(x)
        x = math.nextafter(x, math.inf)


def fmt(v):
    return "0" if v == 0 else mpmath.nstr(v, 40, min_fixed=1, max_fixed=0)


for x in xs:
    m = mpmath.mpf(x)
    log = fmt(mpmath.log(m)) if x > 0 else "nan"
    log1p = fmt(mpmath.log1p(m)) if x > -1 else "nan"
    print(f"{x!r},{log},{log1p}")
