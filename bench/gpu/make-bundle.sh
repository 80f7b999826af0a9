#!/usr/bin/env bash
# Builds what bench/gpu/host-bench.sh and bench/gpu/host-quickstarts.sh need on a GPU host that has CUDA 13 / cuDNN 9
# libraries but no JDK, no Maven and no network (as the lent H200 of 2026-11-26 was), split into transfer folders of at
# most ~60 MB each (that host took 64 MiB per call). From the repository root, on a machine with JDK 17 and Maven:
#   bench/gpu/make-bundle.sh [out=target/gpu-bundle]
# Then copy the folders t01, t02, … to the host in order and, for each, run bench/gpu/unpack.sh <folder> there; then
# bench/gpu/host-bench.sh and/or bench/gpu/host-quickstarts.sh (from a checkout of this repository, for configs/ and
# bench/training/torch_bench.py).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$(mkdir -p "${1:-$ROOT/target/gpu-bundle}" && cd "${1:-$ROOT/target/gpu-bundle}" && pwd)
M2=${M2:-$HOME/.m2/repository}
cd "$ROOT"
rm -rf "$OUT"/* && mkdir -p "$OUT/stage/app/lib" "$OUT/stage/app/cls" "$OUT/stage/app/bcls" "$OUT/stage/pieces"
# 1. the GPU build of the worker (downloads org.bytedeco:pytorch:2.10.0-1.5.13:linux-x86_64-gpu, 458 MB, once) and the
#    training test classes (GpuSmokeTest)
mvn -B -q -Pgpu -DskipTests package -pl worker -am >&2
mvn -B -q -o -pl activities/training -am test-compile >&2
# 2. two trimmed Java 17 runtimes: a small one for the benchmarks, a fuller one for the worker
jlink --add-modules java.base,java.logging,java.management,jdk.management,java.sql,jdk.unsupported,java.xml,java.naming,jdk.zipfs \
  --strip-debug --no-man-pages --no-header-files --compress=0 --output "$OUT/stage/jre0"
jlink --add-modules java.se,jdk.unsupported,jdk.httpserver,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.management,jdk.zipfs,jdk.naming.dns,jdk.net,jdk.jfr,jdk.charsets \
  --strip-debug --no-man-pages --no-header-files --compress=0 --output "$OUT/stage/jre1"
# 3. benchmark classpath: module classes, test classes, the jars of bench/training/classpath.sh, JUnit's console launcher
A=$OUT/stage/app
for m in activities/training activities/data activities/common workflows; do cp -r "$m/target/classes" "$A/cls/$(basename $m)"; done
cp -r activities/training/target/test-classes "$A/cls/training-test"
cp -r activities/common/target/test-classes "$A/cls/common-test"
for j in org/bytedeco/pytorch/2.10.0-1.5.13/pytorch-2.10.0-1.5.13.jar org/bytedeco/javacpp/1.5.13/javacpp-1.5.13.jar \
         org/bytedeco/javacpp/1.5.13/javacpp-1.5.13-linux-x86_64.jar org/bytedeco/openblas/0.3.31-1.5.13/openblas-0.3.31-1.5.13.jar \
         org/bytedeco/openblas/0.3.31-1.5.13/openblas-0.3.31-1.5.13-linux-x86_64.jar \
         com/fasterxml/jackson/core/jackson-databind/2.21.8/jackson-databind-2.21.8.jar \
         com/fasterxml/jackson/core/jackson-core/2.21.8/jackson-core-2.21.8.jar \
         com/fasterxml/jackson/core/jackson-annotations/2.21/jackson-annotations-2.21.jar; do cp "$M2/$j" "$A/lib/"; done
mvn -B -q dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.1 -DoutputDirectory="$A/lib" >&2
mv "$A/lib/junit-platform-console-standalone-1.14.1.jar" "$A/lib/junit-console.jar"
BCP=$(ls -d "$A"/cls/* | tr '\n' ':')$(ls "$A"/lib/*.jar | grep -v junit | tr '\n' ':')
javac -d "$A/bcls" -cp "$BCP" bench/training/TrainingBench.java bench/video/VideoBench.java
# 4. the worker without the CUDA natives (they travel as pieces) and without ND4J's CPU natives (the LibTorch engine
#    does not load them)
mkdir -p "$OUT/stage/w" && cp -r worker/target/cortexclust.jar worker/target/lib "$OUT/stage/w/"
rm -f "$OUT"/stage/w/lib/pytorch-*-linux-x86_64-gpu.jar "$OUT"/stage/w/lib/nd4j-native-*-linux-x86_64*.jar
# 5. the CUDA natives as one tar (sha256 to check the reassembly), in 50 MB pieces, each xz-compressed
(cd "$OUT/stage" && mkdir nat && cd nat && unzip -q "$M2/org/bytedeco/pytorch/2.10.0-1.5.13/pytorch-2.10.0-1.5.13-linux-x86_64-gpu.jar" \
  'org/bytedeco/pytorch/linux-x86_64-gpu/*.so*' && cd org/bytedeco/pytorch/linux-x86_64-gpu && tar cf "$OUT/stage/nat.tar" *)
sha256sum "$OUT/stage/nat.tar" | cut -c1-64 > "$OUT/stage/app/SHA"
(cd "$OUT/stage/pieces" && split -b 50M -d -a 2 "$OUT/stage/nat.tar" p && ls p?? | xargs -P"$(nproc)" -n1 xz -6 -T1)
tar cf "$OUT/stage/pieces/app.tar" -C "$OUT/stage" app jre0 jre1 && xz -6 -T0 "$OUT/stage/pieces/app.tar"
tar cf "$OUT/stage/pieces/w.tar" -C "$OUT/stage" w && split -b 50M -d -a 2 "$OUT/stage/pieces/w.tar" "$OUT/stage/pieces/w.tar.part" && rm "$OUT/stage/pieces/w.tar"
# 6. transfer folders of at most 60 MB, first fit in name order
python3 - "$OUT" <<'EOF'
import os, shutil, sys
out = sys.argv[1]; src = os.path.join(out, "stage", "pieces")
folders = []
for name in sorted(os.listdir(src), key=lambda n: -os.path.getsize(os.path.join(src, n))):
    size = os.path.getsize(os.path.join(src, name))
    for f in folders:
        if f[0] + size <= 60_000_000:
            f[0] += size; f[1].append(name); break
    else:
        folders.append([size, [name]])
for i, (size, names) in enumerate(folders, 1):
    d = os.path.join(out, "t%02d" % i); os.makedirs(d)
    for n in names: shutil.move(os.path.join(src, n), d)
    print("t%02d %.1f MB %s" % (i, size / 1e6, " ".join(sorted(names))))
EOF
rm -rf "$OUT/stage"
