# Shared by the side-by-side scripts (ops-table.sh, mlp-step.sh,
# mnist-tutorial/scripts/compare-bench.sh, whole-epoch-bench.sh); source it after setting
# `root` (the repository root). Sets the same number of threads for every side:
# THREADS (default 1) for every BLAS/OpenMP runtime, PyTorch's intra-op threads
# (torch.set_num_threads, read by the Python references from THEANO4J_BENCH_THREADS) and
# Theano4J's OpenBLAS and intra-op threads (java_threads: -Dtheano4j.blas.threads and
# -Dtheano4j.threads). NumPy's elementwise functions use one thread whatever is set.

# positive_int NAME VALUE: fails with one error line unless VALUE is a positive integer.
positive_int() {
  [[ "$2" =~ ^[1-9][0-9]*$ ]] \
    || { echo "error: $1 must be a positive integer, got '$2'" >&2; exit 1; }
}

# one_thread_only SCRIPT WHY: for the scripts that measure one thread only.
one_thread_only() {
  [[ "$THREADS" == 1 ]] \
    || { echo "error: $1 measures one thread ($2); THREADS=$THREADS is not supported" >&2; exit 1; }
}

THREADS="${THREADS:-1}"
positive_int THREADS "$THREADS"
export OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS
export THEANO4J_BENCH_THREADS=$THREADS
java_threads=(-Dtheano4j.blas.threads="$THREADS" -Dtheano4j.threads="$THREADS")

# require_jar JAR: fails with one error line when the benchmarks jar is missing.
require_jar() {
  if [[ ! -f "$1" ]]; then
    echo "error: $1 not found; build it with: mvn -q -B -pl benchmarks -am package -DskipTests" >&2
    exit 1
  fi
}

# tutorial_rounds [ROUNDS] [EPOCHS]: the tutorial benchmarks' two arguments (default 3 and
# 20; positive integers, one error line otherwise) into ROUNDS and EPOCHS, and JAR set to the
# tutorial's jar, which must exist.
tutorial_rounds() {
  ROUNDS="${1:-3}"
  EPOCHS="${2:-20}"
  positive_int ROUNDS "$ROUNDS"
  positive_int EPOCHS "$EPOCHS"
  JAR="$root/mnist-tutorial/target/theano4j-mnist-tutorial.jar"
  [[ -f "$JAR" ]] || { echo "error: $JAR not found; build it with: mvn -q -B package -DskipTests" >&2; exit 1; }
}

# results_dir: sets `tmp` to $OUT (kept) or to a temporary directory removed on exit.
results_dir() {
  if [[ -n "${OUT:-}" ]]; then
    tmp="$OUT"; mkdir -p "$tmp"
  else
    tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
  fi
}

# torch_python VAR_NAME: the python that runs the PyTorch references: $VAR_NAME when set, else
# the first of python3, /usr/bin/python3 that imports torch and numpy; fails with one error line
# when it cannot import them.
torch_python() {
  local py="${!1:-}" c
  if [[ -z "$py" ]]; then
    for c in python3 /usr/bin/python3; do
      if "$c" -c 'import torch, numpy' 2>/dev/null; then py="$c"; break; fi
    done
  fi
  [[ -n "$py" ]] && "$py" -c 'import torch, numpy' 2>/dev/null \
    || { echo "error: no python with torch and numpy found (set $1)" >&2; exit 1; }
  echo "$py"
}

load_average() {
  cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'
}

# header [MORE_THREAD_SETTINGS]: date, commit, load average, thread settings, Java version.
header() {
  echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), load average $(load_average)"
  echo "# threads: OMP_NUM_THREADS=$OMP_NUM_THREADS OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS MKL_NUM_THREADS=$MKL_NUM_THREADS, ${java_threads[*]}${1:+, $1}"
  echo "# java: $(java -version 2>&1 | head -1)"
}

# run_jmh BENCHMARK WARMUP ITERATIONS [JMH OPTIONS...]: one fork, JSON results in
# $tmp/jmh.json, log in $tmp/jmh.log (its tail printed, and the script stopped, if JMH fails).
run_jmh() {
  java "${java_threads[@]}" -jar "$jar" "$1" -f 1 -wi "$2" -i "$3" "${@:4}" \
    -rf json -rff "$tmp/jmh.json" > "$tmp/jmh.log" 2>&1 \
    || { tail -30 "$tmp/jmh.log" >&2; echo "error: the JMH run failed (log above)" >&2; exit 1; }
}
