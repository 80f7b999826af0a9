#!/usr/bin/env bash
# Training throughput benchmark: Java/LibTorch 2.10 (this repo) vs PyTorch (python3-torch, CPU) on the same model,
# alternating engine by engine for every configuration, one process per measurement (peak RSS = VmHWM / maxrss).
# Usage: bench/training/run.sh [rounds=2] [steps=6]   (from the repository root; JSON lines on stdout)
# Env: THREADS (0 = all cores), WARMUP (2), CONFIGS="f,n,N,readout ..." to override the row list; PY=0 to skip PyTorch; DEVICE=cuda for the GPU rows;
#      DL4J=1 adds the DL4J/ND4J SameDiff engine, run right after the LibTorch row of the same configuration
#      (ratio = dl4j median_step_s / libtorch median_step_s of the same round and configuration);
#      MKLDNN_AB=1 adds a LibTorch row with oneDNN on (-Dcortexclust.libtorch.mkldnn=true, off by default: docs/operations.md),
#      run right before the default row of the same configuration (each row says "mkldnn": true/false).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${1:-2}
STEPS=${2:-6}
DEVICE=${DEVICE:-cpu}
THREADS=${THREADS:-0}   # 0 = all cores; on a machine busy with other work 1 is steadier
WARMUP=${WARMUP:-2}
cd "$ROOT"
. "$ROOT/bench/training/classpath.sh"
DL4J_CP=""
if [ "${DL4J:-0}" = 1 ]; then
  # the training module's full runtime classpath (ND4J and its dependencies)
  # (test-compile in the reactor so the common module's test-jar resolves; the training module is built last, so its
  # classpath is what stays in the file)
  mvn -o -q -pl activities/training -am test-compile dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$ROOT/activities/training/target/bench-classpath.txt" >&2
  DL4J_CP=$(cat "$ROOT/activities/training/target/bench-classpath.txt")
fi
# compile the harness once: the source launcher would run javac inside every measured JVM (time and peak RSS)
BENCH_CLASSES=$(mktemp -d)
trap 'rm -rf "$BENCH_CLASSES"' EXIT
javac -d "$BENCH_CLASSES" -cp "$CP${DL4J_CP:+:$DL4J_CP}" bench/training/TrainingBench.java
CONFIGS=${CONFIGS:-"8,8,1000,gaussian 8,8,8000,gaussian 16,8,1000,gaussian 16,8,8000,gaussian 8,8,1000,factorised 8,8,8000,factorised 16,8,1000,factorised 16,8,8000,factorised"}
# every row gets the round and the 1/5/15-minute load averages read just before its process started
tag() { sed "s#}\$#, \"round\": $1, \"loadavg_before\": \"$2\"}#"; }
for round in $(seq 1 "$ROUNDS"); do
  for c in $CONFIGS; do
    IFS=, read -r F N NEU RO <<<"$c"
    echo "{\"round\":$round,\"uptime\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}" >&2
    if [ "${MKLDNN_AB:-0}" = 1 ]; then
      L=$(cut -d' ' -f1-3 /proc/loadavg)
      java -Xmx4g -XX:+UseSerialGC -Dcortexclust.libtorch.mkldnn=true -cp "$BENCH_CLASSES:$CP" TrainingBench "$F" "$N" "$NEU" "$RO" 64 "$STEPS" "$WARMUP" "$DEVICE" "$THREADS" | tag "$round" "$L"
    fi
    L=$(cut -d' ' -f1-3 /proc/loadavg)
    java -Xmx4g -XX:+UseSerialGC -cp "$BENCH_CLASSES:$CP" TrainingBench "$F" "$N" "$NEU" "$RO" 64 "$STEPS" "$WARMUP" "$DEVICE" "$THREADS" | tag "$round" "$L"
    if [ "${DL4J:-0}" = 1 ]; then
      L=$(cut -d' ' -f1-3 /proc/loadavg)
      java -Xmx4g -XX:+UseSerialGC -Dorg.bytedeco.javacpp.maxbytes=12g -Dorg.bytedeco.javacpp.maxphysicalbytes=14g -cp "$BENCH_CLASSES:$CP:$DL4J_CP" TrainingBench "$F" "$N" "$NEU" "$RO" 64 "$STEPS" "$WARMUP" cpu "$THREADS" 13,5,5,5 dl4j | tag "$round" "$L"
    fi
    if [ "${PY:-1}" = 1 ]; then
      L=$(cut -d' ' -f1-3 /proc/loadavg)
      # PyTorch's OpenBLAS gets THREADS, or all cores: the Java engine's thread budget for its large products (it runs
      # OpenBLAS on one thread elsewhere, TorchRuntime.parallelBlas; Debian's OpenBLAS yields while idle, so its idle
      # workers cost PyTorch little)
      OPENBLAS_NUM_THREADS=$([ "$THREADS" -gt 0 ] && echo "$THREADS" || nproc) \
      ${PYTHON:-/usr/bin/python3} bench/training/torch_bench.py "$F" "$N" "$NEU" "$RO" 64 "$STEPS" "$WARMUP" "$DEVICE" "$THREADS" | tag "$round" "$L"
    fi
  done
done
