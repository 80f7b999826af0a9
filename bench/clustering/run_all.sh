#!/usr/bin/env bash
# Every method in its own JVM (so peak RSS is per method), each followed at once by scikit-learn on the same data
# when it has that method (alternating, so both see the same machine load), REPS times; then a summary per method.
# Usage: [REPS=3] [SEEDS_BY_REP=1] [WARM=N] [KERNELS=java,native] bench/clustering/run_all.sh N D K [methods] [timeout]
# KERNELS runs ours once per kernel of k-means' and GMM's products (-Dcortexclust.clustering.kernel=..., in that order,
# each cold then warm) before scikit-learn, so the kernels and scikit-learn alternate under the same load; without it
# ours runs once with the default kernel. Each Java row names the kernel that ran ("kernel").
# WARM=m adds, after each cold Java run, a run in a fresh JVM warmed up untimed (BENCH_WARMUP_REPS=2 runs) on the first
# m points (<method>_warm: JIT-compiled code and a grown heap, as in a long-lived worker; use m = N, a smaller warm-up
# leaves part of the cost in), and the same warm-up for scikit-learn (sklearn_<method>_warm); the cold run pays JIT
# compilation and heap growth in its time.
# Output: one JSON line per run on stdout (Java: method/rep/seconds/ari/iterations/peak_heap_mb/process_peak_rss_mb;
# sklearn: sklearn_<method>/rep/seconds/ari/iterations/peak_rss_mb; both: process_seconds, the whole process's wall
# time), then one summary line per method (median seconds of each and median of the per-rep ratios ours/sklearn, for
# the fit and for the whole process), and the load average before and after (shared machine).
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
n=$1; d=$2; k=$3
methods=${4:-kmeans,gmm_diag,gmm_full,spectral,sec,ldmgi,tsne}
limit=${5:-900}
reps=${REPS:-1}
kernels=${KERNELS:-default}
mvn -o -q -pl activities/clustering -am compile >&2 || exit 1
dump=$(mktemp -d)
rows=$(mktemp)
py=${SKLEARN_PYTHON:-/usr/bin/python3}   # Debian's python3-sklearn lives under the system interpreter
have_sklearn=0
"$py" -c 'import sklearn' 2>/dev/null && have_sklearn=1
echo "{\"load_average_before\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"reps\":$reps}"
# the data once, up front; every run below reads it (BENCH_LOAD), as scikit-learn does, so process_seconds (the whole
# process: start-up, imports, data load, fit, scoring) compares like with like; seconds is the fit alone
SKIP_BUILD=1 BENCH_DUMP=$dump bench/clustering/run.sh "$n" "$d" "$k" dump >/dev/null 2>&1 || { echo "could not write the data" >&2; exit 1; }
export BENCH_LOAD=$dump
# run CMD... with the rep number and the process wall time added to its JSON row (or an error row for NAME)
timed() {
  local name=$1 rep=$2; shift 2
  local t0 t1 out
  t0=$(date +%s.%N)
  out=$(timeout "$limit" "$@" 2>/dev/null)
  local rc=$?
  t1=$(date +%s.%N)
  if [ $rc = 0 ]; then
    printf '%s' "$out" | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"][0]; r["rep"]=int(sys.argv[1]); r["process_seconds"]=round(float(sys.argv[3])-float(sys.argv[2]),2); print(json.dumps(r))' "$rep" "$t0" "$t1"
  else
    echo "{\"method\":\"$name\",\"kernel\":\"${kern:-}\",\"rep\":$rep,\"error\":\"timeout or failure (exit $rc) after at most ${limit}s\"}"
  fi
}
for rep in $(seq 1 "$reps"); do
  # SEEDS_BY_REP=1: rep r runs every method (ours and scikit-learn alike) with seed r, so the medians span several
  # initialisations instead of one seed's luck; otherwise seed 1 throughout
  if [ "${SEEDS_BY_REP:-0}" = 1 ]; then export BENCH_SEED=$rep; else export BENCH_SEED=1; fi
  for m in ${methods//,/ }; do
    for kern in ${kernels//,/ }; do
      opts=${BENCH_JAVA_OPTS:--Xmx8g -XX:+UseParallelGC}
      [ "$kern" = default ] || opts="$opts -Dcortexclust.clustering.kernel=$kern"
      BENCH_JAVA_OPTS=$opts SKIP_BUILD=1 timed "$m" "$rep" bench/clustering/run.sh "$n" "$d" "$k" "$m"
      if [ -n "${WARM:-}" ]; then
        BENCH_JAVA_OPTS=$opts BENCH_WARMUP=$WARM SKIP_BUILD=1 timed "${m}_warm" "$rep" bench/clustering/run.sh "$n" "$d" "$k" "$m"
      fi
    done
    case "$m" in kmeans|gmm_diag|gmm_full|spectral|kmeans_kgrid|gmm_diag_kgrid|gmm_full_kgrid) ;; *) continue;; esac
    [ $have_sklearn = 1 ] || continue
    timed "sklearn_$m" "$rep" "$py" bench/clustering/sklearn_bench.py "$dump" "$k" "$m"
    if [ -n "${WARM:-}" ]; then
      BENCH_WARMUP=$WARM timed "sklearn_${m}_warm" "$rep" "$py" bench/clustering/sklearn_bench.py "$dump" "$k" "$m"
    fi
  done
done | tee "$rows"
python3 - "$rows" "$n" "$d" "$k" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
ok = [r for r in rows if "seconds" in r]
for m, kern in dict.fromkeys((r["method"], r.get("kernel")) for r in rows if not r["method"].startswith("sklearn_")):
    ours = {r["rep"]: r for r in ok if r["method"] == m and r.get("kernel") == kern}
    # a warm row is paired with scikit-learn after the same warm-up when that ran, else with its plain run
    theirs = {r["rep"]: r for r in ok if r["method"] == "sklearn_" + m} or \
        {r["rep"]: r for r in ok if r["method"] == "sklearn_" + m.removesuffix("_warm")}
    s = {"summary": m, "kernel": kern, "n": int(sys.argv[2]), "d": int(sys.argv[3]), "k": int(sys.argv[4]), "reps": len(ours)}
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
        # whole processes (start-up, imports, data load, fit, scoring): what a one-off command costs each side
        pr = [ours[p]["process_seconds"] / theirs[p]["process_seconds"] for p in ours
              if p in theirs and "process_seconds" in ours[p] and theirs[p].get("process_seconds", 0) > 0]
        if pr and not m.endswith("_warm"):
            s["process_seconds_median"] = round(statistics.median(ours[p]["process_seconds"] for p in ours), 2)
            s["sklearn_process_seconds_median"] = round(statistics.median(r["process_seconds"] for r in theirs.values()), 2)
            s["process_ratio_median"] = round(statistics.median(pr), 3)
    # A/B of the kernels: per-rep ratio of this kernel's seconds (and whole process) to the Java kernel's
    java = {r["rep"]: r for r in ok if r["method"] == m and r.get("kernel") == "java"}
    if kern != "java" and java and ours:
        kr = [ours[p]["seconds"] / java[p]["seconds"] for p in ours if p in java and java[p]["seconds"] > 0]
        if kr:
            s["ratio_over_java_kernel_median"] = round(statistics.median(kr), 3)
        kp = [ours[p]["process_seconds"] / java[p]["process_seconds"] for p in ours if p in java and java[p].get("process_seconds", 0) > 0]
        if kp and not m.endswith("_warm"):
            s["process_ratio_over_java_kernel_median"] = round(statistics.median(kp), 3)
    print(json.dumps(s))
EOF
echo "{\"load_average_after\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
rm -rf "$dump" "$rows"
