#!/usr/bin/env python3
"""Writes the tiny .npy fixtures that NpyTest reads (run once; outputs are committed).

Usage: python3 bench/npy-fixtures/make_fixtures.py activities/common/src/test/resources/npy
Values are deterministic (no randomness) so the Java test can state them.
"""
import os
import sys

import numpy as np
from numpy.lib import format as npf

out = sys.argv[1] if len(sys.argv) > 1 else "activities/common/src/test/resources/npy"
os.makedirs(out, exist_ok=True)


def save(name, arr, version=None):
    path = os.path.join(out, name)
    if version is None:
        np.save(path, arr, allow_pickle=arr.dtype == object)
    else:
        with open(path, "wb") as f:
            npf.write_array(f, arr, version=version)


base = (np.arange(24, dtype=np.float64) * 0.5 - 3).reshape(2, 3, 4)  # value at [i,j,k] = 0.5*(12i+4j+k) - 3
save("f4_le_c.npy", base.astype("<f4"))
save("f4_be_c.npy", base.astype(">f4"))
save("f8_le_fortran.npy", np.asfortranarray(base.astype("<f8")))
save("f8_be_fortran.npy", np.asfortranarray(base.astype(">f8")))
save("f4_le_fortran_2d.npy", np.asfortranarray(base[0].astype("<f4")))
ints = np.array([[-3, -1, 0], [1, 2, 100]])
save("i1.npy", ints.astype("i1"))
save("u1.npy", (ints + 3).astype("u1"))
save("i2_be.npy", ints.astype(">i2"))
save("i4_le.npy", ints.astype("<i4"))
save("i4_be_fortran.npy", np.asfortranarray(ints.astype(">i4")))
save("i8_le.npy", (ints * 10**10).astype("<i8"))
save("i8_be.npy", (ints * 10**10).astype(">i8"))
save("u2_le.npy", np.array([0, 1, 65535], dtype="<u2"))
save("u4_be.npy", np.array([0, 1, 4294967295], dtype=">u4"))
save("b1.npy", np.array([True, False, True, True]))
save("tiers_U.npy", np.array(["train", "validation", "test", "final_test", "train"]))  # <U10
save("unicode_be_U.npy", np.array(["µm", "ü", "", "abc"], dtype=">U3"))
save("strings_U_2d_fortran.npy", np.asfortranarray(np.array([["a", "bb"], ["ccc", "d"]])))
save("bytes_S.npy", np.array([b"ab", b"c", b""]))
save("scalar_f8.npy", np.array(3.5))
save("empty_f4.npy", np.zeros((0,), dtype="<f4"))
save("empty_2d_i4.npy", np.zeros((2, 0), dtype="<i4"))
save("responses_f4.npy", np.array([0.0, 8.1e-09, 1.5, 2.25, 1e6], dtype="<f4"))
save("v2_f4.npy", base.astype("<f4"), version=(2, 0))
save("v3_f4.npy", base.astype("<f4"), version=(3, 0))
# Things the reader must refuse with a clear error.
save("object.npy", np.array([1, "a", None], dtype=object))
save("structured.npy", np.zeros(2, dtype=[("x", "<f4"), ("y", "<i4")]))
save("f2.npy", np.array([1.0, 2.0], dtype="<f2"))
save("datetime.npy", np.array(["2020-01-01"], dtype="datetime64[D]"))
save("c8.npy", np.array([1 + 2j], dtype="<c8"))
print("wrote", len(os.listdir(out)), "fixtures to", out, "with numpy", np.__version__)
