"""NumPy's side of NumpyRoundTripTest.

usage: npy_roundtrip.py check DIR   -- loads what Theano4J wrote into DIR and checks it
       npy_roundtrip.py write DIR   -- writes the cases with NumPy for Theano4J to read

DIR/cases.txt has one case a line: name dtype shape order byteorder, where shape is
comma-separated ('-' for 0-d), order is C or F and byteorder < or >. The values of a case are
built here from the formula the test documents, independently of the Java side.
"""
import sys
import numpy as np


def values(dtype, shape, name):
    n = int(np.prod(shape, dtype=np.int64))
    k = np.arange(n, dtype=np.int64)
    base = (k * 37) % 251 - 125
    if name.startswith("special"):
        v = np.resize(np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324, 1.7976931348623157e308,
                                1.0 / 3.0]), n)
    elif dtype == "bool":
        v = k % 3 == 0
    elif dtype == "uint8":
        v = (k * 37) % 251
    elif dtype == "uint16":
        v = (k * 40503) % 65536
    elif dtype == "uint32":
        v = (k * 2654435761) % 2**32
    elif dtype == "int16":
        v = base * 200
    elif dtype == "int32":
        v = base * 16777259
    elif dtype == "int64":
        v = base * 2**50 + k
    elif dtype in ("float32", "float64"):
        v = base / 8.0 + k * 1e-3
    else:  # int8
        v = base
    return v.astype(dtype).reshape(shape)


def cases(d):
    out = []
    with open(d + "/cases.txt") as f:
        for line in f:
            name, dtype, shape, order, bo = line.split()
            shape = () if shape == "-" else tuple(int(s) for s in shape.split(","))
            out.append((name, dtype, shape, order, bo))
    return out


def same(got, want, where):
    if got.dtype.str != want.dtype.str or got.shape != want.shape:
        raise SystemExit("%s: got dtype %s shape %s, expected %s %s"
                         % (where, got.dtype.str, got.shape, want.dtype.str, want.shape))
    if np.ascontiguousarray(got).tobytes() != np.ascontiguousarray(want).tobytes():
        raise SystemExit("%s: values differ:\n%r\nexpected\n%r" % (where, got, want))


def check(d):
    cs = cases(d)
    npz = {}
    for kind in ("stored", "deflated"):
        with np.load(d + "/all_%s.npz" % kind, allow_pickle=False) as z:
            npz[kind] = {k: z[k] for k in z.files}
        if sorted(npz[kind]) != sorted(c[0] for c in cs):
            raise SystemExit("all_%s.npz has %s" % (kind, sorted(npz[kind])))
    for name, dtype, shape, order, bo in cs:
        want = values(dtype, shape, name)
        got = np.load(d + "/" + name + ".npy", allow_pickle=False)
        same(got, want, name + ".npy")
        for kind in npz:
            same(npz[kind][name], want, "all_%s.npz!%s" % (kind, name))
    print("numpy %s read %d .npy files and 2 .npz archives" % (np.__version__, len(cs)))


def write(d):
    arrays = {}
    for name, dtype, shape, order, bo in cases(d):
        a = values(dtype, shape, name)
        if bo == ">":
            a = a.astype(a.dtype.newbyteorder(">"))
        if order == "F":
            a = np.asfortranarray(a)
        np.save(d + "/" + name + ".npy", a)
        arrays[name] = a
    np.savez(d + "/all_stored.npz", **arrays)
    np.savez_compressed(d + "/all_deflated.npz", **arrays)
    print("numpy %s wrote %d .npy files and 2 .npz archives" % (np.__version__, len(arrays)))


if __name__ == "__main__":
    {"check": check, "write": write}[sys.argv[1]](sys.argv[2])
