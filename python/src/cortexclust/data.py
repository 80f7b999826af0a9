"""The data stage's prepared mice (``mouse-<key>.bin``) as numpy arrays, and the single-trial correlation.

A prepared mouse file is little-endian: the 8-byte magic ``CXMOUSE1``, an int64 header length L, L bytes of UTF-8
JSON (mouse id, counts, tier codes, attributes, and per array section its dtype, byte offset and element count),
then the sections. Images are the normalised model inputs (trials, channels, height, width): the image, then one
constant plane per behaviour variable when behaviour is included; responses are normalised (trials, neurons).
"""

import json
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict

import numpy as np

MAGIC = b"CXMOUSE1"


@dataclass
class Mouse:
    mouse_id: str
    images: np.ndarray  # float32 (T, C, H, W), memory-mapped
    responses: np.ndarray  # float32 (T, N)
    tiers: np.ndarray  # str (T,): train, validation, test, final_test
    image_ids: np.ndarray  # int32 (T,), test repeats share an id
    unit_ids: np.ndarray  # int32 (N,)
    arrays: Dict[str, np.ndarray] = field(default_factory=dict)  # every section by name (behavior, gt_type, ...)
    header: dict = field(default_factory=dict)

    def trials(self, tier):
        """Indices of one tier's trials, ascending."""
        return np.flatnonzero(self.tiers == tier)


def read_mouse(path):
    """A prepared mouse file; large sections are memory-mapped, not read."""
    path = Path(path)
    with open(path, "rb") as f:
        pre = f.read(16)
        if len(pre) < 16 or pre[:8] != MAGIC:
            raise ValueError(f"{path}: not a prepared mouse file (magic {pre[:8]!r}, expected {MAGIC!r})")
        (length,) = struct.unpack("<q", pre[8:])
        header = json.loads(f.read(length).decode("utf-8"))
    trials, neurons = header["trials"], header["neurons"]
    shapes = {"images": (trials, header["channels"], header["height"], header["width"]),
              "responses": (trials, neurons), "behavior": (trials, -1), "pupil_center": (trials, -1),
              "cell_coordinates": (neurons, 3)}
    arrays = {}
    size = path.stat().st_size
    for name, s in header.get("sections", {}).items():
        dtype = np.dtype(s["dtype"])
        if s["offset"] + s["count"] * dtype.itemsize > size:
            raise ValueError(f"{path}: section {name} runs past the end of the file (truncated?)")
        a = np.memmap(path, dtype=dtype, mode="r", offset=s["offset"], shape=(s["count"],))
        arrays[name] = a.reshape(shapes[name]) if name in shapes and s["count"] else a
    names = np.array(header["tier_names"])
    tiers = names[np.frombuffer(header["tier_codes"].encode("ascii"), dtype=np.uint8) - ord("0")]
    return Mouse(header["mouse_id"], arrays["images"], arrays["responses"], tiers, arrays["image_ids"],
                 arrays["unit_ids"], arrays, header)


def single_trial_correlation(observed, predicted, eps=1e-8):
    """Per neuron, the correlation over trials of observed and predicted responses (T, N): population standard
    deviations plus ``eps`` (a constant prediction gives 0), in float64, as the engine computes rho_st."""
    y = np.asarray(observed, dtype=np.float64)
    p = np.asarray(predicted, dtype=np.float64)
    if y.shape != p.shape or y.ndim != 2:
        raise ValueError(f"observed {y.shape} and predicted {p.shape} must be the same (trials, neurons)")
    dy, dp = y - y.mean(0), p - p.mean(0)
    t = y.shape[0]
    r = (dy * dp).sum(0) / t / ((np.sqrt((dy ** 2).sum(0) / t) + eps) * (np.sqrt((dp ** 2).sum(0) / t) + eps))
    return np.where(np.isfinite(r), r, 0.0)
