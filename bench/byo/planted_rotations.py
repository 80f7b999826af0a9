"""An embeddings table written by numpy with f x n structure and planted rotations (test fixture for
`cortexclust cluster`): K prototypes of shape (f, n); each neuron is a prototype cyclically shifted by a random
number of rotation steps (np.roll along the last axis) plus noise.
  /usr/bin/python3 bench/byo/planted_rotations.py DIR  -> DIR/planted.npy (N, f*n) float32, DIR/planted-truth.csv"""
import sys

import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(2026)
N, F, R, K = 160, 4, 8, 4
proto = rng.normal(size=(K, F, R)).astype(np.float32)
types = rng.integers(0, K, N)
shifts = rng.integers(0, R, N)
X = np.stack([np.roll(proto[t], s, axis=1) for t, s in zip(types, shifts)])
X = X + 0.15 * rng.normal(size=X.shape).astype(np.float32)
np.save(f"{out}/planted.npy", X.reshape(N, F * R).astype(np.float32))
with open(f"{out}/planted-truth.csv", "w") as f:
    f.write("unit_id,label,shift\n")
    for i in range(N):
        f.write(f"{i},proto{types[i]},{shifts[i]}\n")
