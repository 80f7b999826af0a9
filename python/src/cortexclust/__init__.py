"""Read cortexclust runs into numpy/pandas; rebuild trained static models in PyTorch (``cortexclust.model``)."""

from .runs import Run, Store, open_export, open_run
from .spec import ModelSpec, read_model_json

__all__ = ["Run", "Store", "open_export", "open_run", "ModelSpec", "read_model_json", "load_model"]
__version__ = "0.1.0"


def load_model(path, params=None, **kwargs):
    """:func:`cortexclust.model.load_model` (needs PyTorch)."""
    from .model import load_model as load

    return load(path, params, **kwargs)
