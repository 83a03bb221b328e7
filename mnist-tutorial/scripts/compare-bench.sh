#!/usr/bin/env bash
# Steady-state ms/epoch of train_model: Theano4J (--bench) next to NumPy and PyTorch reference
# implementations of Theano's logistic_sgd.py, measured in the same run, interleaved, with CPU
# time. The reference scripts are not part of this repository: BENCH_DIR names the directory
# holding their bench.py (its "steady" mode prints "steady CFG IMPL repN: X ms/epoch (cpu Y)").
#
#   apt-get install -y python3-torch python3-numpy libopenblas0-pthread dataset-fashion-mnist
#   mvn -q -B package -DskipTests
#   BENCH_DIR=/path/to/reference-scripts bash mnist-tutorial/scripts/compare-bench.sh [ROUNDS] [EPOCHS]
#
# Prints one line per measurement and a summary table of medians and ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
EPOCHS=${2:-20}
: "${BENCH_DIR:?set BENCH_DIR to the directory of the reference scripts (bench.py)}"
[ -f "$BENCH_DIR/bench.py" ] || { echo "no bench.py in BENCH_DIR=$BENCH_DIR" >&2; exit 2; }
JAR=mnist-tutorial/target/theano4j-mnist-tutorial.jar
OUT=$(mktemp -d)
[ -f "$JAR" ] || { echo "build first: mvn -q -B package -DskipTests" >&2; exit 2; }

ours() {  # cfg dataset
  # OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE force OpenBLAS's kernel choice (needed only by old
  # OpenBLAS builds that do not recognise a CPU); OpenBLAS 0.3.31 detects the CPU itself, and a
  # forced older kernel set (e.g. Haswell on an AVX-512 CPU) is about 2x slower, so an
  # environment that sets them for other programs does not apply here.
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE java -jar "$JAR" --dataset "$2" --bench --bench-epochs "$EPOCHS" --out "$OUT/j" \
    | sed -n 's/^bench: \([0-9.]*\) ms\/epoch median.*CPU \([0-9.]*\) ms\/epoch mean.*/\1 \2/p' \
    | sed "s/^/theano4j $1 /"
}
refs() {  # cfg
  # The references' BLAS: Debian's OpenBLAS 0.3.21, one thread; it does not recognise recent
  # AVX-512 CPUs, so its kernel set is named (Cooperlake); adjust for your CPU.
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
