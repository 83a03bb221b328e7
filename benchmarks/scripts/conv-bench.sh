#!/usr/bin/env bash
# The two convolutions of Theano's LeNet tutorial (docs/performance.md, docs/nnet.md):
# Theano4J's T.conv2d and its gradients (JMH ConvBenchmark) against PyTorch's CPU conv2d
# (conv_ref.py) on the same machine in the same run, one thread each, float32, batch 500;
# prints ms per call (median and fastest) and the ratio Theano4J / PyTorch, of wall-clock time
# and of the calling thread's CPU time (ConvBenchmark's main, time.thread_time), the latter
# for a machine shared with other work.
#
# Usage (from anywhere; build first with `mvn -q -B -pl benchmarks -am package -DskipTests`):
#   bash benchmarks/scripts/conv-bench.sh [ITERATIONS]   (default 10 JMH iterations of 2 s; twice
#                                                         as many timed calls for the rest)
# JAR=path times another build of benchmarks.jar; OUT=dir keeps the raw results;
# TORCH_PYTHON (default: the first of python3, /usr/bin/python3 that imports torch) runs the
# PyTorch reference.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="${JAR:-$root/benchmarks/target/benchmarks.jar}"
iterations="${1:-10}"
# shellcheck source=bench-common.sh
source "$here/bench-common.sh"
positive_int ITERATIONS "$iterations"
one_thread_only "$(basename "$0")" "its PyTorch reference times one thread's CPU clock"
require_jar "$jar"
tpy="$(torch_python TORCH_PYTHON)"

results_dir
header "torch.set_num_threads(1)"
echo "# torch run by: $tpy"
run_jmh ConvBenchmark 3 "$iterations"   # iterations of 2 s (ConvBenchmark's @Measurement)
java -Dtheano4j.blas.threads=1 -cp "$jar" org.theano4j.benchmarks.ConvBenchmark \
  "$((iterations * 2))" > "$tmp/results.jsonl"
"$tpy" "$here/conv_ref.py" "$((iterations * 2))" 5 >> "$tmp/results.jsonl"
(cd "$here" && "$tpy" conv_table.py "$tmp/jmh.json" "$tmp/results.jsonl")
echo "# load average after: $(load_average)"
