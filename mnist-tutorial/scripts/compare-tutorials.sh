#!/usr/bin/env bash
# The Mlp, DenoisingAutoencoder, ConvolutionalMlp (LeNet) and SequentialMnist (LSTM) tutorials
# next to their PyTorch references (mlp_ref.py, da_ref.py, lenet_ref.py, lstm_ref.py beside this
# script) on the embedded mini set, in the same run, one thread each:
#   1. Mlp: validation and test errors and the mean training cost per epoch, side by side;
#      fails when an error differs or a cost differs by more than MLP_COST_TOLERANCE (relative).
#   2. dA: the cost per epoch of both runs (corruption 0.0, then 0.3) side by side. Without
#      corruption every mask is all ones and the costs must agree within DA_COST_TOLERANCE;
#      with corruption 0.3 the masks come from different generators (Theano4J's Philox streams,
#      torch's generator), so the costs agree statistically only: the script prints the relative
#      differences and fails above DA_NOISE_TOLERANCE.
#   3. LeNet: as the Mlp (errors equal, costs within LENET_COST_TOLERANCE), default options.
#   4. SequentialMnist (LSTM, Adam): validation and test errors and the mean training cost per
#      epoch side by side; fails when a cost differs by more than LSTM_COST_TOLERANCE (relative;
#      float32 rounding differs between the two and Adam's normalised steps let it grow, so
#      compare the first epochs; the errors are printed, not required equal).
#   5. ms per epoch of the training steps: Theano4J's --bench against the references' "time"
#      (LeNet over LENET_BENCH_EPOCHS timed epochs, default 2; the LSTM over LSTM_BENCH_EPOCHS,
#      default 2).
#
#   mvn -q -B package -DskipTests
#   bash mnist-tutorial/scripts/compare-tutorials.sh [MLP_EPOCHS] [DA_EPOCHS] [BENCH_EPOCHS]
#                                        [LENET_EPOCHS] [LSTM_EPOCHS]   (default 5 3 5 2 2)
# PYTHON (default: the first of python3, /usr/bin/python3 that imports numpy and torch) runs the
# references; OUT=DIR keeps the logs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
MLP_EPOCHS=${1:-5}
DA_EPOCHS=${2:-3}
BENCH_EPOCHS=${3:-5}
LENET_EPOCHS=${4:-2}
LSTM_EPOCHS=${5:-2}
LENET_BENCH_EPOCHS=${LENET_BENCH_EPOCHS:-2}
LSTM_BENCH_EPOCHS=${LSTM_BENCH_EPOCHS:-2}
for v in "$MLP_EPOCHS" "$DA_EPOCHS" "$BENCH_EPOCHS" "$LENET_EPOCHS" "$LSTM_EPOCHS" "$LENET_BENCH_EPOCHS" "$LSTM_BENCH_EPOCHS"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "error: MLP_EPOCHS, DA_EPOCHS, BENCH_EPOCHS, LENET_EPOCHS, LSTM_EPOCHS, LENET_BENCH_EPOCHS and LSTM_BENCH_EPOCHS must be positive integers, got '$v'" >&2; exit 1; }
done
# shellcheck source=../../benchmarks/scripts/bench-common.sh
source "$root/benchmarks/scripts/bench-common.sh"
one_thread_only "$(basename "$0")" "the tutorials' PyTorch references set one thread"
JAR="$root/mnist-tutorial/target/theano4j-mnist-tutorial.jar"
[[ -f "$JAR" ]] || { echo "error: $JAR not found; build it with: mvn -q -B package -DskipTests" >&2; exit 1; }
py="$(torch_python PYTHON)"
results_dir
export MLP_COST_TOLERANCE="${MLP_COST_TOLERANCE:-1e-4}" DA_COST_TOLERANCE="${DA_COST_TOLERANCE:-1e-5}" \
  DA_NOISE_TOLERANCE="${DA_NOISE_TOLERANCE:-0.01}" LENET_COST_TOLERANCE="${LENET_COST_TOLERANCE:-1e-4}" \
  LSTM_COST_TOLERANCE="${LSTM_COST_TOLERANCE:-1e-3}"

header "torch.set_num_threads(1)"
echo "# references: $py (numpy $("$py" -c 'import numpy; print(numpy.__version__)'), torch $("$py" -c 'import torch; print(torch.__version__)'))"

tutorial() {  # class args...
  local cls=$1; shift
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE java -Dtheano4j.blas.threads=1 -cp "$JAR" \
    "org.theano4j.tutorial.mnist.$cls" "$@"
}

tutorial Mlp --epochs "$MLP_EPOCHS" --out "$tmp/mlp" > "$tmp/mlp.theano4j.log"
"$py" "$here/mlp_ref.py" run "$MLP_EPOCHS" > "$tmp/mlp.torch.log"
tutorial DenoisingAutoencoder --epochs "$DA_EPOCHS" --out "$tmp/da" > "$tmp/da.theano4j.log"
"$py" "$here/da_ref.py" run "$DA_EPOCHS" > "$tmp/da.torch.log"
tutorial ConvolutionalMlp --epochs "$LENET_EPOCHS" --out "$tmp/lenet" > "$tmp/lenet.theano4j.log"
"$py" "$here/lenet_ref.py" run "$LENET_EPOCHS" > "$tmp/lenet.torch.log"
tutorial SequentialMnist --epochs "$LSTM_EPOCHS" --out "$tmp/lstm" > "$tmp/lstm.theano4j.log"
"$py" "$here/lstm_ref.py" run "$LSTM_EPOCHS" > "$tmp/lstm.torch.log"

bench_line() {  # label: reads a log on stdin, prints "label wall cpu"
  sed -n 's/^bench: \([0-9.]*\) ms\/epoch median.*CPU \([0-9.]*\) ms\/epoch mean.*/'"$1"' \1 \2/p;
          s/^ref torch [a-zA-Z]*: \([0-9.]*\) ms\/epoch (cpu \([0-9.]*\))/'"$1"' \1 \2/p'
}
bench=(--bench --bench-epochs "$BENCH_EPOCHS" --bench-warmup 2 --bench-warmup-seconds 3 --out "$tmp/bench")
{
  tutorial Mlp "${bench[@]}" | bench_line "mlp theano4j"
  "$py" "$here/mlp_ref.py" time "$BENCH_EPOCHS" | bench_line "mlp torch"
  tutorial DenoisingAutoencoder "${bench[@]}" | bench_line "dA theano4j"
  "$py" "$here/da_ref.py" time "$BENCH_EPOCHS" | bench_line "dA torch"
  tutorial ConvolutionalMlp --bench --bench-epochs "$LENET_BENCH_EPOCHS" --bench-warmup 1 \
    --bench-warmup-seconds 3 --out "$tmp/bench" | bench_line "lenet theano4j"
  "$py" "$here/lenet_ref.py" time "$LENET_BENCH_EPOCHS" | bench_line "lenet torch"
  tutorial SequentialMnist --bench --bench-epochs "$LSTM_BENCH_EPOCHS" --bench-warmup 1 \
    --bench-warmup-seconds 0 --out "$tmp/bench" | bench_line "lstm theano4j"
  "$py" "$here/lstm_ref.py" time "$LSTM_BENCH_EPOCHS" | bench_line "lstm torch"
} > "$tmp/bench.txt"

"$py" - "$tmp" <<'PY'
import os, re, sys
tmp = sys.argv[1]
mlp_tol = float(os.environ["MLP_COST_TOLERANCE"])
da_tol = float(os.environ["DA_COST_TOLERANCE"])
noise_tol = float(os.environ["DA_NOISE_TOLERANCE"])
lenet_tol = float(os.environ["LENET_COST_TOLERANCE"])
lstm_tol = float(os.environ["LSTM_COST_TOLERANCE"])
failed = []

def mlp_curve(path):
    rows = {}
    for line in open(path):
        m = re.match(r"epoch (\d+), minibatch \d+/\d+, validation error ([0-9.]+) %", line)
        if m:
            rows.setdefault(int(m[1]), {})["valid"] = float(m[2])
        m = re.match(r"\s+epoch (\d+), minibatch \d+/\d+, test error of best model ([0-9.]+) %", line)
        if m:
            rows[int(m[1])]["test"] = float(m[2])
        m = re.match(r"\s+epoch (\d+), mean training cost ([0-9.]+)", line)
        if m:
            rows[int(m[1])]["cost"] = float(m[2])
    return rows

def side_by_side(name, tol, errors_equal=True):
    """Prints the two curves; a cost off by more than tol (relative), or an error that differs
    where errors_equal, fails the comparison."""
    ours, ref = mlp_curve(tmp + "/%s.theano4j.log" % name), mlp_curve(tmp + "/%s.torch.log" % name)
    print("\n%s on the mini set (errors in %%; cost = mean training cost of the epoch)" % name)
    print("%5s %10s %10s %10s %10s %12s %12s %10s" % ("epoch", "valid", "valid ref", "test",
                                                      "test ref", "cost", "cost ref", "rel diff"))
    for e in sorted(ours):
        o, r = ours[e], ref.get(e, {})
        rel = abs(o["cost"] - r.get("cost", float("nan"))) / r.get("cost", float("nan"))
        print("%5d %10.6f %10.6f %10s %10s %12.6f %12.6f %10.2e" % (
            e, o["valid"], r.get("valid", float("nan")), "%.6f" % o["test"] if "test" in o else "-",
            "%.6f" % r["test"] if "test" in r else "-", o["cost"], r.get("cost", float("nan")), rel))
        differ = o.get("valid") != r.get("valid") or o.get("test") != r.get("test")
        if (errors_equal and differ) or not rel <= tol:
            failed.append("%s epoch %d" % (name, e))

side_by_side("mlp", mlp_tol)
side_by_side("lenet", lenet_tol)

def da_curves(path):
    runs, cur = [], None
    for line in open(path):
        if line.startswith("... training with corruption"):
            cur = []
            runs.append(cur)
        m = re.match(r"Training epoch (\d+), cost ([0-9.]+)", line)
        if m:
            cur.append(float(m[2]))
    return runs

ours, ref = da_curves(tmp + "/da.theano4j.log"), da_curves(tmp + "/da.torch.log")
print("\nDenoisingAutoencoder on the mini set (cost per epoch)")
print("%10s %5s %12s %12s %10s" % ("corruption", "epoch", "cost", "cost ref", "rel diff"))
for level, o_run, r_run in zip((0.0, 0.3), ours, ref):
    for e, (o, r) in enumerate(zip(o_run, r_run)):
        rel = abs(o - r) / r
        print("%10.1f %5d %12.6f %12.6f %10.2e" % (level, e, o, r, rel))
        if not rel <= (da_tol if level == 0 else noise_tol):
            failed.append("dA corruption %.1f epoch %d" % (level, e))

# the LSTM's errors are printed, not required equal (Adam lets float32 rounding grow)
side_by_side("lstm", lstm_tol, errors_equal=False)

print("\nms per epoch of the training steps (median; CPU = process CPU time per epoch)")
rows = [line.split() for line in open(tmp + "/bench.txt") if line.strip()]
times = {(r[0], r[1]): (float(r[2]), float(r[3])) for r in rows}
print("%-5s %-9s %10s %10s %12s" % ("model", "impl", "wall", "cpu", "wall/torch"))
for model in ("mlp", "dA", "lenet", "lstm"):
    for impl in ("theano4j", "torch"):
        if (model, impl) in times:
            w, c = times[(model, impl)]
            t = times.get((model, "torch"), (float("nan"),))[0]
            print("%-5s %-9s %10.2f %10.2f %12.2f" % (model, impl, w, c, w / t))
if failed:
    sys.exit("error: the tutorials and the references disagree at: " + ", ".join(failed))
print("\n# agreement: Mlp errors equal and costs within %g; dA costs within %g without "
      "corruption, within %g with (different masks); LeNet errors equal and costs within %g; "
      "LSTM costs within %g" % (mlp_tol, da_tol, noise_tol, lenet_tol, lstm_tol))
PY
echo "# load average after: $(load_average)"
