#!/bin/sh
# Builds the bundle that travels to a GPU machine with no Java and no internet:
#   OUTDIR/rt        a jlink'ed Temurin 25 runtime (needs only glibc; the JavaCPP JNI libraries need >= 2.34)
#   OUTDIR/lib       the tutorial's jars, codegen-cuda with its JavaCPP CUDA JNI jars (cudart,
#                    NVRTC and cuBLAS bindings only), the CUDA tests (codegen-cuda and graph test
#                    classes, JUnit's launcher) and OpenBLAS's no-LAPACK binding (the JVM backend
#                    is the reference the GPU results are compared with)
#   OUTDIR/gpu-check.sh
# and OUTDIR.tar.xz beside it. Usage, from the repository root on the CPU machine:
#   sh codegen-cuda/scripts/build-bundle.sh target/gpu-bundle
# NO_OPENBLAS=1 leaves OpenBLAS out (its trimmed jar: 11.7 MiB): then only --device cuda runs there,
# and the JVM reference runs (tutorial on cpu, GpuTests) fail at their first float dot.
set -eu
out=${1:?usage: build-bundle.sh OUTDIR}
JDK=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$JDK/bin/jlink" ] || { echo "build-bundle: no jlink at $JDK/bin/jlink (set JDK25)" >&2; exit 1; }
rm -rf "$out" "$out.tar.xz"
mkdir -p "$out/lib"
lib=$(cd "$out/lib" && pwd)
# One reactor build, so the bundle holds this checkout's modules, never ~/.m2 snapshots.
# No sources/javadoc jars; the natives are linux-x86_64's (.mvn/maven.config), which the
# trimming below expects. The thin jars go to lib/ (the tutorial's self-contained jar would
# put every class on the class path twice).
mvn -q -B -o -pl mnist-tutorial,codegen-cuda -am package dependency:copy-dependencies \
  -DskipTests -Dmaven.source.skip -Dmaven.javadoc.skip -DincludeScope=test -DoutputDirectory="$lib"
version=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' pom.xml | head -1)
cp "mnist-tutorial/target/theano4j-mnist-tutorial-$version.jar" \
  "codegen-cuda/target/theano4j-codegen-cuda-$version.jar" "$lib/"
"$JDK/bin/jar" --create --file "$lib/theano4j-codegen-cuda-tests.jar" -C codegen-cuda/target/test-classes .
# Jars nothing loads there: AssertJ's proxy library (soft assertions only) and xchart's PDF/SVG
# export (the tutorial writes PNG).
rm -f "$lib"/byte-buddy-*.jar "$lib"/pdfbox-*.jar "$lib"/fontbox-*.jar "$lib"/graphics2d-*.jar \
  "$lib"/VectorGraphics2D-*.jar "$lib"/commons-logging-*.jar
# Native libraries nothing loads: of the CUDA presets only cudart (driver API), NVRTC and
# cuBLAS; of OpenBLAS only the no-LAPACK binding the JVM backend uses.
keep_only() { # JAR DIR KEEP-REGEX: deletes DIR's entries not matching KEEP-REGEX from JAR
  drop=$(unzip -Z1 "$1" | grep "^$2" | grep -v '/$' | grep -Ev "$3" || true)
  [ -z "$drop" ] || echo "$drop" | zip -q -d "$1" -@
}
keep_only "$lib"/cuda-*-linux-x86_64.jar org/bytedeco/cuda/linux-x86_64/ 'libjni(cudart|nvrtc|cublas)\.so$'
if [ "${NO_OPENBLAS:-}" = 1 ]; then
  rm -f "$lib"/openblas-*.jar
else
  keep_only "$lib"/openblas-*-linux-x86_64.jar org/bytedeco/openblas/linux-x86_64/ \
    'lib(jniopenblas_nolapack\.so|openblas\.so\.0|gfortran\.so\.5|quadmath\.so\.0|gcc_s\.so\.1)$'
fi
"$JDK/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.management,java.desktop,jdk.unsupported \
  --strip-debug --no-man-pages --no-header-files --output "$out/rt"
cp codegen-cuda/scripts/gpu-check.sh codegen-cuda/scripts/torch_gpu_bench.py "$out/"
chmod +x "$out/gpu-check.sh"
parent=$(dirname "$out")
name=$(basename "$out")
XZ_OPT=${XZ_OPT:--6} tar -cJf "$out.tar.xz" -C "$parent" "$name"
du -sh "$out/rt" "$out/lib"
ls -l "$out.tar.xz" | awk '{printf "%s: %.1f MiB\n", $NF, $5 / 1048576}'
