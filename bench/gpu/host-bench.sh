#!/bin/bash
# On the GPU host, after make-bundle.sh's folders were unpacked (unpack.sh), from a checkout of this repository:
#   bench/gpu/host-bench.sh        (results under $OUT, default /tmp/out)
# GpuSmokeTest, then the training-throughput rows of bench/training (Java/LibTorch 2.10 vs the host's PyTorch on CUDA,
# alternating; round 2 in the other order), then the video rows (VideoBench throughput and an 8-epoch smoke run).
. "$(dirname "$0")/host-env.sh"
nvidia-smi -L
J="$C/jre0/bin/java -Dorg.bytedeco.javacpp.cachedir=$C/jcache ${JAVA_OPTS:-}"
CPX=$(ls -d $C/app/cls/* | tr '\n' ':')$(ls $C/app/lib/*.jar | grep -v junit | tr '\n' ':')$C/app/bcls:$C/nat
python3 -c 'import torch; print("python torch", torch.__version__, torch.cuda.get_device_name(0))'
echo "== GpuSmokeTest $(el)s"
timeout 300 $J -jar $C/app/lib/junit-console.jar execute --class-path "$CPX" \
  --select-class org.cortexclust.training.engine.libtorch.GpuSmokeTest --details=tree --disable-banner --disable-ansi-colors 2>&1 | tee "$O/smoke.txt" | tail -40
if ! grep -q '1 tests successful' "$O/smoke.txt"; then
  echo "== smoke failed: loader debug"
  timeout 120 $J -Dorg.bytedeco.javacpp.logger.debug=true -cp "$CPX" TrainingBench 8 8 1000 gaussian 64 2 1 cuda 0 2>&1 \
    | grep -v 'Failed to' | tail -40
fi
# peak GPU memory of one process: nvidia-smi sampled every 50 ms (includes the CUDA context)
mem() { nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 50 > $C/mem.txt 2>/dev/null & MP=$!; }
memend() { kill $MP 2>/dev/null; wait $MP 2>/dev/null; sort -n $C/mem.txt | tail -1; }
row() { # engine f n N readout steps warmup
  local e=$1 f=$2 n=$3 nn=$4 ro=$5 st=$6 wu=$7 out
  mem
  if [ $e = java ]; then
    out=$(timeout 120 $J -Xmx8g -XX:+UseSerialGC -cp "$CPX" TrainingBench $f $n $nn $ro 64 $st $wu cuda 0 2>>"$O/err.txt" | tail -1)
  else
    out=$(timeout 120 python3 $REPO/bench/training/torch_bench.py $f $n $nn $ro 64 $st $wu cuda 0 2>>"$O/err.txt" | tail -1)
  fi
  local pk=$(memend)
  echo "${out%\}}, \"gpu_mem_peak_mib\": ${pk:-null}, \"round\": $R, \"gpu\": \"$(nvidia-smi --query-gpu=name --format=csv,noheader | head -1)\"}" | tee -a "$O/train.jsonl"
}
CONFIGS="8,8,1000,gaussian 8,8,8000,gaussian 16,8,1000,gaussian 16,8,8000,gaussian 8,8,1000,factorised 8,8,8000,factorised 16,8,1000,factorised 16,8,8000,factorised"
for R in 1 2; do
  [ $R = 2 ] && [ $(el) -gt 230 ] && { echo "skip round 2 at $(el)s"; break; }
  echo "== training rows round $R $(el)s"
  for c in $CONFIGS; do
    IFS=, read -r F NR NEU RO <<<"$c"
    if [ $R = 1 ]; then row java $F $NR $NEU $RO 40 8; row py $F $NR $NEU $RO 40 8
    else row py $F $NR $NEU $RO 40 8; row java $F $NR $NEU $RO 40 8; fi
  done
done
echo "== video throughput (cuda) $(el)s"
timeout 120 $J -Xmx16g -XX:+UseSerialGC -Ddevice=cuda -cp "$CPX" VideoBench throughput 16 8 80 2 6 2 1 0 2>&1 | tee "$O/video.jsonl" | tail -4
echo "== video smoke (cuda, 8 epochs) $(el)s"
timeout 150 $J -Xmx16g -XX:+UseSerialGC -Ddevice=cuda -DeyeShift=2 -Dshifter=true -Dln=false -cp "$CPX" VideoBench smoke 8 4 40 8 0 2 60 40 1 2>&1 \
  | tee "$O/video-smoke.jsonl" | tail -4
echo "== done $(el)s"
