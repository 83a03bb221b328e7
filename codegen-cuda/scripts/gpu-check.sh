#!/bin/sh
# The CUDA backend's check on a GPU machine, run from the bundle of build-bundle.sh:
#   tar xJf gpu-bundle.tar.xz && sh gpu-bundle/gpu-check.sh [OUTDIR]
# Needs no Java or internet there. Budget: under 8 minutes. Prints the machine's facts first,
# so a failure still leaves them; stops with CudaInfo's one sentence where CUDA is unusable.
# Each part runs under its own time limit and the next part runs whatever the last one did.
# Environment: SAMPLE (every SAMPLE-th op-table case, default 8), BENCH_EPOCHS (default 20),
# PARTS (default "tutorial tests bench").
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-${TMPDIR:-/tmp}/t4j-gpu-check}
SAMPLE=${SAMPLE:-8}
BENCH_EPOCHS=${BENCH_EPOCHS:-20}
PARTS=${PARTS:-tutorial tests bench}
mkdir -p "$out"
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:/usr/local/cuda-13.0/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
# The JVM reference's OpenBLAS picks its kernels itself (a forced core type can be 2x slower).
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
# t4j SECONDS MAIN ARGS...: runs a main class of the bundle under a time limit.
t4j() {
  limit=$1
  shift
  timeout "$limit" "$here/rt/bin/java" --enable-native-access=ALL-UNNAMED \
    -Dorg.bytedeco.javacpp.cachedir="$out/javacpp-cache" -Dtheano4j.cuda.cache="$out/kernels" \
    $JAVA_OPTS -cp "$here/lib/*" "$@"
}
has() { case " $PARTS " in *" $1 "*) return 0 ;; esac; return 1; }
echo "== machine"
(. /etc/os-release && echo "$PRETTY_NAME"); ldd --version 2>&1 | head -1
nvidia-smi --query-gpu=name,driver_version,compute_cap,memory.total --format=csv,noheader 2>&1 | head -2
echo "== CUDA backend"
t4j 30 org.theano4j.cuda.runtime.CudaInfo || exit 1
if has tutorial; then
  echo "== tutorial, mini set, JVM backend (the reference path)"
  t4j 60 org.theano4j.tutorial.mnist.LogisticSgd --out "$out/jvm" > "$out/jvm.log" 2>&1
  echo "rc=$?"; tail -4 "$out/jvm.log"
  echo "== tutorial, mini set, --device cuda (must follow the JVM run's epochs and errors)"
  t4j 150 org.theano4j.tutorial.mnist.LogisticSgd --device cuda --out "$out/cuda" > "$out/cuda.log" 2>&1
  echo "rc=$?"; tail -4 "$out/cuda.log"
  grep '^epoch' "$out/jvm.log" > "$out/jvm.epochs"
  grep '^epoch' "$out/cuda.log" > "$out/cuda.epochs"
  if [ -s "$out/jvm.epochs" ] && diff "$out/jvm.epochs" "$out/cuda.epochs"; then
    echo "early-stopping path: SAME ($(wc -l < "$out/jvm.epochs") epoch lines)"
  else
    echo "early-stopping path: DIFFERENT"
  fi
fi
if has tests; then
  echo "== op table (every ${SAMPLE}th case) and tutorial functions: cuda vs jvm"
  t4j 240 org.theano4j.cuda.GpuTests "$SAMPLE" > "$out/tests.log" 2>&1
  echo "rc=$?"; grep -E 'tests (successful|failed|found)|MethodSource|=>' "$out/tests.log" | head -30
fi
if has bench; then
  echo "== benchmark: train_model ms/epoch (median), JVM vs CUDA vs PyTorch on this GPU"
  b="--bench --bench-epochs $BENCH_EPOCHS --bench-warmup 5 --bench-warmup-seconds 2"
  for ds in mini synthetic; do
    t4j 120 org.theano4j.tutorial.mnist.LogisticSgd --dataset $ds $b --out "$out/b" 2>&1 | sed -n "s/^bench:/jvm $ds:/p"
    t4j 120 org.theano4j.tutorial.mnist.LogisticSgd --dataset $ds $b --device cuda --out "$out/b" 2>&1 | sed -n "s/^bench:/cuda $ds:/p;s/^CUDA graphs/  graphs on: &/p;/rror/p"
    t4j 120 -Dtheano4j.cuda.graphs=false org.theano4j.tutorial.mnist.LogisticSgd --dataset $ds $b --device cuda --out "$out/b" 2>&1 | sed -n "s/^bench:/cuda-nographs $ds:/p;s/^CUDA graphs/  graphs off: &/p;/rror/p"
  done
  if command -v python3 > /dev/null; then
    timeout 120 python3 "$here/torch_gpu_bench.py" --train 5000 --batch 60 --label mini --epochs "$BENCH_EPOCHS" 2>&1 | tail -5
    timeout 120 python3 "$here/torch_gpu_bench.py" --train 50000 --batch 600 --label synthetic --epochs "$BENCH_EPOCHS" 2>&1 | tail -5
  fi
fi
