"""NumPy side of NumpyDifferentialTest: evaluates every expression of one file in one process.

Input: one JSON object per line: {"id", "inputs": [{"name", "dtype", "shape", "values"}],
"nodes": [{"expr", "dtype" (ours, or null where we refused the node), "cast": [names],
"rules": [names of value rules, see RULES]}]}.
Node k is bound to n<k>. Float values are float.hex strings (or nan/inf/-inf).

Output, one line per expression, tab-separated:
  id, status ("ok" or "err:<ExceptionClass>"), dtype, shape (comma-separated),
  values (space-separated; floats as float.hex), diffs, nonfinite, rules.
diffs lists, as "k:<numpy's dtype or !ExceptionClass>" joined by ";", each node where
NumPy's own result type differs from ours; evaluation then continues in our dtype (the
node's array arguments in "cast" converted to it, or its result converted), so that one
intended type difference does not hide the values after it. nonfinite is 1 when some
input or node value holds a NaN or an infinity (DEBUG mode refuses those by design). rules
lists, as "k:<rule>" joined by ";", each node whose value one of our intended value rules
(RULES, the test's IntendedDifferences) changed; evaluation continues with the changed value.
"""
import json
import re
import sys
import warnings

import numpy as np

try:  # erf, erfc, erfinv, gammaln, psi (the test does not draw them without scipy)
    import scipy.special as sp
except ImportError:
    sp = None

warnings.filterwarnings("ignore")


def parse(v, dtype):
    if dtype.kind == "f":
        return float.fromhex(v) if "0x" in v else float(v)
    if dtype.kind == "b":
        return v not in ("0", "false", "False")
    return int(v)


def fmt(v, dtype):
    if dtype.kind == "f":
        return float(v).hex()
    return str(int(v))


def float_fn(x):
    """The float type NumPy gives a float function of x (float16 for int8, as np.exp)."""
    return np.exp(np.zeros((), dtype=np.asarray(x).dtype)).dtype


def sigmoid(x):
    x = np.asarray(x)
    f = float_fn(x)
    return (1 / (1 + np.exp(-x.astype(f)))).astype(f)


def softplus(x):
    x = np.asarray(x)
    f = float_fn(x)
    return np.logaddexp(np.zeros((), dtype=f), x.astype(f)).astype(f)


def relu(x):
    x = np.asarray(x)
    return np.maximum(x, np.zeros((), dtype=x.dtype))


def elu(x, alpha):
    """Theano's elu, in float64 and rounded once to the float type of the promoted inputs."""
    x = np.asarray(x)
    alpha = np.asarray(alpha)
    f = float_fn(np.zeros((), dtype=np.result_type(x, alpha)))
    xd = x.astype(np.float64)
    return np.where(xd > 0, xd, alpha.astype(np.float64) * np.expm1(xd)).astype(f)


def hard_sigmoid(x):
    """Theano's hard_sigmoid, clip(0.2 x + 0.5, 0, 1), in float64 and rounded once."""
    x = np.asarray(x)
    f = float_fn(x)
    return np.clip(0.2 * x.astype(np.float64) + 0.5, 0, 1).astype(f)


def softsign(x):
    """Theano's softsign, x / (1 + |x|), in float64 and rounded once."""
    x = np.asarray(x)
    f = float_fn(x)
    xd = x.astype(np.float64)
    return (xd / (1 + np.abs(xd))).astype(f)


def setsub(x, idx, v):
    c = np.array(x, copy=True)
    c[idx] = v
    return c


def incsub(x, idx, v):
    c = np.array(x, copy=True)
    if isinstance(idx, tuple) and any(isinstance(i, list) for i in idx):
        np.add.at(c, idx, v)
    else:
        c[idx] += v
    return c


def same(a, b):
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


# Value rules: each returns the node's value as we compute it where that differs from
# NumPy's (None where it does not apply or changes nothing).

def float64_accumulation(expr, ns, node, r):
    """Our float32 sum/prod/mean accumulate in float64, then round once to float32."""
    if r.dtype != np.float32:
        return None
    ns2 = dict(ns)
    for name in node["cast"]:
        ns2[name] = np.asarray(ns[name]).astype(np.float64)
    ours = np.asarray(eval(expr, ns2)).astype(np.float32)
    return None if same(ours, r) else ours


def _ieee_tensordot(a, b, axes):
    """tensordot as explicit products and sums: 0 * inf is NaN (IEEE), as in our kernels."""
    a, b = np.asarray(a), np.asarray(b)
    if isinstance(axes, int):
        aa, ba = list(range(a.ndim - axes, a.ndim)), list(range(axes))
    else:
        aa, ba = [x % a.ndim for x in axes[0]], [x % b.ndim for x in axes[1]]
    afree = [i for i in range(a.ndim) if i not in aa]
    bfree = [i for i in range(b.ndim) if i not in ba]

    def size(arr, idx):
        n = 1
        for i in idx:
            n *= arr.shape[i]
        return n
    A = np.transpose(a, afree + aa).reshape(size(a, afree), size(a, aa))
    B = np.transpose(b, ba + bfree).reshape(size(b, ba), size(b, bfree))
    C = (A[:, :, None] * B[None, :, :]).sum(axis=1)
    return C.reshape([a.shape[i] for i in afree] + [b.shape[i] for i in bfree])


class _IeeeProductsNumpy:
    """numpy whose dot/tensordot multiply every pair (BLAS may skip a zero factor)."""

    def __getattr__(self, name):
        return getattr(np, name)

    @staticmethod
    def tensordot(a, b, axes=2):
        return _ieee_tensordot(a, b, axes)

    @staticmethod
    def dot(a, b):
        a, b = np.asarray(a), np.asarray(b)
        if a.ndim == 0 or b.ndim == 0:
            return a * b
        return _ieee_tensordot(a, b, ([a.ndim - 1], [max(b.ndim - 2, 0)]))


def ieee_products(expr, ns, node, r):
    """dot/tensordot of a non-finite operand: every product counts (0 * inf is NaN)."""
    if r.dtype.kind != "f":
        return None
    names = set(re.findall(r"\b[nx]\d+\b", expr))
    if not any(nonfinite(np.asarray(ns[n])) for n in names if n in ns):
        return None
    ns2 = dict(ns)
    for name in node["cast"]:
        ns2[name] = np.asarray(ns[name]).astype(r.dtype)
    ns2["np"] = _IeeeProductsNumpy()
    ours = np.asarray(eval(expr, ns2)).astype(r.dtype)
    return None if same(ours, r) else ours


def positive_zero(expr, ns, node, r):
    """A zero from our dot/tensordot (BLAS, beta = 0) is +0.0."""
    if r.dtype.kind != "f":
        return None
    ours = np.asarray(r + r.dtype.type(0))
    return None if same(ours, r) else ours


PERIODIC_BOUND = 256  # IntendedDifferences.PERIODIC_BOUND


TAN_POLE_BOUND = 1000  # IntendedDifferences.TAN_POLE_BOUND


EDGE_BOUND = 1e-3  # IntendedDifferences.EDGE_BOUND

EDGE_FUNCTIONS = ("np.arcsin(", "np.arccos(", "np.arctanh(", "sp.erfinv(")

POLE_FUNCTIONS = ("sp.psi(", "sp.gammaln(")


def ill_conditioned(expr, ns, node, r):
    """sin/cos/tan of a rounded argument beyond PERIODIC_BOUND, tan beyond TAN_POLE_BOUND
    in magnitude (near a pole), arcsin/arccos/arctanh/erfinv of one within EDGE_BOUND of +-1
    and arccosh of one within EDGE_BOUND above 1 (next to a square-root or logarithmic
    singularity), psi/gammaln of one within EDGE_BOUND of a pole (0, -1, -2, ...):
    reported, value unchanged."""
    x = np.asarray(ns[node["cast"][0]]) if node["cast"] else r
    x = x[np.isfinite(x)] if x.dtype.kind == "f" else x
    if expr.startswith(EDGE_FUNCTIONS) or expr.startswith("np.arccosh("):
        a = np.abs(x.astype(np.float64))
        near = (a >= 1 - EDGE_BOUND) & (a <= 1 + EDGE_BOUND)
        return r if x.size > 0 and np.any(near) else None
    if expr.startswith(POLE_FUNCTIONS):
        a = x.astype(np.float64)
        near = (a <= EDGE_BOUND) & (np.abs(a - np.round(a)) <= EDGE_BOUND)
        return r if x.size > 0 and np.any(near) else None
    if x.size > 0 and np.max(np.abs(x)) > PERIODIC_BOUND:
        return r
    if expr.startswith("np.tan("):
        t = np.asarray(r)
        t = t[np.isfinite(t)]
        if t.size > 0 and np.max(np.abs(t)) > TAN_POLE_BOUND:
            return r
    return None


def _zero_tie(r, a, b, negative):
    """r with a zero where a and b are both zeros: -0.0 where negative(signbit a, signbit b)."""
    r = np.asarray(r)
    if r.dtype.kind != "f":
        return r
    a, b = np.asarray(a), np.asarray(b)
    z = (a == 0) & (b == 0)
    signed = np.where(negative(np.signbit(a), np.signbit(b)), -0.0, 0.0).astype(r.dtype)
    return np.where(z, signed, r).astype(r.dtype)


class _IeeeNumpy:
    """numpy with our maximum/minimum: IEEE 754-2019's, +0.0 above -0.0 whatever the order."""

    def __getattr__(self, name):
        return getattr(np, name)

    @staticmethod
    def maximum(a, b):
        return _zero_tie(np.maximum(a, b), a, b, np.logical_and)

    @staticmethod
    def minimum(a, b):
        return _zero_tie(np.minimum(a, b), a, b, np.logical_or)

    @staticmethod
    def clip(x, lo, hi):
        return _IeeeNumpy.minimum(_IeeeNumpy.maximum(x, lo), hi)

    @staticmethod
    def min(x, axis=None, keepdims=False):
        return _zero_reduce(np.min, x, axis, keepdims, True)

    @staticmethod
    def max(x, axis=None, keepdims=False):
        return _zero_reduce(np.max, x, axis, keepdims, False)


def _zero_reduce(f, x, axis, keepdims, negative):
    """min (negative) / max of x with IEEE zeros: -0.0 below +0.0 wherever the result is 0."""
    x = np.asarray(x)
    r = np.asarray(f(x, axis=axis, keepdims=keepdims))
    if r.dtype.kind != "f":
        return r
    sign = np.signbit(x) if negative else ~np.signbit(x)
    found = np.any((x == 0) & sign, axis=axis, keepdims=keepdims)
    zero = -0.0 if negative else 0.0
    other = 0.0 if negative else -0.0
    signed = np.where(found, zero, other).astype(r.dtype)
    return np.where(r == 0, signed, r).astype(r.dtype)


def signed_zero_order(expr, ns, node, r):
    """maximum/minimum/clip/relu of +0.0 and -0.0 as ours (NumPy: as its loop happens to)."""
    if r.dtype.kind != "f":
        return None
    ns2 = dict(ns)
    for name in node["cast"]:  # in our (float) dtype, as after a type difference
        ns2[name] = np.asarray(ns[name]).astype(r.dtype)
    ns2["np"] = _IeeeNumpy()
    ns2["relu"] = lambda x: _IeeeNumpy.maximum(x, np.zeros((), dtype=np.asarray(x).dtype))
    ours = np.asarray(eval(expr, ns2)).astype(r.dtype)
    return None if same(ours, r) else ours


def lgamma_minus_inf(expr, ns, node, r):
    """gammaln(-inf) is +inf, as C99's lgamma (SciPy 1.17: -inf)."""
    x = np.asarray(ns[node["cast"][0]]) if node["cast"] else None
    if x is None or x.dtype.kind != "f" or r.dtype.kind != "f":
        return None
    ours = np.where(np.isneginf(x), np.inf, r).astype(r.dtype)
    return None if same(ours, r) else ours


RULES = {"float64_accumulation": float64_accumulation, "positive_zero": positive_zero,
         "lgamma_minus_inf": lgamma_minus_inf,
         "ieee_products": ieee_products,
         "ill_conditioned": ill_conditioned, "signed_zero_order": signed_zero_order}


def nonfinite(a):
    return a.dtype.kind == "f" and a.size > 0 and not np.all(np.isfinite(a))


def evaluate(case):
    ns = {"np": np, "sp": sp, "sigmoid": sigmoid, "softplus": softplus, "relu": relu,
          "elu": elu, "hard_sigmoid": hard_sigmoid, "softsign": softsign,
          "setsub": setsub, "incsub": incsub}
    for inp in case["inputs"]:
        dt = np.dtype(inp["dtype"])
        vals = [parse(v, dt) for v in inp["values"]]
        ns[inp["name"]] = np.array(vals, dtype=dt).reshape(inp["shape"])
    diffs = []
    rules = []
    bad = any(nonfinite(ns[inp["name"]]) for inp in case["inputs"])
    r = None
    for k, node in enumerate(case["nodes"]):
        ours = node["dtype"]
        try:
            r = np.asarray(eval(node["expr"], ns))
            natural = r.dtype.name
        except Exception as e:  # NumPy refuses: compared with our refusal by the test
            r = None
            natural = "!" + type(e).__name__
        if ours is None:
            if r is None:
                return "err:" + natural[1:], "", "", "", ";".join(diffs), bad, ""
            break
        if natural != ours:
            diffs.append("%d:%s" % (k, natural))
            ns2 = dict(ns)
            for name in node["cast"]:
                ns2[name] = np.asarray(ns[name]).astype(ours)
            try:
                r = np.asarray(eval(node["expr"], ns2)).astype(ours)
            except Exception as e:
                return "err:" + type(e).__name__, "", "", "", ";".join(diffs), bad, ""
        for rule in node.get("rules", []):
            changed = RULES[rule](node["expr"], ns, node, r)
            if changed is not None:
                rules.append("%d:%s" % (k, rule))
                r = changed
        bad = bad or nonfinite(r)
        ns["n%d" % k] = r
    dt = r.dtype
    values = " ".join(fmt(v, dt) for v in r.reshape(-1).tolist())
    shape = ",".join(str(d) for d in r.shape)
    return "ok", dt.name, shape, values, ";".join(diffs), bad, ";".join(rules)


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with np.errstate(all="ignore"), open(src) as f, open(dst, "w") as out:
        for line in f:
            case = json.loads(line)
            status, dtype, shape, values, diffs, bad, rules = evaluate(case)
            out.write("\t".join([str(case["id"]), status, dtype, shape, values, diffs,
                                 "1" if bad else "0", rules]) + "\n")
    print(np.__version__)


if __name__ == "__main__":
    main()
