#!/bin/sh
# The CUDA backend's check on a GPU machine, run from the bundle of build-bundle.sh:
#   tar xJf gpu-bundle.tar.xz && sh gpu-bundle/gpu-check.sh
# Budget: under 8 minutes. Prints the machine's facts first, so a failure still leaves them.
# STATUS: DRAFT, NEVER RUN ON A GPU. Expected today: the tutorial stops with
# "not supported on CUDA yet: Dot ..." because the cuBLAS call of CudaDevice is not written.
here=$(cd "$(dirname "$0")" && pwd)
export TMPDIR=${TMPDIR:-/tmp}
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:/usr/local/cuda-13.0/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
java() {
  "$here/rt/bin/java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
    -Dorg.bytedeco.javacpp.cachedir="$TMPDIR/javacpp-cache" -Dtheano4j.cuda.cache="$TMPDIR/t4j-kernels" \
    -cp "$here/lib/*" "$@"
}
echo "== machine"; (. /etc/os-release && echo "$PRETTY_NAME"); ldd --version | head -1
nvidia-smi --query-gpu=name,driver_version,compute_cap,memory.total --format=csv,noheader
echo "== tutorial, mini set, JVM backend (reference path)"
timeout 120 java org.theano4j.tutorial.mnist.LogisticSgd --epochs 3 --out "$TMPDIR/jvm"; echo "rc=$?"
echo "== tutorial, mini set, --device cuda (must follow the JVM run's epochs and errors)"
timeout 180 java org.theano4j.tutorial.mnist.LogisticSgd --epochs 3 --device cuda --out "$TMPDIR/cuda"; echo "rc=$?"
diff "$TMPDIR/jvm"/*.csv "$TMPDIR/cuda"/*.csv && echo "early-stopping path: SAME" || echo "early-stopping path: DIFFERENT"
