#!/usr/bin/env bash
# Build the clustering module (offline), compile the benchmark against its classes and run it.
# Usage: bench/clustering/run.sh N D K [methods] [separation]    e.g.  bench/clustering/run.sh 14000 64 30
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [ -z "${SKIP_BUILD:-}" ]; then mvn -o -q -pl activities/clustering -am compile; fi
cp="activities/clustering/target/classes:activities/alignment/target/classes:activities/common/target/classes"
out="bench/clustering/target/classes"
mkdir -p "$out"
src="bench/clustering/src/org/cortexclust/bench/clustering/ClusteringBench.java"
cls="$out/org/cortexclust/bench/clustering/ClusteringBench.class"
# compile only when the source changed: run_all.sh times whole processes, which must not include javac
if [ ! -f "$cls" ] || [ "$src" -nt "$cls" ]; then javac -d "$out" -cp "$cp" "$src"; fi
exec java ${BENCH_JAVA_OPTS:--Xmx8g -XX:+UseParallelGC} -cp "$out:$cp" org.cortexclust.bench.clustering.ClusteringBench "$@"
