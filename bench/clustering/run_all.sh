#!/usr/bin/env bash
# Every method in its own JVM (so peak RSS is per method), then scikit-learn on the same data when installed.
# Usage: bench/clustering/run_all.sh N D K [methods] [per-method timeout seconds]
# Output: one JSON line per method on stdout (Java: method/seconds/ari/peak_heap_mb/process_peak_rss_mb;
# sklearn: sklearn_<method>/seconds/ari/peak_rss_mb). Also prints the load average, since the machine is shared.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
n=$1; d=$2; k=$3
methods=${4:-kmeans,gmm_diag,gmm_full,spectral,sec,ldmgi,tsne}
limit=${5:-900}
mvn -o -q -pl activities/clustering -am compile
dump=$(mktemp -d)
echo "{\"load_average_before\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
first=1
for m in ${methods//,/ }; do
  if [ $first = 1 ]; then export BENCH_DUMP=$dump; else unset BENCH_DUMP; fi
  first=0
  SKIP_BUILD=1 timeout "$limit" bench/clustering/run.sh "$n" "$d" "$k" "$m" 2>/dev/null | python3 -c 'import json,sys; r=json.load(sys.stdin); print(json.dumps(r["results"][0]))' \
    || echo "{\"method\":\"$m\",\"error\":\"timeout or failure after ${limit}s\"}"
done
py=${SKLEARN_PYTHON:-/usr/bin/python3}   # Debian's python3-sklearn lives under the system interpreter
if "$py" -c 'import sklearn' 2>/dev/null; then
  for m in kmeans gmm_diag gmm_full spectral; do
    case ",$methods," in *",$m,"*) ;; *) continue;; esac
    timeout "$limit" "$py" bench/clustering/sklearn_bench.py "$dump" "$k" "$m" 2>/dev/null | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["results"][0]))' \
      || echo "{\"method\":\"sklearn_$m\",\"error\":\"timeout or failure after ${limit}s\"}"
  done
fi
echo "{\"load_average_after\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
rm -rf "$dump"
