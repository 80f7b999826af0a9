"""Steerable 2-D Hermite-Gaussian filter basis of the rotation-equivariant core (numpy, float64).

The same construction as the Java engine's ``HermiteBasis``: ``k(k+1)/2`` basis images evaluated on a ``k*u``
grid, each scaled to unit L2 norm there and summed over ``u x u`` blocks to a ``k x k`` kernel. Rotating a filter
rotates its coefficients: identity on the rotation-symmetric entries, a 2x2 rotation by ``mu * phi`` on each
(real, imaginary) pair of angular frequency ``mu``.
"""

from math import factorial

import numpy as np


def _laguerre_coefficients(mu, nu):
    return [factorial(mu + nu) * factorial(nu) * (-2.0) ** (nu - r)
            / (factorial(mu + r) * factorial(r) * factorial(nu - r)) for r in range(nu + 1)]


def basis(k, u):
    """``(images, mu, kind)``: images (nb, k*k) row-major, angular frequency and kind ('z', 'r', 'i') per image."""
    if k < 1 or u < 1:
        raise ValueError(f"kernel size and upsampling must be >= 1, got k={k}, u={u}")
    npts = k * u
    a = 2 * np.sqrt(k) * (1 - 1.0 / npts)
    xs = np.zeros(1) if npts == 1 else -a + 2 * a * np.arange(npts) / (npts - 1)
    mus, nus, kinds = [], [], []
    for m in range(k):
        if m % 2 == 0:
            mus.append(0)
            nus.append(m // 2)
            kinds.append("z")
        for f in range(2 if m % 2 == 0 else 1, m + 1, 2):
            for c in "ri":
                mus.append(f)
                nus.append((m - f) // 2)
                kinds.append(c)
    y, x = np.meshgrid(xs, xs, indexing="ij")
    r2 = y * y + x * x
    theta = np.arctan2(y, x)
    down = np.zeros((len(mus), k * k))
    for j, (mj, nj, kind) in enumerate(zip(mus, nus, kinds)):
        poly = np.zeros_like(r2)
        for c in reversed(_laguerre_coefficients(mj, nj)):
            poly = poly * r2 + c
        radial = np.exp(-r2 / 4) * np.sqrt(r2) ** mj * poly
        v = radial if kind == "z" else radial * (np.cos(mj * theta) if kind == "r" else np.sin(mj * theta))
        v = v / np.sqrt(np.sum(v * v))
        down[j] = v.reshape(k, u, k, u).sum(axis=(1, 3)).reshape(k * k)
    return down, np.array(mus), kinds


def rotation(mu, kinds, phi):
    """Coefficient rotation matrix R(phi) (nb, nb)."""
    nb = len(kinds)
    rm = np.zeros((nb, nb))
    for j, kind in enumerate(kinds):
        if kind == "z":
            rm[j, j] = 1
        elif kind == "r":
            c, s = np.cos(mu[j] * phi), np.sin(mu[j] * phi)
            rm[j, j], rm[j, j + 1], rm[j + 1, j], rm[j + 1, j + 1] = c, s, -s, c
    return rm


def rotated_synthesis(k, u, n):
    """``(n, k*k, nb)``: for rotation r of n, the map K_r = H^T R(2 pi r / n) from coefficients to the kernel."""
    images, mu, kinds = basis(k, u)
    return np.stack([images.T @ rotation(mu, kinds, 2 * np.pi * r / n) for r in range(n)])
