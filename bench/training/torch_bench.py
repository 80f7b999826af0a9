#!/usr/bin/python3
"""Training throughput of the same cortexclust model in PyTorch (CPU or CUDA), for comparison with the Java/LibTorch
engine (TrainingBench.java). Same architecture, initialisation ranges, loss and optimiser, and the same exact
constant-behaviour-plane shortcut of the first layer (Model.first_layer); one JSON line per run.

args: f n neurons readout(gaussian|factorised) [batch=64] [steps=6] [warmup=2] [device=cpu] [threads=0]
      [kernels=13,5,5,5]
"""
import json, math, os, resource, sys, time
import numpy as np
import torch
import torch.nn.functional as F


def hermite_basis(k, u=2):
    """Steerable Hermite basis (docs/science.md 2.2): unit-norm on the k*u grid, then u x u blocks summed."""
    npts = k * u
    a = 2 * math.sqrt(k) * (1 - 1.0 / npts)
    xs = np.linspace(-a, a, npts)
    yy, xx = np.meshgrid(xs, xs, indexing="ij")
    r2 = xx ** 2 + yy ** 2
    theta = np.arctan2(yy, xx)
    mus, nus, kinds = [], [], []
    for m in range(k):
        if m % 2 == 0:
            mus.append(0); nus.append(m // 2); kinds.append("z")
        for f in range(2 if m % 2 == 0 else 1, m + 1, 2):
            for c in "ri":
                mus.append(f); nus.append((m - f) // 2); kinds.append(c)
    basis = []
    for mu, nu, kind in zip(mus, nus, kinds):
        coef = [math.factorial(mu + nu) * math.factorial(nu) * (-2.0) ** (nu - r)
                / (math.factorial(mu + r) * math.factorial(r) * math.factorial(nu - r)) for r in range(nu + 1)]
        poly = sum(c * r2 ** i for i, c in enumerate(coef))
        rad = np.exp(-r2 / 4) * np.sqrt(r2) ** mu * poly
        v = rad if kind == "z" else rad * (np.cos(mu * theta) if kind == "r" else np.sin(mu * theta))
        v = v / np.sqrt((v ** 2).sum())
        basis.append(v.reshape(k, u, k, u).sum(axis=(1, 3)))
    return np.stack(basis), np.array(mus), kinds


def synthesis(k, n, u=2):
    """(n, k*k, nb): K_r = H^T R(2 pi r / n)."""
    H, mus, kinds = hermite_basis(k, u)
    nb = len(kinds)
    out = []
    for r in range(n):
        phi = 2 * math.pi * r / n
        R = np.zeros((nb, nb))
        for j in range(nb):
            if kinds[j] == "z":
                R[j, j] = 1
            elif kinds[j] == "r":
                c, s = math.cos(mus[j] * phi), math.sin(mus[j] * phi)
                R[j, j], R[j, j + 1], R[j + 1, j], R[j + 1, j + 1] = c, s, -s, c
        out.append(H.reshape(nb, k * k).T @ R)
    return torch.tensor(np.stack(out), dtype=torch.float32)


class Model(torch.nn.Module):
    def __init__(self, f, n, kernels, cin, h, w, neurons, readout):
        super().__init__()
        self.f, self.n, self.kernels, self.readout_type = f, n, kernels, readout
        self.synth, self.coeffs, self.rolls = [], torch.nn.ParameterList(), []
        self.bn_w, self.bn_b = torch.nn.ParameterList(), torch.nn.ParameterList()
        self.running = []
        for l, k in enumerate(kernels):
            c_in = cin if l == 0 else f * n
            nb = k * (k + 1) // 2
            self.synth.append(synthesis(k, n))
            self.coeffs.append(torch.nn.Parameter(torch.nn.init.trunc_normal_(torch.empty(nb, c_in, f), 0, 0.1, -0.2, 0.2)))
            if l > 0:
                idx = [r * c_in + (j - r * f) % c_in for r in range(n) for j in range(c_in)]
                self.rolls.append(torch.tensor(idx))
            else:
                self.rolls.append(None)
            if l < len(kernels) - 1:
                self.bn_w.append(torch.nn.Parameter(torch.ones(f)))
                self.bn_b.append(torch.nn.Parameter(torch.zeros(f)))
            self.running.append((torch.zeros(f), torch.ones(f)))
        hc, wc = h - kernels[0] + 1, w - kernels[0] + 1
        c = f * n
        if readout == "gaussian":
            self.mu = torch.nn.Parameter(torch.empty(neurons, 2).uniform_(-0.3, 0.3))
            self.sigma = torch.nn.Parameter(torch.empty(neurons, 2, 2).uniform_(-0.1, 0.1))
            self.features = torch.nn.Parameter(torch.full((neurons, c), 1.0 / c))
        else:
            self.mask = torch.nn.Parameter(torch.randn(neurons, hc, wc) * 1e-3)
            self.features = torch.nn.Parameter(torch.randn(neurons, c) * 1e-3)
        self.bias = torch.nn.Parameter(torch.zeros(neurons))
        self.register_buffer("lap", torch.tensor([[0., -1, 0], [-1, 4, -1], [0, -1, 0]]).view(1, 1, 3, 3))

    def weight(self, l):
        k, f, n = self.kernels[l], self.f, self.n
        c = self.coeffs[l]
        nb, cin, _ = c.shape
        w = torch.matmul(self.synth[l], c.reshape(nb, cin * f)).reshape(n, k, k, cin, f).permute(0, 4, 3, 1, 2)
        if l > 0:
            w = w.permute(0, 2, 1, 3, 4).reshape(n * cin, f * k * k).index_select(0, self.rolls[l]) \
                .reshape(n, cin, f, k, k).permute(0, 2, 1, 3, 4)
        return w.reshape(n * f, cin, k, k)

    @staticmethod
    def first_layer(x, w):
        """Valid first-layer conv. As in the Java engine (TorchModel.firstLayerConstantPlanes): when channels 1.. are
        constant planes b_c (the behaviour channels), conv(x, w) = conv(image, w[:, :1]) + sum_c b_c sum_ij w[:, c]
        exactly, a quarter of the convolution work with one image and three behaviour channels."""
        rest = x[:, 1:]
        if rest.shape[1] == 0 or (rest - rest[:, :, :1, :1]).abs().max().item() != 0:
            return F.conv2d(x, w)
        y = F.conv2d(x[:, :1], w[:, :1])
        return y + torch.matmul(rest[:, :, 0, 0], w[:, 1:].sum((2, 3)).t()).reshape(x.shape[0], -1, 1, 1)

    def forward(self, x, eps):
        h = x
        for l, k in enumerate(self.kernels):
            y = self.first_layer(h, self.weight(l)) if l == 0 else F.conv2d(h, self.weight(l), padding=k // 2)
            b, _, hh, ww = y.shape
            aff = l < len(self.kernels) - 1
            z = F.batch_norm(y.reshape(b * self.n, self.f, hh, ww), *self.running[l],
                             self.bn_w[l] if aff else None, self.bn_b[l] if aff else None, True, 0.1, 1e-5)
            h = F.elu(z.reshape(b, self.n * self.f, hh, ww))
        b, c = h.shape[:2]
        if self.readout_type == "gaussian":
            with torch.no_grad():
                self.mu.clamp_(-1, 1)
            pos = (self.mu.unsqueeze(0) + (eps.unsqueeze(2) * self.sigma.unsqueeze(0)).sum(3)).clamp(-1, 1)
            s = F.grid_sample(h, pos.unsqueeze(2), mode="bilinear", padding_mode="zeros", align_corners=True)
            s = s.reshape(b, c, -1)
        else:
            m = self.mask.reshape(self.mask.shape[0], -1)
            mh = (m / (m.pow(2).sum(1, keepdim=True).sqrt() + 1e-6)).abs()
            s = torch.matmul(h.reshape(b, c, -1), mh.t())
        return F.elu((s * self.features.t().unsqueeze(0)).sum(1) + self.bias) + 1

    def regulariser(self, g_readout=0.01, g_input=6.3831):
        w = self.weight(0)
        k = w.shape[2]
        lap = F.conv2d(w.reshape(-1, 1, k, k), self.lap, padding=1)
        r = g_input * lap.pow(2).sum() / w.pow(2).sum()
        if self.readout_type == "gaussian":
            return r + g_readout * self.features.abs().sum()
        m = self.mask.reshape(self.mask.shape[0], -1)
        mh = (m / (m.pow(2).sum(1, keepdim=True).sqrt() + 1e-6)).abs()
        return r + g_readout * (mh.sum(1) * self.features.abs().sum(1)).sum()


def main(a):
    f, n, neurons, readout = int(a[0]), int(a[1]), int(a[2]), a[3]
    batch = int(a[4]) if len(a) > 4 else 64
    steps = int(a[5]) if len(a) > 5 else 6
    warmup = int(a[6]) if len(a) > 6 else 2
    device = a[7] if len(a) > 7 else "cpu"
    threads = int(a[8]) if len(a) > 8 else 0
    kernels = [int(k) for k in (a[9] if len(a) > 9 else "13,5,5,5").split(",")]
    torch.set_num_threads(threads if threads > 0 else os.cpu_count())
    torch.manual_seed(1)
    h, w, cin = 36, 64, 4
    trials = batch * 4
    x_all = torch.rand(trials, cin, h, w) * 2 - 1
    x_all[:, 1:] = (torch.rand(trials, cin - 1, 1, 1) * 2 - 1).expand(trials, cin - 1, h, w)  # behaviour planes
    y_all = torch.floor(torch.rand(trials, neurons) * 3)
    model = Model(f, n, kernels, cin, h, w, neurons, readout).to(device)
    model.synth = [s.to(device) for s in model.synth]
    model.rolls = [r.to(device) if r is not None else None for r in model.rolls]
    model.running = [(m.to(device), v.to(device)) for m, v in model.running]
    opt = torch.optim.Adam(model.parameters(), lr=0.005)
    times, cpus = [], []
    for i in range(-warmup, steps):
        t0 = time.perf_counter()
        c0 = time.process_time()
        j = (i % 4) * batch
        x, y = x_all[j:j + batch].to(device), y_all[j:j + batch].to(device)
        eps = torch.randn(batch, neurons, 2, device=device) if readout == "gaussian" else None
        opt.zero_grad()
        r = model(x, eps)
        loss = (r - y * torch.log(r + 1e-8)).sum() + model.regulariser()
        loss.backward()
        opt.step()
        if device == "cuda":
            torch.cuda.synchronize()
        if i >= 0:
            times.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
    times.sort()
    cpus.sort()
    cmed = cpus[len(cpus) // 2] if len(cpus) % 2 else (cpus[len(cpus) // 2 - 1] + cpus[len(cpus) // 2]) / 2
    med = times[len(times) // 2] if len(times) % 2 else (times[len(times) // 2 - 1] + times[len(times) // 2]) / 2
    print(json.dumps({"engine": "python-pytorch-" + torch.__version__, "device": device,
                      "threads": torch.get_num_threads(),
                      "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"), "f": f, "n": n, "neurons": neurons, "readout": readout,
                      "kernels": str(kernels), "batch": batch, "input": "%dx%dx%d" % (cin, h, w), "steps": steps,
                      "median_step_s": round(med, 4), "min_step_s": round(times[0], 4),
                      "max_step_s": round(times[-1], 4), "median_cpu_s": round(cmed, 4), "images_per_s": round(batch / med, 2),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))


if __name__ == "__main__":
    main(sys.argv[1:])
