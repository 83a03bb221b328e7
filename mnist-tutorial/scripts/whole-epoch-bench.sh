#!/usr/bin/env bash
# The per-call overhead that the whole epoch as one call removes: ms/epoch of the logistic-
# regression tutorial's training epoch as 83 train_model calls and as one call of a scan over
# the minibatch indices, timed interleaved in one JVM (--bench --whole-epoch), one thread, on
# the mini set and on synthetic data of full Fashion-MNIST's shape (as compare-bench.sh),
# ROUNDS JVMs each. Prints one line per measurement, then medians and ranges over the rounds
# and the difference per minibatch in microseconds.
#
#   mvn -q -B package -DskipTests
#   bash mnist-tutorial/scripts/whole-epoch-bench.sh [ROUNDS] [EPOCHS]      (default 3 20)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../../benchmarks/scripts/bench-common.sh
source "$root/benchmarks/scripts/bench-common.sh"
tutorial_rounds "$@"
results_dir
header

bench() {  # set dataset: one JVM times both, interleaved (--bench --whole-epoch)
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE java "${java_threads[@]}" -jar "$JAR" \
    --dataset "$2" --bench --whole-epoch --bench-epochs "$EPOCHS" --out "$tmp/j" \
    | sed -n -e 's/^bench train_model calls: \([0-9.]*\) ms\/epoch median.*thread CPU \([0-9.]*\) ms\/epoch median.*/calls '"$1"' \1 \2/p' \
        -e 's/^bench whole-epoch scan *: \([0-9.]*\) ms\/epoch median.*thread CPU \([0-9.]*\) ms\/epoch median.*/scan '"$1"' \1 \2/p'
}

for round in $(seq "$ROUNDS"); do
  for set in mini full; do
    bench "$set" "$([[ $set = mini ]] && echo mini || echo synthetic)" | tee -a "$tmp/all"
  done
done
echo "# load average after: $(load_average)"

echo
echo "median [min-max] over $ROUNDS rounds (each the median of $EPOCHS epochs), ms/epoch: wall;"
echo "CPU of the calling thread; saved = (calls - scan) per minibatch (83 per epoch), medians"
awk '
  { w[$1" "$2] = w[$1" "$2] " " $3; c[$1" "$2] = c[$1" "$2] " " $4 }
  function med(s,   a, n, i, j, t) {
    n = split(s, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    lo = a[1]; hi = a[n]
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    printf "%-5s %-6s %24s %24s\n", "set", "epoch", "wall", "thread CPU"
    split("mini full", sets, " ")
    for (k = 1; k <= 2; k++) {
      s = sets[k]
      for (m = 1; m <= 2; m++) {
        mode = m == 1 ? "calls" : "scan"
        mw[mode] = med(w[mode" "s]); wl = lo; wh = hi
        mc[mode] = med(c[mode" "s]); cl = lo; ch = hi
        printf "%-5s %-6s %8.2f [%7.2f-%7.2f] %8.2f [%7.2f-%7.2f]\n", s, mode, mw[mode], wl, wh, mc[mode], cl, ch
      }
      printf "%-5s saved %.1f us per minibatch wall, %.1f us CPU (negative: the scan is slower)\n", s,
        (mw["calls"] - mw["scan"]) * 1000 / 83, (mc["calls"] - mc["scan"]) * 1000 / 83
    }
  }' "$tmp/all"
