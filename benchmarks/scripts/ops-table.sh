#!/usr/bin/env bash
# The ops table of docs/performance.md: Theano4J (JMH OpTableBenchmark) against NumPy
# (ops_numpy.py) on the same machine in the same run, one thread each, ratios printed.
#
# Usage (from anywhere; build first with `mvn -q -B -pl benchmarks -am package -DskipTests`):
#   bash benchmarks/scripts/ops-table.sh [JMH_ITERATIONS] [NUMPY_SECONDS_PER_OP]
# Defaults: 4 measured 1-s JMH iterations after 3 warm-up ones; 1 s of NumPy calls per op.
# JAR=path times another build of benchmarks.jar; OUT=dir keeps the raw results.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="${JAR:-$root/benchmarks/target/benchmarks.jar}"   # JAR=... times another build
iters="${1:-4}"
secs="${2:-1.0}"
if [[ ! -f "$jar" ]]; then
  echo "error: $jar not found; build it with: mvn -q -B -pl benchmarks -am package -DskipTests" >&2
  exit 1
fi
command -v python3 >/dev/null || { echo "error: python3 not found (needs numpy)" >&2; exit 1; }
python3 -c 'import numpy' 2>/dev/null || { echo "error: python3 has no numpy" >&2; exit 1; }

# One thread everywhere: NumPy's BLAS (ops_numpy.py sets these itself too) and OpenBLAS in
# the JVM (Theano4J's default is 1; theano4j.blas.threads is passed explicitly).
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
if [[ -n "${OUT:-}" ]]; then   # OUT=dir keeps the raw results (jmh.json, numpy.jsonl, jmh.log)
  tmp="$OUT"; mkdir -p "$tmp"
else
  tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fi
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo "# threads: OMP_NUM_THREADS=$OMP_NUM_THREADS OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS MKL_NUM_THREADS=$MKL_NUM_THREADS, -Dtheano4j.blas.threads=1"
echo "# java: $(java -version 2>&1 | head -1)"
java -Dtheano4j.blas.threads=1 -jar "$jar" OpTableBenchmark -f 1 -wi 3 -i "$iters" \
  -rf json -rff "$tmp/jmh.json" > "$tmp/jmh.log" 2>&1 \
  || { tail -30 "$tmp/jmh.log" >&2; echo "error: the JMH run failed (log above)" >&2; exit 1; }
python3 "$here/ops_numpy.py" "$secs" > "$tmp/numpy.jsonl"
python3 "$here/ops_table.py" "$tmp/jmh.json" "$tmp/numpy.jsonl"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
