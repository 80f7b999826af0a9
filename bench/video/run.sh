#!/usr/bin/env bash
# Dynamic (video) model benchmarks, JSON lines on stdout (from the repository root):
#   bench/video/run.sh throughput [f=16] [n=8] [chunk=80] [batch=2] [steps=2] [warmup=1] [rounds=2] [threads=0]
#   bench/video/run.sh smoke [f=8] [n=4] [chunk=40] [epochs=12] [threads=0]
# Env: JAVA_OPTS (e.g. -Dkernels=9,5 -Dtemporal=7,3 -DspaceTime=full3d for smoke; -DeyeShift=2 moves the simulated
# receptive fields with the eye, -Dshifter=true trains the readout shifter; -Dln=false skips the LN baseline).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
. "$ROOT/bench/training/classpath.sh"
MODE=${1:-throughput}
shift || true
if [ "$MODE" = throughput ]; then
  ARGS=("${1:-16}" "${2:-8}" "${3:-80}" "${4:-2}" "${5:-2}" "${6:-1}" "${7:-2}" "${8:-0}")
else
  ARGS=("${1:-8}" "${2:-4}" "${3:-40}" "${4:-12}" "${5:-0}")
fi
echo "{\"mode\":\"$MODE\",\"loadavg\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"nproc\":$(nproc)}" >&2
exec java -Xmx8g -XX:+UseSerialGC ${JAVA_OPTS:-} -cp "$CP" bench/video/VideoBench.java "$MODE" "${ARGS[@]}"
