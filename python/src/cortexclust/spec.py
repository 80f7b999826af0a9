"""The engine-neutral model description of a static model's ``model.json`` (no PyTorch needed)."""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import List, Tuple

MODEL_FORMAT = "cortexclust-model/1"
VIDEO_MODEL_FORMAT = "cortexclust-video-model/1"

_CORE_TYPES = {"rotation_equivariant": "ROTATION_EQUIVARIANT", "plain": "PLAIN"}
_READOUT_TYPES = {"gaussian": "GAUSSIAN", "factorised": "FACTORISED"}


@dataclass(frozen=True)
class Param:
    name: str
    shape: Tuple[int, ...]
    trainable: bool


@dataclass(frozen=True)
class GridPredictor:
    enabled: bool = False
    hidden: int = 0
    hidden_layers: int = 0
    input_dimensions: int = 2

    def widths(self):
        return [self.input_dimensions] + [self.hidden] * self.hidden_layers + [2]


@dataclass(frozen=True)
class ModelSpec:
    """Architecture of a core + readout model, as the training stage records it in ``model.json``'s ``spec``."""

    core_type: str  # "rotation_equivariant" or "plain"
    features: int
    rotations: int
    kernel_sizes: Tuple[int, ...]
    pad_first_layer: bool
    hermite_upsampling: int
    input_channels: int
    input_height: int
    input_width: int
    bn_momentum: float
    readout_type: str  # "gaussian" or "factorised"
    mice: Tuple[Tuple[str, int], ...]  # (mouse id, neurons) in model order
    grid_predictor: GridPredictor = GridPredictor()

    @staticmethod
    def from_json(spec, where="model.json"):
        """Parse the ``spec`` object of a ``model.json``; errors name the file and the field."""

        def field(name, kind):
            if name not in spec:
                raise ValueError(f"{where}: spec has no field '{name}'")
            value = spec[name]
            if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
                raise ValueError(f"{where}: spec.{name} must be an integer, got {value!r}")
            return value

        core = field("core_type", str)
        if core not in _CORE_TYPES:
            raise ValueError(f"{where}: spec.core_type must be one of {sorted(_CORE_TYPES)}, got {core!r}")
        readout = field("readout_type", str)
        if readout not in _READOUT_TYPES:
            raise ValueError(f"{where}: spec.readout_type must be one of {sorted(_READOUT_TYPES)}, got {readout!r}")
        mice = []
        for i, m in enumerate(field("mice", list)):
            if not isinstance(m, dict) or "mouse_id" not in m or "neurons" not in m:
                raise ValueError(f"{where}: spec.mice[{i}] must have mouse_id and neurons, got {m!r}")
            mice.append((str(m["mouse_id"]), int(m["neurons"])))
        g = spec.get("grid_predictor") or {}
        grid = GridPredictor(bool(g.get("enabled", False)), int(g.get("hidden", 0)), int(g.get("hidden_layers", 0)),
                             int(g.get("input_dimensions", 2)))
        kernels = tuple(int(k) for k in field("kernel_sizes", list))
        if not kernels or any(k < 1 or k % 2 == 0 for k in kernels):
            raise ValueError(f"{where}: spec.kernel_sizes must be odd sizes, one per layer, got {list(kernels)}")
        return ModelSpec(core, field("features", int), 1 if core == "plain" else field("rotations", int), kernels,
                         bool(field("pad_first_layer", bool)), field("hermite_upsampling", int),
                         field("input_channels", int), field("input_height", int), field("input_width", int),
                         float(field("bn_momentum", float)), readout, tuple(mice), grid)

    @property
    def layers(self):
        return len(self.kernel_sizes)

    @property
    def core_channels(self):
        return self.features * self.rotations

    @property
    def core_height(self):
        return self.input_height - (0 if self.pad_first_layer else self.kernel_sizes[0] - 1)

    @property
    def core_width(self):
        return self.input_width - (0 if self.pad_first_layer else self.kernel_sizes[0] - 1)

    def layer_input_channels(self, layer):
        return self.input_channels if layer == 0 else self.core_channels

    def basis_count(self, layer):
        k = self.kernel_sizes[layer]
        return k * (k + 1) // 2

    def affine_batch_norm(self, layer):
        """All layers but the last have a learned batch-norm scale and bias."""
        return layer < self.layers - 1

    def neurons(self, mouse):
        for m, n in self.mice:
            if m == mouse:
                return n
        raise KeyError(f"no readout for mouse '{mouse}' in the model (mice: {[m for m, _ in self.mice]})")

    def parameters(self) -> List[Param]:
        """Every tensor of the model in the engine's order: core layers, then one readout per mouse."""
        ps = []
        f = self.features
        for layer, k in enumerate(self.kernel_sizes):
            p = f"core.layer{layer}"
            cin = self.layer_input_channels(layer)
            if self.core_type == "rotation_equivariant":
                ps.append(Param(p + ".coeffs", (self.basis_count(layer), cin, f), True))
            else:
                ps.append(Param(p + ".weight", (f, cin, k, k), True))
            if self.affine_batch_norm(layer):
                ps += [Param(p + ".bn.weight", (f,), True), Param(p + ".bn.bias", (f,), True)]
            ps += [Param(p + ".bn.running_mean", (f,), False), Param(p + ".bn.running_var", (f,), False)]
        for mouse, n in self.mice:
            p = f"readout.{mouse}"
            if self.readout_type == "gaussian":
                if self.grid_predictor.enabled:
                    w = self.grid_predictor.widths()
                    ps.append(Param(p + ".grid.source", (n, w[0]), False))
                    for layer in range(len(w) - 1):
                        ps += [Param(f"{p}.grid.layer{layer}.weight", (w[layer + 1], w[layer]), True),
                               Param(f"{p}.grid.layer{layer}.bias", (w[layer + 1],), True)]
                else:
                    ps.append(Param(p + ".mu", (n, 2), True))
                ps.append(Param(p + ".sigma", (n, 2, 2), True))
            else:
                ps.append(Param(p + ".mask", (n, self.core_height, self.core_width), True))
            ps += [Param(p + ".features", (n, self.core_channels), True), Param(p + ".bias", (n,), True)]
        return ps

    def architecture_hash(self):
        """SHA-256 over the architecture, computed as the Java engine computes it (a changed definition fails)."""

        def jlist(xs):
            return "[" + ", ".join(str(x) for x in xs) + "]"

        s = (f"core={_CORE_TYPES[self.core_type]};F={self.features};n={self.rotations};k={jlist(self.kernel_sizes)}"
             f";padFirst={str(self.pad_first_layer).lower()};u={self.hermite_upsampling};in={self.input_channels}"
             f"x{self.input_height}x{self.input_width};readout={_READOUT_TYPES[self.readout_type]}"
             ";act=elu;out=elu+1;bnLastAffine=false")
        g = self.grid_predictor
        if g.enabled:
            s += f";grid(d={g.input_dimensions},hidden={g.hidden}x{g.hidden_layers},act=tanh,out=tanh)"
        for p in self.parameters():
            s += ";" + p.name + jlist(p.shape) + ("" if p.trainable else " (buffer)")
        return hashlib.sha256(s.encode("utf-8")).hexdigest()


def read_model_json(path):
    """``(spec, document)`` of a static model's ``model.json``, its recorded architecture hash checked."""
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ValueError(f"{path}: not a readable model.json ({e})") from e
    found = doc.get("format")
    if found != MODEL_FORMAT:
        hint = " (a dynamic video model; the Python loader takes static models only)" \
            if found == VIDEO_MODEL_FORMAT else ""
        raise ValueError(f"{path}: expected format {MODEL_FORMAT}, found {found!r}{hint}")
    if "spec" not in doc:
        raise ValueError(f"{path}: no 'spec' object")
    spec = ModelSpec.from_json(doc["spec"], str(path))
    computed = spec.architecture_hash()
    if doc.get("architecture_hash") != computed:
        raise ValueError(f"{path}: architecture hash {doc.get('architecture_hash')} does not match its spec "
                         f"({computed}); the file was written by a model definition this loader does not know")
    return spec, doc
