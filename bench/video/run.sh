#!/usr/bin/env bash
# Dynamic (video) model benchmarks, JSON lines on stdout (from the repository root):
#   bench/video/run.sh throughput [f=16] [n=8] [chunk=80] [batch=2] [steps=2] [warmup=1] [rounds=2] [threads=0]
#   bench/video/run.sh smoke [f=8] [n=4] [chunk=40] [epochs=12] [threads=0]
# Env: JAVA_OPTS (e.g. -Dkernels=9,5 -Dtemporal=7,3 -DspaceTime=full3d for smoke).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
mvn -o -q -pl activities/training -am compile >&2
M2=${M2:-$HOME/.m2/repository}
JV=2.21.8
CP="$ROOT/activities/training/target/classes:$ROOT/activities/data/target/classes:$ROOT/activities/common/target/classes:$ROOT/workflows/target/classes"
for j in org/bytedeco/pytorch/2.10.0-1.5.13/pytorch-2.10.0-1.5.13.jar \
         org/bytedeco/pytorch/2.10.0-1.5.13/pytorch-2.10.0-1.5.13-linux-x86_64${GPU:+-gpu}.jar \
         org/bytedeco/javacpp/1.5.13/javacpp-1.5.13.jar org/bytedeco/javacpp/1.5.13/javacpp-1.5.13-linux-x86_64.jar \
         org/bytedeco/openblas/0.3.31-1.5.13/openblas-0.3.31-1.5.13.jar \
         org/bytedeco/openblas/0.3.31-1.5.13/openblas-0.3.31-1.5.13-linux-x86_64.jar \
         com/fasterxml/jackson/core/jackson-databind/$JV/jackson-databind-$JV.jar \
         com/fasterxml/jackson/core/jackson-core/$JV/jackson-core-$JV.jar \
         com/fasterxml/jackson/core/jackson-annotations/2.21/jackson-annotations-2.21.jar; do
  CP="$CP:$M2/$j"
done
MODE=${1:-throughput}
shift || true
if [ "$MODE" = throughput ]; then
  ARGS=("${1:-16}" "${2:-8}" "${3:-80}" "${4:-2}" "${5:-2}" "${6:-1}" "${7:-2}" "${8:-0}")
else
  ARGS=("${1:-8}" "${2:-4}" "${3:-40}" "${4:-12}" "${5:-0}")
fi
echo "{\"mode\":\"$MODE\",\"loadavg\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"nproc\":$(nproc)}" >&2
exec java -Xmx8g -XX:+UseSerialGC ${JAVA_OPTS:-} -cp "$CP" bench/video/VideoBench.java "$MODE" "${ARGS[@]}"
