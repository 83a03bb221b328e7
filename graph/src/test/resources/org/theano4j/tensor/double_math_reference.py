#!/usr/bin/env python3
"""Reference values for DoubleMathTest: exp, expm1, tanh, sigmoid and softplus of float64 arguments, to 40
significant digits, by mpmath at 256 bits (each argument is the exact double printed).

The arguments: uniform over [-1, 1], [-20, 20] and exp's whole range; log-uniform magnitudes
from 1e-20 to 1 of both signs; tanh's range to 25; and the doubles next to the points where
k = round(x / ln 2) changes, (j + 1/2) ln 2, where the reduced argument is largest.

Usage: python3 double_math_reference.py > double_math_reference.csv   (seed fixed)
"""
import math
import random

import mpmath

mpmath.mp.prec = 256
rng = random.Random(20261202)

xs = []
xs += [rng.uniform(-1, 1) for _ in range(1500)]
xs += [rng.uniform(-20, 20) for _ in range(1500)]
xs += [rng.uniform(-745.13, 709.78) for _ in range(1000)]
xs += [s * 10 ** rng.uniform(-20, 0) for _ in range(750) for s in (1, -1)]
xs += [rng.uniform(0.1, 25) * rng.choice((1, -1)) for _ in range(800)]
for j in list(range(-12, 12)) + [rng.randint(-1070, 1020) for _ in range(40)]:
    mid = (j + 0.5) * math.log(2)
    x = mid
    for _ in range(6):
        x = math.nextafter(x, -math.inf)
    for _ in range(13):
        xs.append(x)
        x = math.nextafter(x, math.inf)

for x in xs:
    m = mpmath.mpf(x)
    vals = []
    for f in (mpmath.exp, mpmath.expm1, mpmath.tanh, lambda v: 1 / (1 + mpmath.exp(-v)),
              lambda v: mpmath.log1p(mpmath.exp(v))):
        v = f(m)
        vals.append(mpmath.nstr(v, 40, min_fixed=1, max_fixed=0) if v != 0 else "0")
    print(repr(x) + "," + ",".join(vals))
