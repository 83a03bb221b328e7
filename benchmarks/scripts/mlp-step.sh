#!/usr/bin/env bash
# Theano's mlp.py step (issue 14, docs/performance.md): Theano4J (JMH MlpStepBenchmark) against
# NumPy and PyTorch eager on CPU (mlp_ref.py) on the same machine in the same run, one thread
# each, ms per epoch with ratios against NumPy; then checks that the three compute the same
# thing (one epoch from the same initial weights and data, max abs differences printed).
#
# Usage (from anywhere; build first with `mvn -q -B -pl benchmarks -am package -DskipTests`):
#   bash benchmarks/scripts/mlp-step.sh [EPOCHS]     (default 10 timed epochs after warm-up)
# THREADS=N (default 1) runs every side with N threads (bench-common.sh: BLAS, PyTorch's
# intra-op threads, -Dtheano4j.blas.threads and -Dtheano4j.threads).
# JAR=path times another build of benchmarks.jar; OUT=dir keeps the raw results;
# PYTHON (default python3) runs the NumPy reference; TORCH_PYTHON (default: the first of
# python3, /usr/bin/python3 that imports torch) runs the PyTorch one; PROFILE=1 also prints
# Theano4J's per-op/per-node profile of the step (MlpStep --profile).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="${JAR:-$root/benchmarks/target/benchmarks.jar}"
epochs="${1:-10}"
# shellcheck source=bench-common.sh
source "$here/bench-common.sh"
positive_int EPOCHS "$epochs"
require_jar "$jar"
py="${PYTHON:-python3}"
"$py" -c 'import numpy' 2>/dev/null || { echo "error: $py has no numpy (set PYTHON)" >&2; exit 1; }
tpy="$(torch_python TORCH_PYTHON)"

results_dir
header "torch.set_num_threads($THREADS)"
echo "# numpy run by: $py; torch run by: $tpy"
run_jmh MlpStepBenchmark 6 "$epochs"   # the JIT needs about 4 epochs (1,000 calls)
"$py" "$here/mlp_ref.py" numpy time "$epochs" > "$tmp/ref.jsonl"
"$tpy" "$here/mlp_ref.py" torch time "$epochs" >> "$tmp/ref.jsonl"
java "${java_threads[@]}" -cp "$jar" org.theano4j.benchmarks.MlpStep --out "$tmp/check/java" > /dev/null
"$py" "$here/mlp_ref.py" numpy check "$tmp/check/numpy"
"$tpy" "$here/mlp_ref.py" torch check "$tmp/check/torch"
status=0
(cd "$here" && "$py" mlp_table.py "$tmp/jmh.json" "$tmp/ref.jsonl" "$tmp/check") || status=$?
if [[ "${PROFILE:-}" == 1 ]]; then
  echo; echo "# Theano4J profile (MlpStep --epochs 5 --profile: 5 epochs of a profiled copy after 5 unprofiled ones)"
  java "${java_threads[@]}" -cp "$jar" org.theano4j.benchmarks.MlpStep --epochs 5 --profile
fi
echo "# load average after: $(load_average)"
exit "$status"
