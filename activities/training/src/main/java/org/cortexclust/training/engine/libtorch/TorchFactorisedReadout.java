package org.cortexclust.training.engine.libtorch;

import static org.cortexclust.training.engine.libtorch.Ops.s;

import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.cortexclust.training.spec.FactorisedReadout;

/**
 * The factorised readout on LibTorch: ŷ_ib = Σ_c w_ic Σ_p m̂_ip a_bcp + bias_i with the normalised mask m̂; regulariser
 * Σ_i ‖m̂_i‖₁‖w_i‖₁ (docs/science.md §3.1). On CPU its training step computes the three large products without autograd
 * ({@link #objectiveBackward}).
 */
final class TorchFactorisedReadout extends FactorisedReadout implements TorchReadout {
  /** m̂_i = |m_i / (‖m_i‖₂ + 1e-6)| as (N, H·W) (positive, normalised spatial mask; docs/science.md §3.1). */
  @Override
  public Tensor spatial(TorchModel model, String mouse) {
    Tensor m = model.t("readout." + mouse + ".mask");
    Tensor flat = m.reshape(m.size(0), m.size(1) * m.size(2));
    Tensor norm = Ops.sumKeep(flat.pow(s(2)), 1).sqrt().add(s(1e-6));
    return flat.div(norm).abs();
  }

  @Override
  public Tensor output(TorchModel model, String mouse, Tensor a, Tensor eps, Tensor spatial, Tensor shift) {
    return output(model, mouse, maskProduct(model, spatial, a));
  }

  /**
   * The spatial step s_ibc = Σ_p m̂_ip a_bcp as (N, B, C), from the normalised mask m̂ (N, H·W) and the core output a
   * (B, C, H, W). On CPU it is a 1×1 convolution of a seen as (B, H·W, C, 1), H·W input channels to N output
   * channels: oneDNN runs it, forward and backward, on LibTorch's intra-op threads. As a matrix product it would run
   * in OpenBLAS, whose worker threads busy-wait after every multi-threaded call on the cores the core's convolutions
   * need next ({@link TorchRuntime#ensureLoaded(int)}). On CUDA: one (N, H·W) × (H·W, B·C) product. The static
   * training step computes the same products without autograd ({@link #objectiveBackward}).
   */
  static Tensor maskProduct(TorchModel model, Tensor spatial, Tensor a) {
    long b = a.size(0);
    long c = a.size(1);
    long hw = a.size(2) * a.size(3);
    long n = spatial.size(0);
    if (model.device.is_cuda()) {
      return spatial.mm(a.permute(2, 3, 0, 1).reshape(hw, b * c)).view(n, b, c);
    }
    Tensor x = a.permute(0, 2, 3, 1).reshape(b, hw, c, 1); // a view when a is channels-last (the core's layout)
    return Ops.conv2d(x, spatial.view(n, hw, 1, 1), 0).view(b, n, c).permute(1, 0, 2);
  }

  /** ŷ (B, N) from s_ibc = Σ_p m̂_ip a_bcp (N, B, C): Σ_c w_ic s_ibc + bias, a batched mat-vec. */
  private static Tensor output(TorchModel model, String mouse, Tensor sampled) {
    String p = "readout." + mouse + ".";
    return torch.bmm(sampled, model.t(p + "features").unsqueeze(2)).view(sampled.size(0), sampled.size(1)).t()
        .add(model.t(p + "bias"));
  }

  /** Σ_i ‖m̂_i‖₁‖w_i‖₁ without γ. */
  @Override
  public Tensor regulariser(TorchModel model, String mouse, Tensor spatial) {
    Tensor feats = model.t("readout." + mouse + ".features");
    return Ops.sum(spatial, 1).mul(Ops.sum(feats.abs(), 1)).sum();
  }

  /**
   * Same value and gradients as {@code objective(...).backward()}. On CPU the three large products, s = m̂ a
   * (forward), ∂/∂m̂ = g aᵀ and ∂/∂a = m̂ᵀ g (backward), run in {@link ChunkedProduct}: single-threaded OpenBLAS calls
   * on every core, without multi-threaded OpenBLAS's busy-waiting worker, and at N = 8000 with less CPU time than
   * oneDNN's 1×1 convolution ({@link #maskProduct}): 2.5 vs 2.9–3.0 CPU-s for the three products
   * (bench/training/ReadoutProductBench.java). Autograd then runs in two passes: from the readout terms to s, the
   * readout parameters and m̂ (detached leaves); then, with the two products' gradients, from m̂ to the mask and from
   * the core output and the core regulariser to the core.
   */
  @Override
  public double objectiveBackward(TorchModel model, String mouse, Tensor x, Tensor y, Tensor eps, long trainTrials) {
    if (model.device.is_cuda()) return TorchReadout.super.objectiveBackward(model, mouse, x, y, eps, trainTrials);
    Tensor coreOut = model.core(x, true);
    long b = coreOut.size(0);
    long c = coreOut.size(1);
    long h = coreOut.size(2);
    long w = coreOut.size(3);
    Tensor spatial = spatial(model, mouse); // (N, H·W), autograd graph to the mask
    long n = spatial.size(0);
    Tensor act; // (H·W, B·C)
    Tensor mask; // m̂ without its graph
    Tensor sampled; // s (N, B, C): a leaf whose gradient the first pass gives
    Tensor maskLeaf = spatial.detach(); // m̂ as a leaf for the readout regulariser's gradient
    maskLeaf.set_requires_grad(true);
    try (NoGradGuard g = new NoGradGuard()) {
      act = coreOut.permute(2, 3, 0, 1).reshape(h * w, b * c);
      mask = spatial.detach();
      sampled = ChunkedProduct.mm(mask, act).view(n, b, c);
    }
    sampled.set_requires_grad(true);
    Tensor poisson = TorchModel.scaledPoisson(torch.elu(output(model, mouse, sampled)).add(s(1)), y, trainTrials);
    Tensor readoutL1 = model.weightedReadoutRegulariser(mouse, () -> maskLeaf);
    TorchModel.plus(poisson, readoutL1).backward();
    Tensor gradMask;
    Tensor gradCore;
    try (NoGradGuard g = new NoGradGuard()) {
      Tensor gs = sampled.grad().view(n, b * c);
      gradMask = ChunkedProduct.mm(gs, act.t());
      if (readoutL1 != null) gradMask = gradMask.add(maskLeaf.grad());
      gradCore = ChunkedProduct.mm(mask.t(), gs).view(h, w, b, c).permute(2, 3, 0, 1);
    }
    Tensor coreReg = model.coreRegulariser();
    TensorVector roots = new TensorVector(spatial, coreOut);
    TensorVector grads = new TensorVector(gradMask, gradCore);
    if (coreReg != null) {
      roots.push_back(coreReg);
      grads.push_back(torch.ones_like(coreReg));
    }
    torch.backward(roots, grads, new BoolOptional(), false, new TensorVector());
    try (NoGradGuard g = new NoGradGuard()) { // the value in the objective's summation order
      return TorchModel.loss(poisson, coreReg, readoutL1).item_double();
    }
  }
}
