# Generates special_reference.csv: erf, erfc, gammaln, psi, trigamma, erfinv at 50 digits with mpmath 1.3.0.
# Run: python3 special_reference.py > special_reference.csv
import mpmath as mp
mp.mp.dps = 50
xs = [0.0, 1e-300, 1e-20, 1e-8, 0.001, 0.1, 0.25, 0.4999, 0.5, 0.75, 0.8, 0.9, 0.99, 1.0, 1.01,
      1.2, 1.25, 1.3, 1.4616321449683622, 1.5, 1.74, 1.76, 1.9, 2.0, 2.1, 2.3, 2.5, 3.0, 3.7,
      4.5, 5.0, 6.0, 9.99, 10.0, 12.5, 26.0, 27.0, 50.0, 1000.5, 1e10, 1e300]
xs += [0.3, 0.999, 0.999999, 0.9999999999999999, 0.01, 0.0099]
xs += [-v for v in xs if v != 0.0] + [-1.0, -2.0, -7.0, -2.5, -0.5, -1.5, -3.25, -10.1, -100.3]
def fmt(v):
    return mp.nstr(v, 25, min_fixed=-1, max_fixed=-1) if mp.isfinite(v) else str(v)
for x in xs:
    X = mp.mpf(x)
    erf = mp.erf(X)
    erfc = mp.erfc(X) if abs(x) < 1e5 else mp.mpf(0 if x > 0 else 2)  # mpmath overflows; exact in double
    pole = x <= 0 and x == int(x)
    # poles: lgamma is +inf; psi is -inf at +0 (SciPy) and NaN at the negative integers
    lg = mp.inf if pole else mp.re(mp.loggamma(X))
    ps = (-mp.inf if x == 0 else mp.nan) if pole else mp.digamma(X)
    # trigamma: +inf at the poles, NaN at -inf
    tg = mp.inf if pole else (mp.psi(1, X) if abs(x) < 1e299 else 1 / X)
    # erfinv: NaN outside [-1, 1], ±inf at ±1
    ei = mp.nan if abs(x) > 1 else mp.inf * mp.sign(X) if abs(x) == 1 else mp.erfinv(X)
    print(repr(x), fmt(erf), fmt(erfc), fmt(lg), fmt(ps), fmt(tg), fmt(ei), sep=',')
