# Sourced by host-bench.sh and host-quickstarts.sh (from the repository root): output folder O ($OUT, default
# /tmp/out, with the log), bundle folder C (CC_DIR, default /opt/cc), elapsed seconds (el); reassembles the CUDA natives
# unpacked by unpack.sh into $C/nat (a classpath folder), checks them against the sha256 taken by make-bundle.sh, and
# points LD_LIBRARY_PATH at the host's CUDA 13 / cuDNN 9 libraries (never at a Python torch/lib, whose libtorch is
# another version).
set -u
REPO=$PWD
O=${OUT:-/tmp/out}
mkdir -p "$O"
C=${CC_DIR:-/opt/cc}
T0=$(date +%s)
el() { echo $(( $(date +%s) - T0 )); }
exec > >(tee "$O/log.txt") 2>&1
N=$C/nat/org/bytedeco/pytorch/linux-x86_64-gpu
if [ ! -f "$N/libtorch_cuda.so" ]; then
  cat $(ls "$C"/p/p?? | sort) > "$C/nat.tar"
  [ "$(sha256sum "$C/nat.tar" | cut -c1-64)" = "$(cat "$C/app/SHA")" ] || { echo "CUDA natives: sha256 mismatch (pieces missing?)"; exit 3; }
  mkdir -p "$N" && tar xf "$C/nat.tar" -C "$N" && rm -f "$C/nat.tar"
fi
LP=""
for lib in libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libcudnn.so.9 libcusparse.so.12 libcufft.so.12 libcufile.so.0 \
           libnccl.so.2 libcurand.so.10 libcupti.so.13 libcusolver.so.12 libnvJitLink.so.13 libcudnn_cnn.so.9 libcusparseLt.so.0; do
  f=$(find ${CUDA_LIB_ROOTS:-/usr/local/cuda/ /opt/ /usr/lib/ /usr/local/lib/} -name "$lib" 2>/dev/null | grep -v -e '/torch/lib/' -e "^$C/" | head -1)
  if [ -n "$f" ]; then d=$(dirname "$f"); case ":$LP:" in *":$d:"*) ;; *) LP="$LP${LP:+:}$d";; esac; else echo "missing $lib"; fi
done
export LD_LIBRARY_PATH=$LP${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
