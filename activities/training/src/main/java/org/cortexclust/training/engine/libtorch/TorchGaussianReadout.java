package org.cortexclust.training.engine.libtorch;

import static org.cortexclust.training.engine.libtorch.Ops.s;

import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.cortexclust.training.spec.GaussianReadout;
import org.cortexclust.training.spec.GridPredictor;

/**
 * The Gaussian readout on LibTorch: the core output sampled bilinearly at p = clamp(μ + Σ ε, −1, 1) per image and
 * neuron (at μ in evaluation), weighted by the features; regulariser Σ|w| (docs/science.md §3.2).
 */
final class TorchGaussianReadout extends GaussianReadout implements TorchReadout {
  /** Clamp the learned means into [−1, 1] in place (predicted locations are inside already). */
  @Override
  public void beforeForward(TorchModel model, String mouse) {
    if (model.spec.gridPredictor().enabled()) return;
    try (NoGradGuard g = new NoGradGuard()) {
      Ops.clampInPlace(model.t("readout." + mouse + ".mu"), -1, 1);
    }
  }

  /** The mean locations μ (N, 2): learned, or predicted from cortical coordinates. */
  @Override
  public Tensor spatial(TorchModel model, String mouse) {
    return model.spec.gridPredictor().enabled() ? predictedLocations(model, mouse) : model.t("readout." + mouse + ".mu");
  }

  /** Grid predictor: μ = tanh(MLP(source)) (N, 2), tanh after every layer ({@link GridPredictor}). */
  static Tensor predictedLocations(TorchModel model, String mouse) {
    String p = "readout." + mouse + ".grid.";
    Tensor h = model.t(p + "source");
    for (int l = 0; l + 1 < model.spec.gridPredictor().widths().length; l++) {
      h = torch.tanh(torch.addmm(model.t(p + "layer" + l + ".bias"), h, model.t(p + "layer" + l + ".weight").t()));
    }
    return h;
  }

  /** The shift, when given, is added after the clamp (docs/science.md §3.2) and not clamped again. */
  @Override
  public Tensor output(TorchModel model, String mouse, Tensor a, Tensor eps, Tensor spatial, Tensor shift) {
    String p = "readout." + mouse + ".";
    long b = a.size(0);
    long c = a.size(1);
    long n = model.spec.mouse(mouse).neurons();
    Tensor feats = model.t(p + "features");
    Tensor mu = spatial;
    Tensor pos;
    if (eps != null) {
      // p = clamp(μ + Σ ε, −1, 1), ε per image and neuron (docs/science.md §3.2)
      Tensor jitter = Ops.sum(eps.unsqueeze(2).mul(model.t(p + "sigma").unsqueeze(0)), 3);
      pos = Ops.clamp(mu.unsqueeze(0).add(jitter), -1, 1);
    } else {
      pos = mu.unsqueeze(0).expand(b, n, 2);
    }
    if (shift != null) pos = pos.add(shift.unsqueeze(1)); // no re-clamp: outside [−1, 1] reads the zero padding
    // bilinear, zero padding, align_corners = true; grid (B, N, 1, 2) with (x, y)
    Tensor sampled = model.gatherSampling ? bilinearSample(a, pos)
        : torch.grid_sampler_2d(a, pos.reshape(b, n, 1, 2), 0, 0, true).reshape(b, c, n);
    Tensor weighted = sampled.mul(feats.t().unsqueeze(0));
    Tensor out = Ops.sum(weighted, 1);
    weighted.close(); // autograd does not keep the (B, C, N) product: free it now, not when the step's scope closes
    return out.add(model.t(p + "bias"));
  }

  /** γ Σ|w| without γ. */
  @Override
  public Tensor regulariser(TorchModel model, String mouse, Tensor spatial) {
    return model.t("readout." + mouse + ".features").abs().sum();
  }

  /**
   * Bilinear sample (B, C, N) of {@code a} (B, C, H, W) at {@code pos} (B, N, 2) = (x, y) in [−1, 1], zero padding,
   * align_corners = true: the same values and gradients (in {@code a} and in {@code pos}) as {@code grid_sampler_2d},
   * built from four gathers. On CUDA the gathers' backward is deterministic (in deterministic mode) where the grid
   * sampler's backward adds with atomics in whatever order the threads finish, so a GPU training run would not
   * repeat itself ({@link TorchRuntime#useCuda()}).
   */
  static Tensor bilinearSample(Tensor a, Tensor pos) {
    long b = a.size(0);
    long c = a.size(1);
    long h = a.size(2);
    long w = a.size(3);
    long n = pos.size(1);
    Tensor ix = pos.select(2, 0).add(s(1)).mul(s((w - 1) / 2.0)); // (B, N) pixel coordinates
    Tensor iy = pos.select(2, 1).add(s(1)).mul(s((h - 1) / 2.0));
    Tensor x0 = ix.detach().floor();
    Tensor y0 = iy.detach().floor();
    Tensor fx = ix.sub(x0); // the location gradient flows through the fractional parts
    Tensor fy = iy.sub(y0);
    Tensor flat = a.reshape(b, c, h * w);
    Tensor out = null;
    for (int dy = 0; dy < 2; dy++) {
      for (int dx = 0; dx < 2; dx++) {
        Tensor xs = x0.add(s(dx));
        Tensor ys = y0.add(s(dy));
        // corners outside the map read the zero padding: weight 0, index clamped to any valid pixel
        Tensor inside = xs.ge(s(0)).logical_and(xs.le(s(w - 1))).logical_and(ys.ge(s(0))).logical_and(ys.le(s(h - 1)))
            .to(a.scalar_type());
        Tensor weight = (dx == 1 ? fx : fx.neg().add(s(1))).mul(dy == 1 ? fy : fy.neg().add(s(1))).mul(inside);
        Tensor index = Ops.clamp(ys, 0, h - 1).mul(s(w)).add(Ops.clamp(xs, 0, w - 1)).to(ScalarType.Long);
        Tensor term = flat.gather(2, index.unsqueeze(1).expand(b, c, n)).mul(weight.unsqueeze(1));
        out = out == null ? term : out.add(term);
      }
    }
    return out;
  }
}
