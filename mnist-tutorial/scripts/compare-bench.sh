#!/usr/bin/env bash
# Steady-state ms/epoch of train_model: Theano4J (--bench) next to the NumPy and PyTorch
# references of ../shared/bench, measured in the same run, interleaved, with CPU time.
#
#   apt-get install -y python3-torch python3-numpy libopenblas0-pthread dataset-fashion-mnist
#   mvn -q -B package -DskipTests
#   bash mnist-tutorial/scripts/compare-bench.sh [ROUNDS] [EPOCHS]
#
# Prints one line per measurement and a summary table of medians and ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
EPOCHS=${2:-20}
BENCH_DIR=${BENCH_DIR:-../shared/bench}
JAR=mnist-tutorial/target/theano4j-mnist-tutorial.jar
OUT=$(mktemp -d)
[ -f "$JAR" ] || { echo "build first: mvn -q -B package -DskipTests" >&2; exit 2; }

ours() {  # cfg dataset
  # This workplace sets OPENBLAS_CORETYPE=Haswell (for old OpenBLAS builds); OpenBLAS 0.3.31
  # detects the CPU itself, and the forced Haswell kernels are about 2x slower on AVX-512.
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE java -jar "$JAR" --dataset "$2" --bench --bench-epochs "$EPOCHS" --out "$OUT/j" \
    | sed -n 's/^bench: \([0-9.]*\) ms\/epoch median.*CPU \([0-9.]*\) ms\/epoch mean.*/\1 \2/p' \
    | sed "s/^/theano4j $1 /"
}
refs() {  # cfg
  # The references' recommended BLAS set-up (see ../shared/bench/README.md).
  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OPENBLAS_CORETYPE=Cooperlake \
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$BENCH_DIR/bench.py" steady --cfg "$1" \
    --epochs "$EPOCHS" --reps 1 --impls numpy torch_eager 2>/dev/null \
    | sed -n 's/^steady \([a-z]*\) \([a-z_]*\) rep0: \([0-9.]*\) ms\/epoch (cpu \([0-9.]*\))/\2 \1 \3 \4/p'
}

for round in $(seq "$ROUNDS"); do
  for cfg in mini full; do
    ds=$([ $cfg = mini ] && echo mini || echo fashion)
    ours $cfg $ds | tee -a "$OUT/all"
    refs $cfg | tee -a "$OUT/all"
  done
done

echo
echo "median over $ROUNDS rounds of $EPOCHS epochs (ms/epoch; CPU ms/epoch)"
python3 - "$OUT/all" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
med = {}
for impl, cfg, wall, cpu in rows:
    med.setdefault((impl, cfg), []).append((float(wall), float(cpu)))
print("%-8s %-12s %10s %10s %14s %14s" % ("set", "impl", "wall", "cpu", "wall/theano4j", "cpu/theano4j"))
for cfg in ("mini", "full"):
    ours = med.get(("theano4j", cfg))
    if not ours:
        continue
    ow = statistics.median(w for w, _ in ours); oc = statistics.median(c for _, c in ours)
    for impl in ("theano4j", "numpy", "torch_eager"):
        v = med.get((impl, cfg))
        if not v:
            continue
        w = statistics.median(x for x, _ in v); c = statistics.median(y for _, y in v)
        print("%-8s %-12s %10.2f %10.2f %14.2f %14.2f" % (cfg, impl, w, c, w / ow, c / oc))
PY
