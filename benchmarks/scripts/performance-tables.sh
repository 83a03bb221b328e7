#!/usr/bin/env bash
# The side-by-side tables of docs/performance.md ("Issue 14's targets, re-measured") in one
# run, one after the other, each against NumPy (and PyTorch where the script has it) measured
# in the same run: the ops table with borrowed and with fresh outputs (ops-table.sh), Theano's
# mlp.py step with its profile (mlp-step.sh), the logistic-regression tutorial's epoch
# (mnist-tutorial/scripts/compare-bench.sh) and the matrix products of the reference steps
# (gemm-limit.sh). The load average is printed between the parts: the tables are only worth
# comparing on a machine that is otherwise idle.
#
# Usage (from anywhere; builds the jars first unless NO_BUILD=1):
#   bash benchmarks/scripts/performance-tables.sh
# THREADS=N (default 1) runs every part with N threads (bench-common.sh); OUT=dir keeps each
# part's raw results in dir/<part>.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=bench-common.sh
source "$here/bench-common.sh"

if [[ "${NO_BUILD:-}" != 1 ]]; then
  (cd "$root" && mvn -q -B package -DskipTests)
fi

part() {
  local name="$1"
  shift
  echo
  echo "## $name ($(date -u '+%Y-%m-%d %H:%M:%S UTC'), load average $(load_average))"
  if [[ -n "${OUT:-}" ]]; then
    mkdir -p "$OUT/$name"
    OUT="$OUT/$name" "$@"
  else
    env -u OUT "$@"
  fi
}

part ops-borrowed env BORROW=true bash "$here/ops-table.sh" 2 0.5
part ops-fresh bash "$here/ops-table.sh" 2 0.5
part mlp-step env PROFILE=1 bash "$here/mlp-step.sh" 5
part logistic-epoch bash "$root/mnist-tutorial/scripts/compare-bench.sh" 3 20
part gemm-limit bash "$here/gemm-limit.sh"
echo
echo "# done ($(date -u '+%H:%M:%S UTC'), load average $(load_average))"
