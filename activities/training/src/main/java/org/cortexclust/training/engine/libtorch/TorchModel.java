package org.cortexclust.training.engine.libtorch;

import static org.cortexclust.training.engine.libtorch.Ops.s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.MemoryFormat;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.cortexclust.training.spec.CoreType;
import org.cortexclust.training.spec.GridPredictor;
import org.cortexclust.training.spec.HermiteBasis;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ParamSpec;
import org.cortexclust.training.spec.ReadoutType;

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
  /** The Gaussian readout samples with {@link #bilinearSample} (deterministic on CUDA), not the grid sampler. */
  private final boolean gatherSampling;
  /** All tensors (parameters and buffers) by name, in spec order. */
  final Map<String, Tensor> tensors = new LinkedHashMap<>();
  final List<String> trainableNames = new ArrayList<>();
  /** Per rotation-equivariant layer: (n, k·k, nb) synthesis matrices K_r = H^T R(2πr/n). */
  private final Tensor[] synthesis;
  /** Per hidden rotation-equivariant layer: index rolling the input rotation groups (science.md §2.3). */
  private final Tensor[] rollIndex;
  private final Tensor laplace;

  TorchModel(ModelSpec spec, Map<String, float[]> values, ScalarType dtype, Device device) {
    this(spec, spec.parameters(), values, dtype, device);
  }

  /**
   * A model whose tensors are {@code params} rather than {@code spec.parameters()} (the video model adds temporal
   * kernels and gives full-3D kernels a time axis; see {@code VideoModel}); rotation machinery and readouts come from
   * {@code spec}.
   */
  TorchModel(ModelSpec spec, List<ParamSpec> params, Map<String, float[]> values, ScalarType dtype, Device device) {
    this.spec = spec;
    this.dtype = dtype;
    this.device = device;
    this.gatherSampling = device.is_cuda() && TorchRuntime.cudaDeterministic();
    List<String> missing = new ArrayList<>();
    for (ParamSpec p : params) {
      float[] v = values.get(p.name());
      if (v == null) {
        missing.add(p.name());
        continue;
      }
      if (v.length != p.numel()) {
        throw new IllegalArgumentException("tensor " + p + ": expected " + p.numel() + " values, got " + v.length);
      }
      Tensor t = Ops.fromFloats(v, p.shape(), dtype, device);
      if (p.trainable()) {
        t.set_requires_grad(true);
        trainableNames.add(p.name());
      }
      tensors.put(p.name(), t);
    }
    List<String> unexpected = values.keySet().stream().filter(k -> params.stream()
        .noneMatch(p -> p.name().equals(k))).toList();
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      throw new IllegalArgumentException("parameters do not fit the model spec (architecture "
          + spec.architectureHash().substring(0, 12) + "): missing " + missing + ", unexpected " + unexpected);
    }
    int layers = spec.layers();
    synthesis = new Tensor[layers];
    rollIndex = new Tensor[layers];
    if (spec.coreType() == CoreType.ROTATION_EQUIVARIANT) {
      int n = spec.rotations();
      for (int l = 0; l < layers; l++) {
        int k = spec.kernelSizes().get(l);
        HermiteBasis hb = HermiteBasis.of(k, spec.hermiteUpsampling());
        int nb = hb.count();
        double[] all = new double[n * k * k * nb];
        for (int r = 0; r < n; r++) {
          double[][] kr = hb.rotatedSynthesis(r, n);
          for (int p = 0; p < k * k; p++) {
            System.arraycopy(kr[p], 0, all, (r * k * k + p) * nb, nb);
          }
        }
        synthesis[l] = Ops.fromDoubles(all, new long[] {n, (long) k * k, nb}, dtype, device);
        if (l > 0) {
          int cin = spec.layerInputChannels(l);
          int fin = spec.features();
          long[] idx = new long[n * cin];
          for (int r = 0; r < n; r++) {
            for (int j = 0; j < cin; j++) {
              idx[r * cin + j] = (long) r * cin + Math.floorMod(j - r * fin, cin);
            }
          }
          Tensor it = torch.empty(new long[] {idx.length}, new TensorOptions(ScalarType.Long),
              new org.bytedeco.pytorch.MemoryFormatOptional());
          it.data_ptr_long().put(idx);
          rollIndex[l] = device.is_cuda() ? it.to(device, ScalarType.Long) : it;
        }
      }
    }
    laplace = Ops.fromDoubles(new double[] {0, -1, 0, -1, 4, -1, 0, -1, 0}, new long[] {1, 1, 3, 3}, dtype, device);
  }

  Tensor t(String name) {
    Tensor x = tensors.get(name);
    if (x == null) throw new IllegalArgumentException("no tensor " + name);
    return x;
  }

  /**
   * Full conv weight of layer l, shape (n·F, C_in, k, k), rotation-major output channels. Rotation-equivariant:
   * w_r = K_r c (Hermite synthesis of rotated coefficients); hidden layers additionally roll the input channel
   * axis of rotation r by r·F_in (science.md §2.3).
   */
  Tensor layerWeight(int l) {
    if (spec.coreType() == CoreType.PLAIN) {
      return t("core.layer" + l + ".weight");
    }
    return rotatedWeight(l, t("core.layer" + l + ".coeffs"), spec.features());
  }

  /**
   * Rotated kernels (n·f, C_in, k, k) of layer l from Hermite coefficients of any shape (nb, C_in, f, ...) flattened
   * to f output "features" (the video model passes F·k_t for full-3D kernels).
   */
  Tensor rotatedWeight(int l, Tensor coeffs, long f) {
    int k = spec.kernelSizes().get(l);
    int cin = spec.layerInputChannels(l);
    int n = spec.rotations();
    int nb = spec.basisCount(l);
    Tensor c = coeffs.reshape(nb, cin * f);
    Tensor w = torch.matmul(synthesis[l], c) // (n, k·k, cin·f)
        .reshape(n, k, k, cin, f)
        .permute(0, 4, 3, 1, 2); // (n, f, cin, k, k)
    if (l > 0) {
      w = w.permute(0, 2, 1, 3, 4).reshape((long) n * cin, (long) f * k * k)
          .index_select(0, rollIndex[l])
          .reshape(n, cin, f, k, k)
          .permute(0, 2, 1, 3, 4);
    }
    return w.reshape((long) n * f, cin, k, k);
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
      int k = spec.kernelSizes().get(l);
      long pad = (l == 0 && !spec.padFirstLayer()) ? 0 : k / 2;
      Tensor y = l == 0 && pad == 0 && constantExtraChannels(x) ? firstLayerConstantPlanes(x, layerWeight(0))
          : Ops.conv2d(l == 0 ? x.contiguous(MemoryFormat.ChannelsLast) : h, layerWeight(l), pad);
      long b = y.size(0);
      long hh = y.size(2);
      long ww = y.size(3);
      String p = "core.layer" + l + ".bn.";
      boolean affine = spec.affineBatchNorm(l);
      y = channelsLast(y); // a no-op after the first layer
      Tensor z = torch.batch_norm(y.permute(0, 2, 3, 1).view(-1, f),
          Ops.opt(affine ? t(p + "weight") : null), Ops.opt(affine ? t(p + "bias") : null),
          Ops.opt(t(p + "running_mean")), Ops.opt(t(p + "running_var")), training, spec.bnMomentum(), BN_EPS,
          true);
      h = torch.elu(z).view(b, hh, ww, (long) n * f).permute(0, 3, 1, 2);
    }
    return h;
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

  /** Clamp the Gaussian readout means into [−1, 1] in place (done before every forward pass). */
  void clampMeans() {
    if (spec.readoutType() != ReadoutType.GAUSSIAN || spec.gridPredictor().enabled()) return;
    try (NoGradGuard g = new NoGradGuard()) {
      for (MouseShape m : spec.mice()) {
        Ops.clampInPlace(t("readout." + m.mouseId() + ".mu"), -1, 1);
      }
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
   * regulariser: the normalised mask m̂ (N, H·W) of the factorised readout, the mean locations μ (N, 2) of the
   * Gaussian one (learned, or predicted from cortical coordinates).
   */
  Tensor readoutSpatial(String mouse) {
    if (spec.readoutType() == ReadoutType.FACTORISED) return normalisedMask(mouse);
    return spec.gridPredictor().enabled() ? predictedLocations(mouse) : t("readout." + mouse + ".mu");
  }

  /** Grid predictor: μ = tanh(MLP(source)) (N, 2), tanh after every layer ({@link GridPredictor}). */
  Tensor predictedLocations(String mouse) {
    String p = "readout." + mouse + ".grid.";
    Tensor h = t(p + "source");
    for (int l = 0; l + 1 < spec.gridPredictor().widths().length; l++) {
      h = torch.tanh(torch.addmm(t(p + "layer" + l + ".bias"), h, t(p + "layer" + l + ".weight").t()));
    }
    return h;
  }

  /** {@link #readout(String, Tensor, Tensor)} with the mouse's {@link #readoutSpatial} tensor given. */
  Tensor readout(String mouse, Tensor a, Tensor eps, Tensor spatial) {
    return readout(mouse, a, eps, spatial, null);
  }

  /**
   * {@link #readout(String, Tensor, Tensor, Tensor)} with a shift (B, 2) of all Gaussian readout locations per sample
   * (the shifter's output), added after the clamp (science.md §3.2), or null.
   */
  Tensor readout(String mouse, Tensor a, Tensor eps, Tensor spatial, Tensor shift) {
    String p = "readout." + mouse + ".";
    long b = a.size(0);
    long c = a.size(1);
    long n = spec.mouse(mouse).neurons();
    Tensor feats = t(p + "features");
    if (spec.readoutType() == ReadoutType.FACTORISED) {
      return factorisedOutput(mouse, maskProduct(spatial, a));
    }
    Tensor mu = spatial;
    Tensor pos;
    if (eps != null) {
      // p = clamp(μ + Σ ε, −1, 1), ε per image and neuron (science.md §3.2)
      Tensor jitter = Ops.sum(eps.unsqueeze(2).mul(t(p + "sigma").unsqueeze(0)), 3);
      pos = Ops.clamp(mu.unsqueeze(0).add(jitter), -1, 1);
    } else {
      pos = mu.unsqueeze(0).expand(b, n, 2);
    }
    if (shift != null) pos = pos.add(shift.unsqueeze(1)); // no re-clamp: outside [−1, 1] reads the zero padding
    // bilinear, zero padding, align_corners = true; grid (B, N, 1, 2) with (x, y)
    Tensor sampled = gatherSampling ? bilinearSample(a, pos)
        : torch.grid_sampler_2d(a, pos.reshape(b, n, 1, 2), 0, 0, true).reshape(b, c, n);
    Tensor weighted = sampled.mul(feats.t().unsqueeze(0));
    Tensor out = Ops.sum(weighted, 1);
    weighted.close(); // autograd does not keep the (B, C, N) product: free it now, not when the step's scope closes
    return out.add(t(p + "bias"));
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

  /**
   * The factorised readout's spatial step s_ibc = Σ_p m̂_ip a_bcp as (N, B, C), from the normalised mask m̂ (N, H·W)
   * and the core output a (B, C, H, W). On CPU it is a 1×1 convolution of a seen as (B, H·W, C, 1), H·W input channels
   * to N output channels: oneDNN runs it, forward and backward, on LibTorch's intra-op threads. As a matrix product
   * it would run in OpenBLAS, whose worker threads busy-wait after every multi-threaded call on the cores the core's
   * convolutions need next ({@link TorchRuntime#ensureLoaded(int)}). On CUDA: one (N, H·W) × (H·W, B·C) product.
   * The static training step computes the same products without autograd ({@link #objectiveBackward}).
   */
  Tensor maskProduct(Tensor spatial, Tensor a) {
    long b = a.size(0);
    long c = a.size(1);
    long hw = a.size(2) * a.size(3);
    long n = spatial.size(0);
    if (device.is_cuda()) {
      return spatial.mm(a.permute(2, 3, 0, 1).reshape(hw, b * c)).view(n, b, c);
    }
    Tensor x = a.permute(0, 2, 3, 1).reshape(b, hw, c, 1); // a view when a is channels-last (the core's layout)
    return Ops.conv2d(x, spatial.view(n, hw, 1, 1), 0).view(b, n, c).permute(1, 0, 2);
  }

  /** Factorised readout ŷ (B, N) from s_ibc = Σ_p m̂_ip a_bcp (N, B, C): Σ_c w_ic s_ibc + bias, a batched mat-vec. */
  private Tensor factorisedOutput(String mouse, Tensor sampled) {
    String p = "readout." + mouse + ".";
    return torch.bmm(sampled, t(p + "features").unsqueeze(2)).view(sampled.size(0), sampled.size(1)).t()
        .add(t(p + "bias"));
  }

  /** m̂_i = |m_i / (‖m_i‖₂ + 1e-6)| as (N, H·W) (positive, normalised spatial mask; science.md §3.1). */
  Tensor normalisedMask(String mouse) {
    Tensor m = t("readout." + mouse + ".mask");
    Tensor flat = m.reshape(m.size(0), m.size(1) * m.size(2));
    Tensor norm = Ops.sumKeep(flat.pow(s(2)), 1).sqrt().add(s(1e-6));
    return flat.div(norm).abs();
  }

  /** Firing rates r̂ = ELU(ŷ) + 1 (science.md §3.5). */
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

  /** Poisson loss Σ (r̂ − y log(r̂ + 1e-8)) (science.md §3.5). */
  static Tensor poissonLoss(Tensor rates, Tensor observed) {
    return rates.sub(observed.mul(torch.log(rates.add(s(1e-8))))).sum();
  }

  /** LaplaceL2norm of the rotated first-layer kernels, "same" zero padding (science.md §2.6). */
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

  /** Group sparsity: mean over hidden layers of mean_{o,i} ‖W_{o,i}‖₂ (science.md §2.6); null if no hidden layer. */
  Tensor groupRegulariser() {
    if (spec.layers() < 2) return null;
    Tensor total = null;
    for (int l = 1; l < spec.layers(); l++) {
      Tensor g = Ops.sum(layerWeight(l).pow(s(2)), 2, 3).sqrt().mean();
      total = total == null ? g : total.add(g);
    }
    return total.div(s(spec.layers() - 1));
  }

  /** Readout L1 of one mouse: γ Σ|w| (Gaussian) or γ Σ_i ‖m̂_i‖₁‖w_i‖₁ (factorised); unweighted here. */
  Tensor readoutRegulariser(String mouse) {
    return readoutRegulariser(mouse, readoutSpatial(mouse));
  }

  Tensor readoutRegulariser(String mouse, Tensor spatial) {
    Tensor feats = t("readout." + mouse + ".features");
    if (spec.readoutType() == ReadoutType.GAUSSIAN) {
      return feats.abs().sum();
    }
    return Ops.sum(spatial, 1).mul(Ops.sum(feats.abs(), 1)).sum();
  }

  /** γ_inp R_lap + γ_group R_group (null when both weights are 0). */
  Tensor coreRegulariser() {
    Tensor r = null;
    if (spec.regularisation().gammaInput() > 0) {
      r = laplaceRegulariser().mul(s(spec.regularisation().gammaInput()));
    }
    if (spec.regularisation().gammaGroup() > 0) {
      Tensor g = groupRegulariser();
      if (g != null) {
        g = g.mul(s(spec.regularisation().gammaGroup()));
        r = r == null ? g : r.add(g);
      }
    }
    return r;
  }

  /**
   * Training objective for one batch of one mouse: sqrt(T_train/B)·Poisson + core regularisers + γ readout L1
   * (science.md §3.6, with the training-tier size as |D_k|).
   */
  Tensor objective(String mouse, Tensor x, Tensor y, Tensor eps, long trainTrials) {
    Tensor spatial = readoutSpatial(mouse);
    Tensor r = rates(mouse, x, true, eps, spatial);
    Tensor j = scaledPoisson(r, y, trainTrials);
    Tensor core = coreRegulariser();
    if (core != null) j = j.add(core);
    Tensor readoutL1 = weightedReadoutRegulariser(mouse, spatial);
    return readoutL1 == null ? j : j.add(readoutL1);
  }

  /** sqrt(T_train/B)·Poisson (science.md §3.6). */
  private static Tensor scaledPoisson(Tensor rates, Tensor y, long trainTrials) {
    return poissonLoss(rates, y).mul(s(Math.sqrt((double) trainTrials / rates.size(0))));
  }

  /** γ × readout L1, or null when γ = 0. */
  private Tensor weightedReadoutRegulariser(String mouse, Tensor spatial) {
    double gamma = spec.regularisation().gammaReadout();
    return gamma > 0 ? readoutRegulariser(mouse, spatial).mul(s(gamma)) : null;
  }

  /**
   * {@link #objective} followed by its backward pass (gradients accumulate into the parameters); returns the
   * objective's value. Same value and gradients as {@code objective(...).backward()}.
   *
   * <p>A factorised readout on CPU computes its three large products, s = m̂ a (forward), ∂/∂m̂ = g aᵀ and ∂/∂a = m̂ᵀ g
   * (backward), with {@link ChunkedProduct}: single-threaded OpenBLAS calls on every core, without multi-threaded
   * OpenBLAS's busy-waiting worker, and at N = 8000 with less CPU time than oneDNN's 1×1 convolution
   * ({@link #maskProduct}): 2.5 vs 2.9–3.0 CPU-s for the three products (bench/training/ReadoutProductBench.java). Autograd then runs in two passes: from the readout terms to s, the readout parameters and m̂ (detached
   * leaves); then, with the two products' gradients, from m̂ to the mask and from the core output and the core
   * regulariser to the core.
   */
  double objectiveBackward(String mouse, Tensor x, Tensor y, Tensor eps, long trainTrials) {
    if (spec.readoutType() != ReadoutType.FACTORISED || device.is_cuda()) {
      Tensor j = objective(mouse, x, y, eps, trainTrials);
      j.backward();
      return j.item_double();
    }
    Tensor coreOut = core(x, true);
    long b = coreOut.size(0);
    long c = coreOut.size(1);
    long h = coreOut.size(2);
    long w = coreOut.size(3);
    Tensor spatial = readoutSpatial(mouse); // (N, H·W), autograd graph to the mask
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
    Tensor poisson = scaledPoisson(torch.elu(factorisedOutput(mouse, sampled)).add(s(1)), y, trainTrials);
    Tensor readoutL1 = weightedReadoutRegulariser(mouse, maskLeaf);
    (readoutL1 == null ? poisson : poisson.add(readoutL1)).backward();
    Tensor gradMask;
    Tensor gradCore;
    try (NoGradGuard g = new NoGradGuard()) {
      Tensor gs = sampled.grad().view(n, b * c);
      gradMask = ChunkedProduct.mm(gs, act.t());
      if (readoutL1 != null) gradMask = gradMask.add(maskLeaf.grad());
      gradCore = ChunkedProduct.mm(mask.t(), gs).view(h, w, b, c).permute(2, 3, 0, 1);
    }
    Tensor coreReg = coreRegulariser();
    TensorVector roots = new TensorVector(spatial, coreOut);
    TensorVector grads = new TensorVector(gradMask, gradCore);
    if (coreReg != null) {
      roots.push_back(coreReg);
      grads.push_back(torch.ones_like(coreReg));
    }
    torch.backward(roots, grads, new BoolOptional(), false, new TensorVector());
    try (NoGradGuard g = new NoGradGuard()) { // the value in objective()'s summation order
      Tensor j = coreReg == null ? poisson : poisson.add(coreReg);
      return (readoutL1 == null ? j : j.add(readoutL1)).item_double();
    }
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
