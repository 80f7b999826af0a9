#!/usr/bin/env bash
# Every method in its own JVM (so peak RSS is per method), each followed at once by scikit-learn on the same data
# when it has that method (alternating, so both see the same machine load), REPS times; then a summary per method.
# Usage: [REPS=3] [SEEDS_BY_REP=1] [WARM=2000] bench/clustering/run_all.sh N D K [methods] [per-method timeout seconds]
# WARM=m adds, after each cold Java run, a run in a fresh JVM warmed up untimed on the first m points
# (<method>_warm: JIT-compiled code, as in a long-lived worker); the cold run pays JIT compilation in its time.
# Output: one JSON line per run on stdout (Java: method/rep/seconds/ari/iterations/peak_heap_mb/process_peak_rss_mb;
# sklearn: sklearn_<method>/rep/seconds/ari/iterations/peak_rss_mb), then one summary line per method (median seconds
# of each and median of the per-rep ratios ours/sklearn), and the load average before and after (shared machine).
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
n=$1; d=$2; k=$3
methods=${4:-kmeans,gmm_diag,gmm_full,spectral,sec,ldmgi,tsne}
limit=${5:-900}
reps=${REPS:-1}
mvn -o -q -pl activities/clustering -am compile || exit 1
dump=$(mktemp -d)
rows=$(mktemp)
py=${SKLEARN_PYTHON:-/usr/bin/python3}   # Debian's python3-sklearn lives under the system interpreter
have_sklearn=0
"$py" -c 'import sklearn' 2>/dev/null && have_sklearn=1
echo "{\"load_average_before\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"reps\":$reps}"
first=1
for rep in $(seq 1 "$reps"); do
  # SEEDS_BY_REP=1: rep r runs every method (ours and scikit-learn alike) with seed r, so the medians span several
  # initialisations instead of one seed's luck; otherwise seed 1 throughout
  if [ "${SEEDS_BY_REP:-0}" = 1 ]; then export BENCH_SEED=$rep; else export BENCH_SEED=1; fi
  for m in ${methods//,/ }; do
    if [ $first = 1 ]; then export BENCH_DUMP=$dump; else unset BENCH_DUMP; fi
    first=0
    SKIP_BUILD=1 timeout "$limit" bench/clustering/run.sh "$n" "$d" "$k" "$m" 2>/dev/null \
      | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"][0]; r["rep"]=int(sys.argv[1]); print(json.dumps(r))' "$rep" \
      || echo "{\"method\":\"$m\",\"rep\":$rep,\"error\":\"timeout or failure after ${limit}s\"}"
    if [ -n "${WARM:-}" ]; then
      BENCH_WARMUP=$WARM SKIP_BUILD=1 timeout "$limit" bench/clustering/run.sh "$n" "$d" "$k" "$m" 2>/dev/null \
        | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"][0]; r["rep"]=int(sys.argv[1]); print(json.dumps(r))' "$rep" \
        || echo "{\"method\":\"${m}_warm\",\"rep\":$rep,\"error\":\"timeout or failure after ${limit}s\"}"
    fi
    case "$m" in kmeans|gmm_diag|gmm_full|spectral) ;; *) continue;; esac
    [ $have_sklearn = 1 ] || continue
    timeout "$limit" "$py" bench/clustering/sklearn_bench.py "$dump" "$k" "$m" 2>/dev/null \
      | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"][0]; r["rep"]=int(sys.argv[1]); print(json.dumps(r))' "$rep" \
      || echo "{\"method\":\"sklearn_$m\",\"rep\":$rep,\"error\":\"timeout or failure after ${limit}s\"}"
  done
done | tee "$rows"
python3 - "$rows" "$n" "$d" "$k" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
ok = [r for r in rows if "seconds" in r]
for m in dict.fromkeys(r["method"] for r in rows if not r["method"].startswith("sklearn_")):
    ours = {r["rep"]: r for r in ok if r["method"] == m}
    theirs = {r["rep"]: r for r in ok if r["method"] == "sklearn_" + m.removesuffix("_warm")}
    s = {"summary": m, "n": int(sys.argv[2]), "d": int(sys.argv[3]), "k": int(sys.argv[4]), "reps": len(ours)}
    if ours:
        s["seconds_median"] = round(statistics.median(r["seconds"] for r in ours.values()), 2)
        s["ari"] = [r["ari"] for r in ours.values()]
        s["peak_rss_mb_max"] = max(r["process_peak_rss_mb"] for r in ours.values())
    if theirs:
        s["sklearn_seconds_median"] = round(statistics.median(r["seconds"] for r in theirs.values()), 2)
        s["sklearn_ari"] = [r["ari"] for r in theirs.values()]
        s["sklearn_peak_rss_mb_max"] = max(r["peak_rss_mb"] for r in theirs.values())
        ratios = [ours[p]["seconds"] / theirs[p]["seconds"] for p in ours if p in theirs and theirs[p]["seconds"] > 0]
        if ratios:
            s["ratio_ours_over_sklearn_median"] = round(statistics.median(ratios), 3)
            s["ratios"] = [round(r, 3) for r in ratios]
    print(json.dumps(s))
EOF
echo "{\"load_average_after\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
rm -rf "$dump" "$rows"
