"""A trained static cortexclust model rebuilt in PyTorch from its files (``model.json`` + ``params.npz``).

The module computes what the Java engine computes: per core layer a convolution (rotation-equivariant layers build
their n rotated kernels from Hermite coefficients), batch norm over the features shared by all rotations, ELU; then
per mouse a Gaussian readout (bilinear sample at a learned or grid-predicted location, weighted sum over channels)
or a factorised one (normalised positive spatial mask times feature weights); rates are ELU(y) + 1. The state
dict's keys are the tensor names of ``params.npz``. In ``eval()`` mode (the default after loading) it uses the
batch-norm running statistics and the Gaussian readout's mean locations, as the engine does when it predicts.
"""

from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from . import hermite
from .spec import read_model_json

BN_EPS = 1e-5


class CoreLayer(nn.Module):
    def __init__(self, spec, layer, dtype):
        super().__init__()
        k = spec.kernel_sizes[layer]
        cin = spec.layer_input_channels(layer)
        f = spec.features
        self.kernel, self.cin, self.features, self.rotations = k, cin, f, spec.rotations
        self.padding = 0 if layer == 0 and not spec.pad_first_layer else k // 2
        self.momentum = spec.bn_momentum
        self.equivariant = spec.core_type == "rotation_equivariant"
        if self.equivariant:
            self.coeffs = nn.Parameter(torch.zeros(spec.basis_count(layer), cin, f, dtype=dtype))
            synthesis = hermite.rotated_synthesis(k, spec.hermite_upsampling, spec.rotations)
            self.register_buffer("synthesis", torch.from_numpy(synthesis).to(dtype), persistent=False)
            if layer > 0:  # rotation r of a hidden layer sees the input rotation groups rolled by r
                n = spec.rotations
                roll = [r * cin + (j - r * f) % cin for r in range(n) for j in range(cin)]
                self.register_buffer("roll", torch.tensor(roll, dtype=torch.long), persistent=False)
            else:
                self.roll = None
        else:
            self.weight = nn.Parameter(torch.zeros(f, cin, k, k, dtype=dtype))
        self.bn = BatchNorm(f, spec.affine_batch_norm(layer), dtype)

    def kernels(self):
        """Convolution weight (n*F, C_in, k, k), output channels rotation-major (r*F + f)."""
        if not self.equivariant:
            return self.weight
        n, k, cin, f = self.rotations, self.kernel, self.cin, self.features
        c = self.coeffs.reshape(-1, cin * f)
        w = torch.matmul(self.synthesis, c).reshape(n, k, k, cin, f).permute(0, 4, 3, 1, 2)  # (n, f, cin, k, k)
        if self.roll is not None:
            w = (w.permute(0, 2, 1, 3, 4).reshape(n * cin, f * k * k).index_select(0, self.roll)
                 .reshape(n, cin, f, k, k).permute(0, 2, 1, 3, 4))
        return w.reshape(n * f, cin, k, k)

    def forward(self, x):
        y = F.conv2d(x, self.kernels(), padding=self.padding)
        b, c, h, w = y.shape
        z = self.bn(y.permute(0, 2, 3, 1).reshape(-1, self.features), self.training, self.momentum)
        return F.elu(z).reshape(b, h, w, c).permute(0, 3, 1, 2)


class BatchNorm(nn.Module):
    """Batch norm of (rows, F) with buffers named as the engine names them (no ``num_batches_tracked``)."""

    def __init__(self, features, affine, dtype):
        super().__init__()
        if affine:
            self.weight = nn.Parameter(torch.ones(features, dtype=dtype))
            self.bias = nn.Parameter(torch.zeros(features, dtype=dtype))
        else:
            self.weight = self.bias = None
        self.register_buffer("running_mean", torch.zeros(features, dtype=dtype))
        self.register_buffer("running_var", torch.ones(features, dtype=dtype))

    def forward(self, z, training, momentum):
        return F.batch_norm(z, self.running_mean, self.running_var, self.weight, self.bias, training, momentum, BN_EPS)


class Core(nn.Module):
    def __init__(self, spec, dtype):
        super().__init__()
        for layer in range(spec.layers):
            self.add_module(f"layer{layer}", CoreLayer(spec, layer, dtype))

    def forward(self, x):
        for layer in self.children():
            x = layer(x)
        return x


class GridPredictor(nn.Module):
    """Locations tanh(MLP(source)) from the neurons' normalised cortical coordinates (``source``)."""

    def __init__(self, neurons, widths, dtype):
        super().__init__()
        self.register_buffer("source", torch.zeros(neurons, widths[0], dtype=dtype))
        for layer in range(len(widths) - 1):
            self.add_module(f"layer{layer}", nn.Linear(widths[layer], widths[layer + 1], dtype=dtype))

    def forward(self):
        h = self.source
        for layer in self.children():
            h = torch.tanh(layer(h))
        return h


class GaussianReadout(nn.Module):
    def __init__(self, spec, neurons, dtype):
        super().__init__()
        if spec.grid_predictor.enabled:
            self.grid = GridPredictor(neurons, spec.grid_predictor.widths(), dtype)
        else:
            self.grid = None
            self.mu = nn.Parameter(torch.zeros(neurons, 2, dtype=dtype))
        self.sigma = nn.Parameter(torch.zeros(neurons, 2, 2, dtype=dtype))
        self.features = nn.Parameter(torch.zeros(neurons, spec.core_channels, dtype=dtype))
        self.bias = nn.Parameter(torch.zeros(neurons, dtype=dtype))

    def locations(self):
        """Mean locations (N, 2) as (x, y) in [-1, 1]; learned means are clamped there in place, as in the engine."""
        if self.grid is not None:
            return self.grid()
        with torch.no_grad():
            self.mu.clamp_(-1, 1)
        return self.mu

    def forward(self, a):
        b, c = a.shape[:2]
        mu = self.locations()
        n = mu.shape[0]
        if self.training:  # one location per image and neuron: clamp(mu + Sigma eps, -1, 1)
            eps = torch.randn(b, n, 2, dtype=a.dtype, device=a.device)
            pos = torch.clamp(mu.unsqueeze(0) + (eps.unsqueeze(2) * self.sigma.unsqueeze(0)).sum(3), -1, 1)
        else:
            pos = mu.unsqueeze(0).expand(b, n, 2)
        sampled = F.grid_sample(a, pos.reshape(b, n, 1, 2), mode="bilinear", padding_mode="zeros",
                                align_corners=True).reshape(b, c, n)
        return (sampled * self.features.t().unsqueeze(0)).sum(1) + self.bias


class FactorisedReadout(nn.Module):
    def __init__(self, spec, neurons, dtype):
        super().__init__()
        self.mask = nn.Parameter(torch.zeros(neurons, spec.core_height, spec.core_width, dtype=dtype))
        self.features = nn.Parameter(torch.zeros(neurons, spec.core_channels, dtype=dtype))
        self.bias = nn.Parameter(torch.zeros(neurons, dtype=dtype))

    def normalised_mask(self):
        """|m_i / (||m_i||_2 + 1e-6)| as (N, H*W)."""
        flat = self.mask.reshape(self.mask.shape[0], -1)
        return (flat / (flat.pow(2).sum(1, keepdim=True).sqrt() + 1e-6)).abs()

    def forward(self, a):
        s = torch.einsum("np,bcp->bnc", self.normalised_mask(), a.flatten(2))
        return (s * self.features.unsqueeze(0)).sum(2) + self.bias


class CortexModel(nn.Module):
    """Core + one readout per mouse; ``forward(images, mouse)`` gives firing rates (B, N)."""

    def __init__(self, spec, dtype=torch.float32):
        super().__init__()
        self.spec = spec
        self.core = Core(spec, dtype)
        readout = GaussianReadout if spec.readout_type == "gaussian" else FactorisedReadout
        bad = [m for m, _ in spec.mice if "." in m or not m]
        if bad:
            raise ValueError(f"mouse ids {bad} cannot name a PyTorch module (no '.' allowed)")
        self.readout = nn.ModuleDict({m: readout(spec, n, dtype) for m, n in spec.mice})

    @property
    def mice(self):
        return [m for m, _ in self.spec.mice]

    def _mouse(self, mouse):
        if mouse is None:
            if len(self.spec.mice) != 1:
                raise ValueError(f"the model has {len(self.spec.mice)} mice {self.mice}; name one")
            return self.spec.mice[0][0]
        if mouse not in self.readout:
            raise KeyError(f"no readout for mouse '{mouse}' in the model (mice: {self.mice})")
        return mouse

    def forward(self, images, mouse=None):
        s = self.spec
        expected = (s.input_channels, s.input_height, s.input_width)
        if images.dim() != 4 or tuple(images.shape[1:]) != expected:
            raise ValueError(f"images must be (batch, {', '.join(map(str, expected))}) (channels: image, then "
                             f"behaviour planes), got {tuple(images.shape)}")
        return F.elu(self.readout[self._mouse(mouse)](self.core(images))) + 1

    @torch.no_grad()
    def predict(self, images, mouse=None, batch_size=256):
        """Rates (B, N) as a float32 numpy array for images (B, C, H, W) (numpy or tensor), in eval mode."""
        was = self.training
        self.eval()
        try:
            param = next(self.parameters())
            x = torch.as_tensor(np.asarray(images) if not torch.is_tensor(images) else images)
            out = [self(x[i:i + batch_size].to(param.device, param.dtype), mouse).float().cpu().numpy()
                   for i in range(0, len(x), batch_size)]
            return np.concatenate(out) if out else np.zeros((0, self.spec.neurons(self._mouse(mouse))), np.float32)
        finally:
            self.train(was)


def load_model(path, params=None, dtype=torch.float32, device="cpu"):
    """Rebuild a trained static model from ``model.json`` and ``params.npz``.

    ``path``: a folder holding both (an export's ``training`` or ``dec`` folder) or the ``model.json`` itself;
    ``params``: the ``params.npz`` when it is not beside it. Returns a :class:`CortexModel` in eval mode.
    """
    path = Path(path)
    model_json = path / "model.json" if path.is_dir() else path
    params = Path(params) if params is not None else model_json.parent / "params.npz"
    spec, _ = read_model_json(model_json)
    try:
        with np.load(params) as z:
            arrays = {name: z[name] for name in z.files}
    except (OSError, ValueError) as e:
        raise ValueError(f"{params}: not a readable params.npz ({e})") from e
    expected = {p.name: p.shape for p in spec.parameters()}
    missing = [n for n in expected if n not in arrays]
    unexpected = [n for n in arrays if n not in expected]
    wrong = [f"{n} has shape {tuple(arrays[n].shape)}, expected {expected[n]}" for n in expected
             if n in arrays and tuple(arrays[n].shape) != expected[n]]
    if missing or unexpected or wrong:
        raise ValueError(f"{params} does not fit {model_json}: missing {missing}, unexpected {unexpected}"
                         + (", " + "; ".join(wrong) if wrong else ""))
    model = CortexModel(spec, dtype)
    model.load_state_dict({n: torch.from_numpy(np.asarray(a, dtype=np.float32)).to(dtype) for n, a in arrays.items()},
                          strict=True)
    return model.to(device).eval()
