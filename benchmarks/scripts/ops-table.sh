#!/usr/bin/env bash
# The ops table of docs/performance.md: Theano4J (JMH OpTableBenchmark) against NumPy
# (ops_numpy.py) on the same machine in the same run, one thread each, ratios printed.
#
# Usage (from anywhere; build first with `mvn -q -B -pl benchmarks -am package -DskipTests`):
#   bash benchmarks/scripts/ops-table.sh [JMH_ITERATIONS] [NUMPY_SECONDS_PER_OP]
# Defaults: 4 measured 1-s JMH iterations after 3 warm-up ones; 1 s of NumPy calls per op.
# JAR=path times another build of benchmarks.jar; OUT=dir keeps the raw results;
# THREADS=N (default 1) runs every side with N threads (bench-common.sh: BLAS, PyTorch's
# intra-op threads, -Dtheano4j.blas.threads and -Dtheano4j.threads).
# BORROW=true compiles Theano4J's functions with borrowOutputs(true) (each call reuses its
# previous output's buffer).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="${JAR:-$root/benchmarks/target/benchmarks.jar}"   # JAR=... times another build
iters="${1:-4}"
secs="${2:-1.0}"
# shellcheck source=bench-common.sh
source "$here/bench-common.sh"
require_jar "$jar"
command -v python3 >/dev/null || { echo "error: python3 not found (needs numpy)" >&2; exit 1; }
python3 -c 'import numpy' 2>/dev/null || { echo "error: python3 has no numpy" >&2; exit 1; }

# One thread everywhere: NumPy's BLAS (bench-common.sh; ops_numpy.py sets these itself too)
# and OpenBLAS in the JVM (Theano4J's default is 1; theano4j.blas.threads is passed explicitly).
results_dir   # OUT=dir keeps the raw results (jmh.json, numpy.jsonl, jmh.log)
header
borrow="${BORROW:-false}"   # BORROW=true: functions compiled with borrowOutputs(true)
[[ "$borrow" == true || "$borrow" == false ]] \
  || { echo "error: BORROW must be true or false, got '$borrow'" >&2; exit 1; }
echo "# Theano4J outputs: $([[ $borrow == true ]] && echo 'borrowed (borrowOutputs(true): each call reuses its last output buffer)' || echo 'fresh arrays (the default)')"
# the parameter is named only when set, so that older builds without it still run
extra=()
if [[ "$borrow" == true ]]; then extra=(-p borrowOutputs=true); fi
run_jmh OpTableBenchmark 3 "$iters" "${extra[@]}"
python3 "$here/ops_numpy.py" "$secs" > "$tmp/numpy.jsonl"
python3 "$here/ops_table.py" "$tmp/jmh.json" "$tmp/numpy.jsonl"
echo "# load average after: $(load_average)"
