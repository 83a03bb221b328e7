#!/bin/sh
# Builds the bundle that travels to a GPU machine (no Java, no internet there):
# a jlink'ed Temurin 25 runtime + the tutorial's jars (codegen-cuda included) + gpu-check.sh.
# Usage, from the repository root on the CPU machine:
#   sh codegen-cuda/scripts/build-bundle.sh target/gpu-bundle && tar cJf gpu-bundle.tar.xz -C target gpu-bundle
# NOT YET RUN FOR A GPU MACHINE: drafted after ../shared/tools/gpu-probe's recipe.
set -eu
out=${1:?usage: build-bundle.sh OUTDIR}
JDK=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
rm -rf "$out" && mkdir -p "$out/lib"
mvn -q -B -o -pl mnist-tutorial -am package -DskipTests
cp mnist-tutorial/target/theano4j-mnist-tutorial-*.jar "$out/lib/"
mvn -q -B -o -pl mnist-tutorial dependency:copy-dependencies -DincludeScope=runtime \
  -DoutputDirectory="$(cd "$out/lib" && pwd)"
"$JDK/bin/jlink" --add-modules java.base,java.logging,jdk.unsupported,java.management,java.desktop,jdk.incubator.vector \
  --strip-debug --no-man-pages --no-header-files --output "$out/rt"
cp codegen-cuda/scripts/gpu-check.sh "$out/"
du -sh "$out" "$out/rt" "$out/lib"
