#!/usr/bin/env bash
# The GEMM limit of issue 14's steps (docs/performance.md, "Where the GEMM limit lies"): every
# matrix product of the NumPy references' mlp.py and logistic-regression steps timed alone,
# µs per call, through Theano4J's OpenBLAS (GemmLimit: Blas.gemm, and the bare cblas call) and
# NumPy's (gemm_ref.py products: np.matmul(out=) and `a @ b`), float32 and float64, in the same
# run; then how much of each NumPy reference step is its products (gemm_ref.py steps) and the
# best ratio against NumPy's step that the GEMMs leave reachable. Prints the OpenBLAS version,
# build and core type each side selects (OPENBLAS_VERBOSE=2 and openblas_get_config).
#
# Usage (from anywhere; build first with `mvn -q -B -pl benchmarks -am package -DskipTests`):
#   bash benchmarks/scripts/gemm-limit.sh [SECONDS] [EPOCHS]
#     SECONDS: timed calls per product and dtype on each side (default 0.5, after a quarter as
#     much warm-up); EPOCHS: rounds of the reference steps (default 5)
# THREADS=N (default 1) sets every side's BLAS threads (bench-common.sh); OPENBLAS_CORETYPE,
# when set, makes both OpenBLAS builds use that core's kernels (printed). JAR=path times
# another build of benchmarks.jar; OUT=dir keeps the raw results; PYTHON (default python3) runs
# the NumPy side.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="${JAR:-$root/benchmarks/target/benchmarks.jar}"
seconds="${1:-0.5}"
epochs="${2:-5}"
# shellcheck source=bench-common.sh
source "$here/bench-common.sh"
[[ "$seconds" =~ ^([0-9]+\.?[0-9]*|\.[0-9]+)$ ]] && awk "BEGIN{exit !($seconds > 0 && $seconds <= 60)}" \
  || { echo "error: SECONDS must be a number of seconds in (0, 60], got '$seconds'" >&2; exit 1; }
positive_int EPOCHS "$epochs"
require_jar "$jar"
py="${PYTHON:-python3}"
"$py" -c 'import numpy' 2>/dev/null || { echo "error: $py has no numpy (set PYTHON)" >&2; exit 1; }

results_dir
header "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-(unset: detected)}"
echo "# numpy run by: $py"
OPENBLAS_VERBOSE=2 java "${java_threads[@]}" -cp "$jar" org.theano4j.benchmarks.GemmLimit \
  --seconds "$seconds" > "$tmp/java.jsonl" 2> "$tmp/java.err" \
  || { cat "$tmp/java.err" >&2; echo "error: GemmLimit failed (above)" >&2; exit 1; }
OPENBLAS_VERBOSE=2 "$py" "$here/gemm_ref.py" products "$tmp/java.jsonl" "$seconds" \
  > "$tmp/numpy.jsonl" 2> "$tmp/numpy.err" \
  || { cat "$tmp/numpy.err" >&2; echo "error: gemm_ref.py products failed (above)" >&2; exit 1; }
echo "# load average between the products and the steps: $(load_average)"
"$py" "$here/gemm_ref.py" steps "$epochs" > "$tmp/steps.jsonl"
core() { grep -o 'Core: .*' "$1" | head -1 | cut -c7- || echo '?'; }
echo "# OpenBLAS core type (OPENBLAS_VERBOSE=2): Theano4J $(core "$tmp/java.err"), NumPy $(core "$tmp/numpy.err")"
(cd "$here" && "$py" gemm_table.py "$tmp/java.jsonl" "$tmp/numpy.jsonl" "$tmp/steps.jsonl")
echo "# load average after: $(load_average)"
