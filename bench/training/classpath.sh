# Sourced by bench/training/run.sh and bench/video/run.sh (with ROOT set): compiles the training module and its
# upstream modules offline and sets CP to their classes plus the LibTorch/JavaCPP/OpenBLAS/Jackson jars from the local
# Maven repository (M2; GPU=1 takes the CUDA natives).
# A CP already set in BENCH_CP (a machine without Maven, e.g. a GPU host given prebuilt classes and jars) is used as is.
if [ -n "${BENCH_CP:-}" ]; then
  CP=$BENCH_CP
  return 0
fi
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
