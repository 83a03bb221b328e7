#!/usr/bin/env bash
# LeNet's pooling layers (issue 13, docs/performance.md): Theano4J's 2x2 max pooling (JMH
# PoolBenchmark, forward and forward + backward) against PyTorch eager's max_pool2d on the
# CPU (pool_ref.py) on the same machine in the same run, one thread each; ms per call
# (JMH: average with its 99.9 % error; PyTorch: median of REPS) and the ratio Theano4J / PyTorch.
#
# Usage (build first with `mvn -q -B -pl benchmarks -am package -DskipTests`):
#   bash benchmarks/scripts/pool-bench.sh [REPS]     (default 20 PyTorch repetitions)
# JAR=path times another build of benchmarks.jar; OUT=dir keeps the raw results;
# TORCH_PYTHON (default: the first of python3, /usr/bin/python3 that imports torch) runs the
# PyTorch reference.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="${JAR:-$root/benchmarks/target/benchmarks.jar}"
reps="${1:-20}"
# shellcheck source=bench-common.sh
source "$here/bench-common.sh"
positive_int REPS "$reps"
one_thread_only "$(basename "$0")" "its PyTorch reference times one thread's CPU clock"
require_jar "$jar"
tpy="$(torch_python TORCH_PYTHON)"

results_dir
header "torch.set_num_threads(1)"
echo "# torch run by: $tpy"
run_jmh PoolBenchmark 3 5
"$tpy" "$here/pool_ref.py" "$reps" > "$tmp/ref.jsonl"
"$tpy" - "$tmp/jmh.json" "$tmp/ref.jsonl" <<'PY'
import json, sys
jmh = json.load(open(sys.argv[1]))
ref = {}
for line in open(sys.argv[2]):
    r = json.loads(line)
    ref[(r["shape"], r["benchmark"])] = r["ms"]
print("| shape | benchmark | Theano4J ms (± 99.9 % error) | PyTorch ms (median) | Theano4J / PyTorch |")
print("| --- | --- | --- | --- | --- |")
for b in jmh:
    name = b["benchmark"].rsplit(".", 1)[1]
    shape = b["params"]["shape"]
    ours = b["primaryMetric"]["score"]
    err = b["primaryMetric"]["scoreError"]
    theirs = ref[(shape, name)]
    print("| (%s) | %s | %.2f ± %.2f | %.2f | %.2f |" % (shape.replace(",", ", "), name, ours,
                                                        err, theirs, ours / theirs))
PY
echo "# load average after: $(load_average)"
