#!/bin/sh
# The CUDA backend's check on a GPU machine, run from the bundle of build-bundle.sh:
#   tar xJf gpu-bundle.tar.xz && sh gpu-bundle/gpu-check.sh [OUTDIR]
# Needs no Java or internet there. Budget: under 8 minutes. Prints the machine's facts first,
# so a failure still leaves them; stops with CudaInfo's one sentence where CUDA is unusable.
# STATUS: NEVER RUN ON A GPU (written and checked on a CPU machine: facts and the no-device stop).
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-${TMPDIR:-/tmp}/t4j-gpu-check}
mkdir -p "$out"
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:/usr/local/cuda-13.0/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
# t4j SECONDS MAIN ARGS...: runs a main class of the bundle under a time limit.
t4j() {
  limit=$1
  shift
  timeout "$limit" "$here/rt/bin/java" --enable-native-access=ALL-UNNAMED \
    -Dorg.bytedeco.javacpp.cachedir="$out/javacpp-cache" -Dtheano4j.cuda.cache="$out/kernels" \
    -cp "$here/lib/*" "$@"
}
echo "== machine"
(. /etc/os-release && echo "$PRETTY_NAME"); ldd --version 2>&1 | head -1
nvidia-smi --query-gpu=name,driver_version,compute_cap,memory.total --format=csv,noheader 2>&1 | head -2
echo "== CUDA backend"
t4j 30 org.theano4j.cuda.runtime.CudaInfo || exit 1
echo "== tutorial, mini set, JVM backend (the reference path)"
t4j 60 org.theano4j.tutorial.mnist.LogisticSgd --epochs 3 --out "$out/jvm"; echo "rc=$?"
echo "== tutorial, mini set, --device cuda (must follow the JVM run's epochs and errors)"
t4j 150 org.theano4j.tutorial.mnist.LogisticSgd --epochs 3 --device cuda --out "$out/cuda"; echo "rc=$?"
if diff "$out/jvm"/*.csv "$out/cuda"/*.csv; then echo "early-stopping path: SAME"; else echo "early-stopping path: DIFFERENT"; fi
echo "== op table (every 8th case) and tutorial functions: cuda vs jvm"
t4j 210 org.theano4j.cuda.GpuTests 8; echo "rc=$?"
