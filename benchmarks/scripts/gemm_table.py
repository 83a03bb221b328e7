#!/usr/bin/env python3
"""Prints gemm-limit.sh's table: every matrix product of the reference steps, us per call, through
Theano4J (Blas.gemm, and the bare OpenBLAS call through JavaCPP) against NumPy (np.matmul with
out=, and `a @ b` as the steps write it); then, per reference step, the share of NumPy's step
spent in its products and the best ratio against NumPy's step that our GEMMs leave reachable.

Usage: python3 gemm_table.py JAVA_JSONL NUMPY_JSONL STEPS_JSONL
  JAVA_JSONL: GemmLimit's output; NUMPY_JSONL: gemm_ref.py products; STEPS_JSONL: gemm_ref.py steps
"""
import json
import sys

from ops_table import fail

STEPS = {"mlp": "mlp.py step (784-500-10, batch 20)",
         "mini": "logistic regression, mini set (batch 60)",
         "full": "logistic regression, full set (batch 600)"}


def read(path):
    header, rows = None, []
    with open(path) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                if "impl" in r:
                    header = r
                else:
                    rows.append(r)
    if header is None:
        fail(f"{path}: no header line")
    return header, rows


def shape(r):
    a = f"{r['k']}x{r['m']}^T" if r["aT"] else f"{r['m']}x{r['k']}"
    b = f"{r['n']}x{r['k']}^T" if r["bT"] else f"{r['k']}x{r['n']}"
    return f"{a} . {b}"


def main():
    if len(sys.argv) != 4:
        fail("usage: gemm_table.py JAVA_JSONL NUMPY_JSONL STEPS_JSONL")
    try:
        jh, ours = read(sys.argv[1])
        nh, theirs = read(sys.argv[2])
        _, steps = read(sys.argv[3])
        numpy = {(r["step"], r["name"], r["dtype"]): r for r in theirs}
        rows = [(r, numpy[(r["step"], r["name"], r["dtype"])]) for r in ours]
    except (OSError, ValueError, KeyError) as e:
        fail(f"cannot read the results: {e}")
    print(f"# Theano4J: {jh['openblas']} (bytedeco), blas threads {jh['blas_threads']}, "
          f"Java {jh['java']}")
    print(f"# NumPy {nh['numpy']}: {nh['openblas']}; core {nh['core']}, "
          f"openblas_get_num_threads() = {nh['openblas_threads']}")
    print("\nus per call, median (fastest); x is the step's minibatch of its data set, one after "
          "the other,\nin the forward products (from memory) and one minibatch (in cache, as "
          "after the forward product)\nin the updates.\nTheano4J = Blas.gemm (what the Gemm/Dot kernels call; beta as our step "
          "uses it: 1 = bias\ncopied into c or a plain update, 0.999998 = the L2-folded update), "
          "bare = one cblas call\nthrough JavaCPP with the same arguments; NumPy out= = "
          "np.matmul(a, b, out=c), NumPy @ = `a @ b`\n(fresh result, beta 0, as the reference "
          "steps write it); ratio = Theano4J / NumPy out=.\n")
    print("| step | product | shape | dtype | beta | Theano4J | bare OpenBLAS | NumPy out= "
          "| NumPy @ | ratio |")
    print("| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r, n in rows:
        print(f"| {r['step']} | `{r['name']}` | {shape(r)} | {r['dtype']} | {r['beta']:g} "
              f"| {r['theano4j_us']:.1f} ({r['theano4j_min_us']:.1f}) "
              f"| {r['openblas_us']:.1f} ({r['openblas_min_us']:.1f}) "
              f"| {n['numpy_out_us']:.1f} ({n['numpy_out_min_us']:.1f}) "
              f"| {n['numpy_us']:.1f} ({n['numpy_min_us']:.1f}) "
              f"| {r['theano4j_us'] / n['numpy_out_us']:.2f} |")
    print("\nPer reference step (float32), us per step (median over the steps, each timed "
          "alone): NumPy's step untimed,\nand with its products timed where it makes them "
          "(their sum and share of that step); the same "
          "products alone (sum of the medians above); the\nbest ratios against NumPy's step: "
          "our non-GEMM time 0 with our GEMMs, and with GEMMs at NumPy's speed.\n")
    print("| step | NumPy step | its products in the step (share) | products alone: NumPy "
          "| products alone: Theano4J | best ratio, our GEMMs | best ratio, NumPy's GEMMs |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for s in steps:
        f32 = [(r, n) for r, n in rows if r["step"] == s["step"] and r["dtype"] == "float32"]
        ours_us = sum(r["theano4j_us"] for r, _ in f32)
        theirs_us = sum(n["numpy_out_us"] for _, n in f32)
        print(f"| {STEPS.get(s['step'], s['step'])} | {s['step_us']:.1f} "
              f"| {s['blas_us']:.1f} ({100 * s['blas_share']:.0f} %) | {theirs_us:.1f} "
              f"| {ours_us:.1f} | {ours_us / s['step_us']:.2f} "
              f"| {theirs_us / s['step_us']:.2f} |")
    for s in steps:
        parts = ", ".join(f"{k} {v:.1f}" for k, v in s["products_us"].items())
        print(f"# {s['step']}: products in NumPy's step (us, median over the "
              f"steps of {s['epochs']} epochs): {parts}; step with timers {s['step_timed_us']:.1f}")


if __name__ == "__main__":
    main()
