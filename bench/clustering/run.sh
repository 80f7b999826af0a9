#!/usr/bin/env bash
# Build the clustering module (offline), compile the benchmark against its classes and run it.
# Usage: bench/clustering/run.sh N D K [methods] [separation]    e.g.  bench/clustering/run.sh 14000 64 30
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [ -z "${SKIP_BUILD:-}" ]; then mvn -o -q -pl activities/clustering -am compile; fi
cp="activities/clustering/target/classes:activities/alignment/target/classes:activities/common/target/classes"
# the OpenBLAS kernel's jars (DotKernel; -Dcortexclust.clustering.kernel=java|native in BENCH_JAVA_OPTS picks it) and
# SLF4J for its fallback warning, from the local Maven repository
m2=${M2:-$HOME/.m2/repository}
for j in org/bytedeco/javacpp/1.5.13/javacpp-1.5.13.jar org/bytedeco/javacpp/1.5.13/javacpp-1.5.13-linux-x86_64.jar \
         org/bytedeco/openblas/0.3.31-1.5.13/openblas-0.3.31-1.5.13.jar \
         org/bytedeco/openblas/0.3.31-1.5.13/openblas-0.3.31-1.5.13-linux-x86_64.jar \
         org/slf4j/slf4j-api/2.0.18/slf4j-api-2.0.18.jar; do
  cp="$cp:$m2/$j"
done
out="bench/clustering/target/classes"
mkdir -p "$out"
src="bench/clustering/src/org/cortexclust/bench/clustering/ClusteringBench.java"
cls="$out/org/cortexclust/bench/clustering/ClusteringBench.class"
# compile only when the source changed: run_all.sh times whole processes, which must not include javac
if [ ! -f "$cls" ] || [ "$src" -nt "$cls" ]; then javac -d "$out" -cp "$cp" "$src"; fi
exec java ${BENCH_JAVA_OPTS:--Xmx8g -XX:+UseParallelGC} -cp "$out:$cp" org.cortexclust.bench.clustering.ClusteringBench "$@"
