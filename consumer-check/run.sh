#!/bin/sh
# A user's project built against Theano4J from the README's coordinates (the BOM, graph,
# autodiff), with the artifacts installed into a PRIVATE local repository, never ~/.m2:
#   sh consumer-check/run.sh [PRIVATE_REPO]      (from the repository root)
# 1. installs bom, graph, autodiff (and their parents) into PRIVATE_REPO;
# 2. copies this folder to a temporary directory (so that the repository's .mvn/maven.config
#    does not apply), builds it with -Djavacpp.platform=linux-x86_64 and runs check.Main
#    (x·x and its gradient through OpenBLAS);
# 3. prints the JavaCPP native jars the consumer resolves for each platform in PLATFORMS
#    (dependency:tree: POMs only, no native jar is downloaded) and, with none given, for all;
# 4. downloads the macosx-arm64 natives (dependency:resolve) to show they exist.
# PRIVATE_REPO may be seeded with a copy of ~/.m2/repository (cp -a) to save downloads.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
repo=${1:-$(mktemp -d)/m2}
PLATFORMS=${PLATFORMS:-"linux-x86_64 linux-arm64 macosx-arm64 macosx-x86_64 windows-x86_64"}
mvnr() { mvn -B -Dmaven.repo.local="$repo" "$@"; }
(cd "$root" && mvnr -q install -pl bom,graph,autodiff -am -DskipTests -Dmaven.source.skip -Dmaven.javadoc.skip)
work=$(mktemp -d)
cp -r "$root/consumer-check/pom.xml" "$root/consumer-check/src" "$work/"
cd "$work"
mvnr -q -Djavacpp.platform=linux-x86_64 package dependency:build-classpath -Dmdep.outputFile=cp.txt
java -cp "target/classes:$(cat cp.txt)" check.Main
natives() { # ARGS...: the org.bytedeco jars of the consumer's dependency tree
  mvnr "$@" dependency:tree -Dincludes=org.bytedeco | grep -o 'org\.bytedeco:[^ ]*' | sort -u
}
for p in $PLATFORMS; do
  echo "== -Djavacpp.platform=$p"
  natives -Djavacpp.platform="$p"
done
echo "== no -Djavacpp.platform"
natives
echo "== dependency:resolve -Djavacpp.platform=macosx-arm64"
mvnr -Djavacpp.platform=macosx-arm64 dependency:resolve -DincludeGroupIds=org.bytedeco \
  | grep -o 'org\.bytedeco:[^ ]*' | sort -u
rm -rf "$work"
