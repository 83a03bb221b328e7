#!/usr/bin/env bash
# Steady-state ms/epoch of train_model: Theano4J (--bench) next to the NumPy and PyTorch (eager,
# CPU) references of Theano's logistic_sgd.py in logreg_ref.py beside this script, measured in
# the same run, interleaved, one thread each, with CPU time; then checks that the references
# compute what the tutorial computes (one epoch of the mini set from zero weights: max |dW|, |db|).
#
#   mvn -q -B package -DskipTests
#   bash mnist-tutorial/scripts/compare-bench.sh [ROUNDS] [EPOCHS]      (default 3 20)
#
# Sets: mini = the embedded 5,000 training examples, batch 60; full = synthetic data of
# Fashion-MNIST's training shape (50,000 x 784, Theano4J's --dataset synthetic, the references'
# own uniform random pixels), batch 600; 83 steps per epoch each.
# PYTHON (default: the first of python3, /usr/bin/python3 that imports numpy and torch) runs the
# references. Their BLAS: Debian's OpenBLAS (pthread build) when installed, one thread; Debian's
# OpenBLAS 0.3.21 does not recognise recent AVX-512 CPUs, so its kernel set is named by
# REF_OPENBLAS_CORETYPE (default Cooperlake; set it empty to let OpenBLAS detect the CPU).
# Prints one line per measurement, then a table of medians with ratios against NumPy.
# THREADS=N (default 1) runs every side with N threads (bench-common.sh: BLAS, PyTorch's
# intra-op threads, -Dtheano4j.blas.threads and -Dtheano4j.threads).
# WARMUP_SECONDS (default 10) is Theano4J's --bench-warmup-seconds: after 3 s the JIT compiler
# is still compiling, and its threads' CPU time counted in the timed epochs (full set: 107 ms
# of CPU per 65 ms epoch after 3 s, 69 per 64 after 10 s, 2026-12-01).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../../benchmarks/scripts/bench-common.sh
source "$root/benchmarks/scripts/bench-common.sh"
tutorial_rounds "$@"
WARMUP_SECONDS="${WARMUP_SECONDS:-10}"
py="$(torch_python PYTHON)"
ref_lib=/usr/lib/x86_64-linux-gnu/openblas-pthread
ref_coretype="${REF_OPENBLAS_CORETYPE-Cooperlake}"
results_dir

header "torch.set_num_threads($THREADS)"
echo "# references: $py (numpy $("$py" -c 'import numpy; print(numpy.__version__)'), torch $("$py" -c 'import torch; print(torch.__version__)')); OPENBLAS_CORETYPE=${ref_coretype:-(detected)}$([[ -d $ref_lib ]] && echo ", LD_LIBRARY_PATH=$ref_lib")"
echo "# Theano4J: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (its OpenBLAS detects the CPU); --bench-warmup-seconds $WARMUP_SECONDS"

ours() {  # cfg dataset
  # OpenBLAS 0.3.31 (ours) detects the CPU itself; a forced older kernel set (e.g. Haswell on
  # an AVX-512 CPU) is about 2x slower, so an environment that forces one is not passed on.
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE java "${java_threads[@]}" -jar "$JAR" \
    --dataset "$2" --bench --bench-epochs "$EPOCHS" --bench-warmup-seconds "$WARMUP_SECONDS" \
    --out "$tmp/j" \
    | sed -n 's/^bench: \([0-9.]*\) ms\/epoch median.*CPU \([0-9.]*\) ms\/epoch mean.*/theano4j '"$1"' \1 \2/p'
}
ref() {  # impl cfg
  env ${ref_coretype:+OPENBLAS_CORETYPE=$ref_coretype} \
    LD_LIBRARY_PATH="$ref_lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    "$py" "$here/logreg_ref.py" time "$1" "$2" "$EPOCHS" \
    | sed -n 's/^ref \([a-z]*\) \([a-z]*\): \([0-9.]*\) ms\/epoch (cpu \([0-9.]*\))/\1 \2 \3 \4/p'
}

for round in $(seq "$ROUNDS"); do
  for cfg in mini full; do
    ds=$([[ $cfg = mini ]] && echo mini || echo synthetic)
    ours "$cfg" "$ds" | tee -a "$tmp/all"
    ref numpy "$cfg" | tee -a "$tmp/all"
    ref torch "$cfg" | tee -a "$tmp/all"
  done
done

echo
echo "median over $ROUNDS rounds of $EPOCHS epochs (ms/epoch; CPU ms/epoch; ratios against NumPy)"
"$py" - "$tmp/all" <<'PY'
import statistics, sys
med = {}
for line in open(sys.argv[1]):
    if line.strip():
        impl, cfg, wall, cpu = line.split()
        med.setdefault((impl, cfg), []).append((float(wall), float(cpu)))
print("%-6s %-10s %10s %10s %12s %12s" % ("set", "impl", "wall", "cpu", "wall/numpy", "cpu/numpy"))
for cfg in ("mini", "full"):
    rows = {impl: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
            for (impl, c), v in med.items() if c == cfg}
    if "numpy" not in rows:
        continue
    nw, nc = rows["numpy"]
    for impl in ("theano4j", "numpy", "torch"):
        if impl in rows:
            w, c = rows[impl]
            print("%-6s %-10s %10.2f %10.2f %12.2f %12.2f" % (cfg, impl, w, c, w / nw, c / nc))
PY

echo
echo "# check: one epoch of the mini set from zero weights, tutorial (--epochs 1) vs references"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE java "${java_threads[@]}" -jar "$JAR" \
  --epochs 1 --out "$tmp/check" > "$tmp/check.log"
for impl in numpy torch; do
  "$py" "$here/logreg_ref.py" check "$impl" "$tmp/check/best_model.npz"
done
echo "# load average after: $(load_average)"
