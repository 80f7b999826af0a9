#!/bin/bash
# On the GPU host, after make-bundle.sh's folders were unpacked (unpack.sh), from a checkout of this repository:
#   bench/gpu/host-quickstarts.sh  (logs under $OUT, default /tmp/out)
# The quickstarts on CUDA (worker built with -Pgpu): the static one and the video one twice each, which must give the
# same numbers (deterministic CUDA mode), then the static one with -Dcortexclust.cuda.deterministic=false.
. "$(dirname "$0")/host-env.sh"
if [ ! -f "$C/w/cortexclust.jar" ]; then
  cat $(ls "$C"/wparts/w.tar.part* | sort) | tar xf - -C "$C"
fi
J="$C/jre1/bin/java -Xmx16g -XX:+UseParallelGC -Dorg.bytedeco.javacpp.cachedir=$C/jcache"
CP="$C/w/cortexclust.jar:$C/nat"
qs() { # name config extra-args...
  local name=$1 cfg=$2; shift 2
  echo "== $name ($cfg $*) at $(el)s"
  local t=$(date +%s)
  CORTEXCLUST_HOME=$(mktemp -d) timeout 150 $J $JX -cp "$CP" org.cortexclust.worker.cli.Main run "$cfg" "$@" > "$O/$name.txt" 2>&1
  echo "rc=$? wall=$(( $(date +%s) - t ))s"
  grep -E '\[(training|dec)\] done|rror|xception' "$O/$name.txt" | grep -v '^\s*at ' | cut -c1-330 | head -12
}
nvidia-smi -L
JX=""
qs qs-det1 configs/quickstart.yaml --set training.device=cuda
qs qs-det2 configs/quickstart.yaml --set training.device=cuda
qs qsv-det1 configs/quickstart-video.yaml --set training.device=cuda
qs qsv-det2 configs/quickstart-video.yaml --set training.device=cuda
JX="-Dcortexclust.cuda.deterministic=false"
[ $(el) -lt 120 ] && qs qs-nondet configs/quickstart.yaml --set training.device=cuda
echo "== done $(el)s"
