#!/usr/bin/env bash
# A/B of builds of the LibTorch engine on one training-bench row, alternating per round, one process each, with
# PyTorch last in every round (PY=0 skips it). Each variant is NAME=DIR, DIR holding the compiled classes of the
# training module (e.g. a copy of activities/training/target/classes from another commit); NAME=current takes this
# working tree's. JSON lines on stdout with "variant", "round" and "loadavg_before".
# Usage: VARIANTS="base=/tmp/base-classes new=current" bench/training/ab.sh [rounds=3] [steps=3] [f,n,N,readout]
# Env: THREADS (0), WARMUP (1), PY (1).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${1:-3}
STEPS=${2:-3}
IFS=, read -r F N NEU RO <<<"${3:-8,8,1000,factorised}"
THREADS=${THREADS:-0}
WARMUP=${WARMUP:-1}
cd "$ROOT"
. "$ROOT/bench/training/classpath.sh"
BENCH_CLASSES=$(mktemp -d)
trap 'rm -rf "$BENCH_CLASSES"' EXIT
javac -d "$BENCH_CLASSES" -cp "$CP" bench/training/TrainingBench.java
tag() { sed "s#}\$#, \"variant\": \"$1\", \"round\": $2, \"loadavg_before\": \"$3\"}#"; }
for round in $(seq 1 "$ROUNDS"); do
  for v in $VARIANTS; do
    name=${v%%=*}
    dir=${v#*=}
    C=$CP
    [ "$dir" = current ] || C=$(echo "$CP" | sed "s#$ROOT/activities/training/target/classes#$dir#")
    L=$(cut -d' ' -f1-3 /proc/loadavg)
    java -Xmx4g -XX:+UseSerialGC -cp "$BENCH_CLASSES:$C" TrainingBench "$F" "$N" "$NEU" "$RO" 64 "$STEPS" "$WARMUP" cpu \
      "$THREADS" | tag "$name" "$round" "$L"
  done
  if [ "${PY:-1}" = 1 ]; then
    L=$(cut -d' ' -f1-3 /proc/loadavg)
    OPENBLAS_NUM_THREADS=$([ "$THREADS" -gt 0 ] && echo "$THREADS" || nproc) \
    ${PYTHON:-/usr/bin/python3} bench/training/torch_bench.py "$F" "$N" "$NEU" "$RO" 64 "$STEPS" "$WARMUP" cpu "$THREADS" \
      | tag pytorch "$round" "$L"
  fi
done
