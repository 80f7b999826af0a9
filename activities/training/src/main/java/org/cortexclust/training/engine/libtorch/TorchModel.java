package org.cortexclust.training.engine.libtorch;

import static org.cortexclust.training.engine.libtorch.Ops.s;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.MemoryFormat;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ParamSpec;

/**
 * The core + readout model of a {@link ModelSpec} as LibTorch tensors. Parameters are leaf tensors named as in
 * {@link ModelSpec#parameters()}; the forward pass is composed of ATen ops so autograd supplies every gradient.
 *
 * <p>Create and use it outside any {@code PointerScope} that closes before the model does: its tensors live as
 * long as the model.
 */
final class TorchModel {
  static final double BN_EPS = 1e-5;

  final ModelSpec spec;
  final ScalarType dtype;
  final Device device;
  /**
   * The Gaussian readout samples with {@link TorchGaussianReadout#bilinearSample} (deterministic on CUDA), not the
   * grid sampler.
   */
  final boolean gatherSampling;
  /** The core type ({@link TorchCores}). */
  final TorchCore core;
  /** The readout type of every mouse ({@link TorchReadouts}). */
  final TorchReadout readoutType;
  /** All tensors (parameters and buffers) by name, in spec order. */
  final Map<String, Tensor> tensors = new LinkedHashMap<>();
  final List<String> trainableNames = new ArrayList<>();
  /** Constant tensors of the core's kernels by name ({@link TorchCore#prepare}). */
  private final Map<String, Tensor> constants = new HashMap<>();
  private final Tensor laplace;

  TorchModel(ModelSpec spec, Map<String, float[]> values, ScalarType dtype, Device device) {
    this(spec, spec.parameters(), values, dtype, device);
  }

  /**
   * A model whose tensors are {@code params} rather than {@code spec.parameters()} (the video model adds temporal
   * kernels and gives full-3D kernels a time axis; see {@code VideoModel}); the core and readout types come from
   * {@code spec}.
   */
  TorchModel(ModelSpec spec, List<ParamSpec> params, Map<String, float[]> values, ScalarType dtype, Device device) {
    this.spec = spec;
    this.dtype = dtype;
    this.device = device;
    this.gatherSampling = device.is_cuda() && TorchRuntime.cudaDeterministic();
    this.core = TorchCores.REGISTRY.get(spec.coreType());
    this.readoutType = TorchReadouts.REGISTRY.get(spec.readoutType());
    ParamSpec.checkFit(params, values, spec.architectureHash());
    for (ParamSpec p : params) {
      Tensor t = Ops.fromFloats(values.get(p.name()), p.shape(), dtype, device);
      if (p.trainable()) {
        t.set_requires_grad(true);
        trainableNames.add(p.name());
      }
      tensors.put(p.name(), t);
    }
    core.prepare(this);
    laplace = Ops.fromDoubles(new double[] {0, -1, 0, -1, 4, -1, 0, -1, 0}, new long[] {1, 1, 3, 3}, dtype, device);
  }

  Tensor t(String name) {
    Tensor x = tensors.get(name);
    if (x == null) throw new IllegalArgumentException("no tensor " + name);
    return x;
  }

  /** A constant of the core's kernels, made by {@link TorchCore#prepare}. */
  Tensor constant(String name) {
    Tensor x = constants.get(name);
    if (x == null) throw new IllegalArgumentException("no constant " + name);
    return x;
  }

  /** Keep constant {@code x} under {@code name} for the model's lifetime (from {@link TorchCore#prepare}). */
  void putConstant(String name, Tensor x) {
    constants.put(name, x);
  }

  /** Conv weight of layer l, (n·F, C_in, k, k), rotation-major output channels, as the core type makes it. */
  Tensor layerWeight(int l) {
    return core.layerWeight(this, l);
  }

  /**
   * Core output (B, F·n, H', W'): conv → BN over features shared across rotations → ELU, per layer. Activations are
   * kept channels-last (memory order B, H, W, n, F): oneDNN's convolutions run faster on that layout, and the
   * rotation-shared batch norm becomes a plain batch norm of the (B·H·W·n, F) matrix over the same memory, no copy.
   */
  Tensor core(Tensor x, boolean training) {
    int n = spec.rotations();
    int f = spec.features();
    Tensor h = x;
    for (int l = 0; l < spec.layers(); l++) {
      long pad = spec.padding(l);
      Tensor y = l == 0 && pad == 0 && constantExtraChannels(x) ? firstLayerConstantPlanes(x, layerWeight(0))
          : Ops.conv2d(l == 0 ? x.contiguous(MemoryFormat.ChannelsLast) : h, layerWeight(l), pad);
      long b = y.size(0);
      long hh = y.size(2);
      long ww = y.size(3);
      y = channelsLast(y); // a no-op after the first layer
      Tensor z = batchNorm(l, y.permute(0, 2, 3, 1).view(-1, f), training);
      h = torch.elu(z).view(b, hh, ww, (long) n * f).permute(0, 3, 1, 2);
    }
    return h;
  }

  /**
   * Batch norm of layer l over the feature axis (axis 1) of {@code y}, statistics pooled over every other axis (so
   * shared across rotations); learned scale and bias on all but the last layer.
   */
  Tensor batchNorm(int l, Tensor y, boolean training) {
    String p = "core.layer" + l + ".bn.";
    boolean affine = spec.affineBatchNorm(l);
    return torch.batch_norm(y, Ops.opt(affine ? t(p + "weight") : null), Ops.opt(affine ? t(p + "bias") : null),
        Ops.opt(t(p + "running_mean")), Ops.opt(t(p + "running_var")), training, spec.bnMomentum(), BN_EPS, true);
  }

  /** Whether channels 1.. of every image are constant planes (behaviour channels); enables the cheap first layer. */
  boolean constantExtraChannels(Tensor x) {
    if (!useConstantPlaneShortcut || x.size(1) < 2) return false;
    try (NoGradGuard g = new NoGradGuard()) {
      Tensor rest = x.narrow(1, 1, x.size(1) - 1);
      Tensor first = rest.narrow(2, 0, 1).narrow(3, 0, 1);
      return rest.sub(first).abs().max().item_double() == 0;
    }
  }

  /** Package-private switch for tests comparing both first-layer paths. */
  boolean useConstantPlaneShortcut = true;

  /**
   * First layer when channels 1.. are constant planes b_c and the convolution is "valid": every output position sees
   * the whole kernel, so conv(x, w) = conv(image, w[:, 0]) + Σ_c b_c · Σ_{ij} w[:, c, i, j] — exact, and a quarter
   * of the work with one image and three behaviour channels.
   */
  Tensor firstLayerConstantPlanes(Tensor x, Tensor w) {
    long b = x.size(0);
    long c = x.size(1);
    Tensor w0 = w.narrow(1, 0, 1);
    Tensor y = Ops.conv2d(x.narrow(1, 0, 1), w0.contiguous(MemoryFormat.ChannelsLast), 0);
    Tensor beh = x.narrow(1, 1, c - 1).select(3, 0).select(2, 0); // (B, C-1)
    Tensor kernelSums = Ops.sum(w.narrow(1, 1, c - 1), 2, 3); // (out, C-1)
    Tensor out = y.add(torch.matmul(beh, kernelSums.t()).reshape(b, w.size(0), 1, 1));
    y.close(); // not kept by autograd: free it now rather than when the step's scope closes
    return out;
  }

  /** {@code t} in channels-last layout; a copy's source handle is released at once (autograd does not keep it). */
  static Tensor channelsLast(Tensor t) {
    if (t.is_contiguous(MemoryFormat.ChannelsLast)) return t;
    Tensor c = t.contiguous(MemoryFormat.ChannelsLast);
    t.close();
    return c;
  }

  /** Prepare every mouse's readout for a forward pass (the Gaussian readout clamps its means into [−1, 1]). */
  void clampMeans() {
    for (MouseShape m : spec.mice()) {
      readoutType.beforeForward(this, m.mouseId());
    }
  }

  /**
   * Readout pre-activation ŷ (B, N) of mouse {@code mouse} from core output a.
   *
   * @param eps Gaussian readout: standard-normal jitter (B, N, 2), or null for the mean location (evaluation)
   */
  Tensor readout(String mouse, Tensor a, Tensor eps) {
    return readout(mouse, a, eps, readoutSpatial(mouse));
  }

  /**
   * The spatial part of one mouse's readout for one forward pass, computed once and shared by the readout and its
   * regulariser ({@link TorchReadout#spatial}).
   */
  Tensor readoutSpatial(String mouse) {
    return readoutType.spatial(this, mouse);
  }

  /** {@link #readout(String, Tensor, Tensor)} with the mouse's {@link #readoutSpatial} tensor given. */
  Tensor readout(String mouse, Tensor a, Tensor eps, Tensor spatial) {
    return readout(mouse, a, eps, spatial, null);
  }

  /**
   * {@link #readout(String, Tensor, Tensor, Tensor)} with a shift (B, 2) of all readout locations per sample (the
   * shifter's output), or null.
   */
  Tensor readout(String mouse, Tensor a, Tensor eps, Tensor spatial, Tensor shift) {
    return readoutType.output(this, mouse, a, eps, spatial, shift);
  }

  /** Firing rates r̂ = ELU(ŷ) + 1 (docs/science.md §3.5). */
  Tensor rates(String mouse, Tensor x, boolean training, Tensor eps) {
    return rates(mouse, x, training, eps, readoutSpatial(mouse));
  }

  Tensor rates(String mouse, Tensor x, boolean training, Tensor eps, Tensor spatial) {
    return readoutRates(mouse, core(x, training), eps, spatial);
  }

  /** Firing rates ELU(ŷ) + 1 from core output a. */
  Tensor readoutRates(String mouse, Tensor a, Tensor eps, Tensor spatial) {
    return torch.elu(readout(mouse, a, eps, spatial)).add(s(1));
  }

  /** Poisson loss Σ (r̂ − y log(r̂ + 1e-8)) (docs/science.md §3.5). */
  static Tensor poissonLoss(Tensor rates, Tensor observed) {
    return rates.sub(observed.mul(torch.log(rates.add(s(1e-8))))).sum();
  }

  /** LaplaceL2norm of the rotated first-layer kernels, "same" zero padding (docs/science.md §2.6). */
  Tensor laplaceRegulariser() {
    return laplaceRegulariser(layerWeight(0));
  }

  /** LaplaceL2norm of kernels w (out, in, k, k): Σ (Laplace * w)² / Σ w², "same" zero padding. */
  Tensor laplaceRegulariser(Tensor w) {
    long k = w.size(2);
    Tensor flat = w.reshape(w.size(0) * w.size(1), 1, k, k);
    Tensor lap = Ops.conv2d(flat, laplace, 1);
    return lap.pow(s(2)).sum().div(w.pow(s(2)).sum());
  }

  /** Group sparsity: mean over hidden layers of mean_{o,i} ‖W_{o,i}‖₂ (docs/science.md §2.6); null if no hidden layer. */
  Tensor groupRegulariser() {
    if (spec.layers() < 2) return null;
    Tensor total = null;
    for (int l = 1; l < spec.layers(); l++) {
      Tensor g = Ops.sum(layerWeight(l).pow(s(2)), 2, 3).sqrt().mean();
      total = total == null ? g : total.add(g);
    }
    return total.div(s(spec.layers() - 1));
  }

  /** The readout regulariser of one mouse, unweighted ({@link TorchReadout#regulariser}). */
  Tensor readoutRegulariser(String mouse) {
    return readoutRegulariser(mouse, readoutSpatial(mouse));
  }

  Tensor readoutRegulariser(String mouse, Tensor spatial) {
    return readoutType.regulariser(this, mouse, spatial);
  }

  /** The core type's weighted regulariser, γ_inp R_lap + γ_group R_group (null when both weights are 0). */
  Tensor coreRegulariser() {
    return core.regulariser(this);
  }

  /**
   * Training objective for one batch of one mouse: sqrt(T_train/B)·Poisson + core regularisers + γ readout L1
   * (docs/science.md §3.6, with the training-tier size as |D_k|).
   */
  Tensor objective(String mouse, Tensor x, Tensor y, Tensor eps, long trainTrials) {
    Tensor spatial = readoutSpatial(mouse);
    return objective(mouse, rates(mouse, x, true, eps, spatial), y, trainTrials, this::coreRegulariser, () -> spatial);
  }

  /**
   * The loss of the LibTorch engine, static and video models alike: sqrt(T_train/B)·Poisson(rates, y) + the core's
   * regulariser + γ_readout × the readout's (docs/science.md §3.6), in that order.
   *
   * @param rates   firing rates, B samples first
   * @param coreReg the core's weighted regulariser (may give null), evaluated after the Poisson term
   * @param spatial the readout's {@link TorchReadout#spatial} part for its regulariser, read only when γ_readout > 0
   */
  Tensor objective(String mouse, Tensor rates, Tensor y, long trainTrials, Supplier<Tensor> coreReg,
      Supplier<Tensor> spatial) {
    Tensor j = plus(scaledPoisson(rates, y, trainTrials), coreReg.get());
    return plus(j, weightedReadoutRegulariser(mouse, spatial));
  }

  /** (Poisson + core) + readout: the loss's summation order, for a readout that computes its terms itself. */
  static Tensor loss(Tensor scaledPoisson, Tensor coreReg, Tensor readoutReg) {
    return plus(plus(scaledPoisson, coreReg), readoutReg);
  }

  /** a + b, or a when b is null (a regulariser whose weight is 0). */
  static Tensor plus(Tensor a, Tensor b) {
    return b == null ? a : a.add(b);
  }

  /** sqrt(T_train/B)·Poisson (docs/science.md §3.6). */
  static Tensor scaledPoisson(Tensor rates, Tensor y, long trainTrials) {
    return poissonLoss(rates, y).mul(s(Math.sqrt((double) trainTrials / rates.size(0))));
  }

  /** γ × readout regulariser, or null when γ = 0. */
  Tensor weightedReadoutRegulariser(String mouse, Supplier<Tensor> spatial) {
    double gamma = spec.regularisation().gammaReadout();
    return gamma > 0 ? readoutRegulariser(mouse, spatial.get()).mul(s(gamma)) : null;
  }

  /**
   * {@link #objective} followed by its backward pass (gradients accumulate into the parameters); returns the
   * objective's value. Same value and gradients as {@code objective(...).backward()}; the readout may take a cheaper
   * path ({@link TorchReadout#objectiveBackward}).
   */
  double objectiveBackward(String mouse, Tensor x, Tensor y, Tensor eps, long trainTrials) {
    return readoutType.objectiveBackward(this, mouse, x, y, eps, trainTrials);
  }

  /** Names of the tensors, and of their gradients, that hold a NaN or an infinity (for a divergence message). */
  List<String> nonFinite() {
    List<String> out = new ArrayList<>();
    try (NoGradGuard g = new NoGradGuard()) {
      for (var e : tensors.entrySet()) {
        if (!finite(e.getValue())) {
          out.add(e.getKey());
        }
        Tensor grad = e.getValue().grad();
        if (grad != null && grad.defined() && !finite(grad)) {
          out.add(e.getKey() + ".grad");
        }
      }
    }
    return out;
  }

  static boolean finite(Tensor t) {
    return torch.isfinite(t).all().item_bool();
  }

  /** All tensors as float32 arrays by name. */
  Map<String, float[]> snapshot() {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (var e : tensors.entrySet()) {
      out.put(e.getKey(), Ops.toFloats(e.getValue()));
    }
    return out;
  }

  /** Overwrite every tensor in place from {@code values} (names and sizes as in the spec). */
  void load(Map<String, float[]> values) {
    try (NoGradGuard g = new NoGradGuard()) {
      for (var e : tensors.entrySet()) {
        float[] v = values.get(e.getKey());
        if (v == null || v.length != e.getValue().numel()) {
          throw new IllegalArgumentException("state has no matching tensor " + e.getKey());
        }
        e.getValue().copy_(Ops.fromFloats(v, Ops.shape(e.getValue()), dtype, device));
      }
    }
  }
}
