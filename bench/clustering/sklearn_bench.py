"""scikit-learn on the same planted data as ClusteringBench (written with BENCH_DUMP=dir). Prints one JSON object.

Usage: python3 bench/clustering/sklearn_bench.py DIR K [methods]   methods: kmeans,gmm_diag,gmm_full,spectral, and
<method>_kgrid: that method for every k of BENCH_KS (default 10,20,30,40,50) in one process, as ClusteringBench
Settings mirror the Java runs: k-means++ with 10 restarts, GMM from k-means init (sklearn default, 1 init),
spectral on a 15-NN graph with k-means label assignment.
"""
import json, os, sys, time, resource
import numpy as np
from sklearn.cluster import KMeans, SpectralClustering
from sklearn.mixture import GaussianMixture
from sklearn.metrics import adjusted_rand_score

d, k = sys.argv[1], int(sys.argv[2])
seed = int(os.environ.get("BENCH_SEED", "1"))  # the methods' seed (same as the Java run's)
methods = (sys.argv[3] if len(sys.argv) > 3 else "kmeans,gmm_diag,gmm_full,spectral").split(",")
x, y = np.load(os.path.join(d, "x.npy")), np.load(os.path.join(d, "y.npy"))
out = []
warm = int(os.environ.get("BENCH_WARMUP", "0"))  # as the Java side: untimed runs on the first m points first
suffix = "_warm" if warm else ""


ks = [int(v) for v in os.environ.get("BENCH_KS", "10,20,30,40,50").split(",")]


def fit(m, x, seed):
    if m.endswith("_kgrid"):  # as ClusteringBench: every k of BENCH_KS in turn; the fit with k = K reported
        chosen, at_k = None, False
        for kk in ks:
            r = fit_k(m[:-len("_kgrid")], x, seed, kk)
            if not at_k:
                chosen = r
            at_k = at_k or kk == k
        return chosen
    return fit_k(m, x, seed, k)


def fit_k(m, x, seed, k):
    if m == "kmeans":
        km = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(x)
        return km.labels_, km.n_iter_
    if m in ("gmm_diag", "gmm_full"):
        g = GaussianMixture(k, covariance_type=m[4:], random_state=seed).fit(x)
        return g.predict(x), g.n_iter_
    if m == "spectral":
        return SpectralClustering(k, affinity="nearest_neighbors", n_neighbors=15, assign_labels="kmeans", random_state=seed).fit_predict(x), 0
    raise SystemExit("unknown method " + m)


for m in methods:
    for _ in range(int(os.environ.get("BENCH_WARMUP_REPS", "2")) if warm else 0):
        fit(m, x[:warm], seed)
    t0 = time.perf_counter()
    lab, iters = fit(m, x, seed)
    secs = time.perf_counter() - t0
    row = {"method": "sklearn_" + m + suffix, "seconds": round(secs, 2), "ari": round(adjusted_rand_score(y, lab), 4), "iterations": int(iters),
           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    print(json.dumps(row), file=sys.stderr)
    out.append(row)
print(json.dumps({"n": int(x.shape[0]), "d": int(x.shape[1]), "k": k, "results": out}))
