# Generates erf_reference.csv: erf at 50 digits with mpmath 1.3.0 on 4,000 points of [0.25, 6.5] and 500 of [0, 0.25]
# (uniform, seed 14), the grid points j/16 of ScalarMath.erf and the points halfway between
# them (where its Taylor step is longest) with their neighbouring doubles, and the negatives of
# every tenth point. Run: python3 erf_reference.py > erf_reference.csv
import math
import random

import mpmath as mp

mp.mp.dps = 50
rng = random.Random(14)
xs = [rng.uniform(0.25, 6.5) for _ in range(4000)] + [rng.uniform(0, 0.25) for _ in range(500)]
for j in range(2, 97):
    for c in (j / 16, (j + 0.5) / 16):
        xs += [c, math.nextafter(c, 0), math.nextafter(c, 10)]
xs += [-v for v in xs[::10]]
for x in xs:
    print(repr(x), mp.nstr(mp.erf(mp.mpf(x)), 25, min_fixed=-1, max_fixed=-1), sep=',')
