#!/usr/bin/env bash
# Orchestration overhead per stage on the embedded default (prints JSON): bench/orchestration/run.sh [rounds=5]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
[ -n "${SKIP_BUILD:-}" ] || mvn -B -q -DskipTests package -pl worker -am
cp="worker/target/cortexclust.jar:worker/target/lib/*"
out="bench/orchestration/target/classes"
mkdir -p "$out"
javac -d "$out" -cp "$cp" bench/orchestration/OverheadBench.java
exec java ${BENCH_JAVA_OPTS:--Xmx1g} -cp "$out:$cp" org.cortexclust.worker.OverheadBench "$@"
