#!/usr/bin/env bash
# Artifact store benchmark (prints JSON): bench/store/run.sh [MB=200] [rounds=3] [manifests=200]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
[ -n "${SKIP_BUILD:-}" ] || mvn -B -q -DskipTests package -pl worker -am
cp="worker/target/cortexclust.jar:worker/target/lib/*"
out="bench/store/target/classes"
mkdir -p "$out"
javac -d "$out" -cp "$cp" bench/store/StoreBench.java
exec java ${BENCH_JAVA_OPTS:--Xmx4g} -cp "$out:$cp" org.cortexclust.bench.store.StoreBench "$@"
