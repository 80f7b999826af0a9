"""scikit-learn's bundled handwritten digits (1,797 x 64, 10 labels), made by none of us:
  python3 bench/byo/digits.py export DIR   -> DIR/digits.npy (uint8 0..16) and DIR/digits-meta.csv (unit_id,label)
  python3 bench/byo/digits.py sklearn      -> ARI of scikit-learn's KMeans, GaussianMixture and SpectralClustering
                                              (k = 10) on the same matrix, as JSON (Debian's python3-sklearn)
Run with /usr/bin/python3 (Debian's python3-sklearn)."""
import json
import sys

import numpy as np
from sklearn.datasets import load_digits

X, y = load_digits(return_X_y=True)

if sys.argv[1] == "export":
    out = sys.argv[2]
    np.save(f"{out}/digits.npy", X.astype(np.uint8))
    with open(f"{out}/digits-meta.csv", "w") as f:
        f.write("unit_id,label\n")
        for i, lab in enumerate(y):
            f.write(f"{i},digit{lab}\n")
else:
    from sklearn.cluster import KMeans, SpectralClustering
    from sklearn.metrics import adjusted_rand_score
    from sklearn.mixture import GaussianMixture

    res = {}
    for seed in range(3):
        res.setdefault("kmeans", []).append(adjusted_rand_score(y, KMeans(10, n_init=10, random_state=seed).fit_predict(X)))
        res.setdefault("gmm_diag", []).append(adjusted_rand_score(y, GaussianMixture(10, covariance_type="diag", random_state=seed).fit(X).predict(X)))
        res.setdefault("spectral_knn", []).append(adjusted_rand_score(y, SpectralClustering(10, affinity="nearest_neighbors", n_neighbors=15, random_state=seed).fit_predict(X)))
    print(json.dumps({k: {"mean": float(np.mean(v)), "runs": v} for k, v in res.items()}, indent=2))
