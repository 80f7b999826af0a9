package org.cortexclust.training.engine.libtorch;

import static org.cortexclust.training.engine.libtorch.Ops.s;

import java.util.Map;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.SpaceTime;
import org.cortexclust.training.spec.VideoSpec;

/**
 * The dynamic (video) core + readout of a {@link VideoSpec} on LibTorch (docs/dynamic.md §1.1, §3). Tensors, rotation of
 * the spatial kernels, readouts, snapshots and optimiser state live in a {@link TorchModel} built with the video
 * parameter list, so the static trainer's machinery (Adam, checkpoints) applies unchanged.
 *
 * <p>Per layer: factorised = conv 1×k×k with the rotated spatial kernels (n·F outputs, rotation-major) → temporal conv
 * k_t×1×1 with one F×F kernel applied inside every rotation block (no padding in time) → BN over features shared
 * across rotations (batch, rotations, time and space pooled) → ELU; full 3D = one conv k_t×k×k whose time slices are
 * all rotated by the block's angle → BN → ELU. The last BN has no scale and bias. Input (B, C, T, H, W): channel 0
 * the video, the others behaviour planes (constant within a frame).
 */
final class VideoModel {
  final VideoSpec vspec;
  final ModelSpec spec;
  final TorchModel tm;

  VideoModel(VideoSpec vspec, Map<String, float[]> values, ScalarType dtype, Device device) {
    this.vspec = vspec;
    this.spec = vspec.base();
    this.tm = new TorchModel(spec, vspec.parameters(), values, dtype, device);
  }

  /** Kernels of layer l as a 3D conv weight (n·F, C_in, k_t or 1, k, k), rotation-major output channels. */
  Tensor layerWeight3d(int l) {
    if (vspec.spaceTime() == SpaceTime.FACTORISED) {
      return tm.layerWeight(l).unsqueeze(2);
    }
    return tm.core.fullKernel3d(this, l);
  }

  /** Core output (B, F·n, T', H', W'), T' = T − R + 1. */
  Tensor core(Tensor x, boolean training) {
    int n = spec.rotations();
    int f = spec.features();
    Tensor h = x;
    for (int l = 0; l < spec.layers(); l++) {
      long pad = spec.padding(l);
      Tensor y = Ops.conv3d(h, layerWeight3d(l), 0, pad);
      long b = y.size(0);
      if (vspec.spaceTime() == SpaceTime.FACTORISED) {
        int kt = vspec.temporalKernels().get(l);
        Tensor blocks = y.reshape(b * n, f, y.size(2), y.size(3), y.size(4));
        y = Ops.conv3d(blocks, tm.t("core.layer" + l + ".temporal").reshape(f, f, kt, 1, 1), 0, 0);
      } else {
        y = y.reshape(b * n, f, y.size(2), y.size(3), y.size(4));
      }
      Tensor z = tm.batchNorm(l, y, training);
      h = torch.elu(z).reshape(b, (long) n * f, z.size(2), z.size(3), z.size(4));
    }
    return h;
  }

  /**
   * Readout pre-activation (B, T', N): the mouse's readout ({@link TorchReadout}) applied to every output frame with
   * the same parameters.
   *
   * @param eps   Gaussian readout jitter (B·T', N, 2), or null for the mean locations
   * @param pupil pupil centre of every output frame (B, T', 2) when the model has a shifter, else ignored (may be null)
   */
  Tensor readout(String mouse, Tensor a, Tensor eps, Tensor pupil) {
    long b = a.size(0);
    long t = a.size(2);
    Tensor frames = a.permute(0, 2, 1, 3, 4).reshape(b * t, a.size(1), a.size(3), a.size(4));
    Tensor shift = vspec.shifter() ? shifts(mouse, pupil.reshape(b * t, 2)) : null;
    return tm.readout(mouse, frames, eps, tm.readoutSpatial(mouse), shift).reshape(b, t, -1);
  }

  /** The mouse's shifter: tanh after every layer of the MLP, (M, 2) pupil centres → (M, 2) location shifts. */
  Tensor shifts(String mouse, Tensor pupil) {
    Tensor h = pupil;
    for (int l = 0; l + 1 < VideoSpec.SHIFTER_WIDTHS.length; l++) {
      String p = "shifter." + mouse + ".layer" + l;
      h = torch.tanh(torch.addmm(tm.t(p + ".bias"), h, tm.t(p + ".weight").t()));
    }
    return h;
  }

  /** Rates ELU(ŷ) + 1, (B, T', N); {@code pupil} as in {@link #readout}. */
  Tensor rates(String mouse, Tensor x, boolean training, Tensor eps, Tensor pupil) {
    return torch.elu(readout(mouse, core(x, training), eps, pupil)).add(s(1));
  }

  /**
   * The core type's weighted regulariser ({@link TorchCore#regulariser(VideoModel)}): γ_inp · Laplace of every time
   * slice of the first-layer kernels + γ_group · hidden-layer group sparsity.
   */
  Tensor coreRegulariser() {
    return tm.core.regulariser(this);
  }

  /**
   * Objective of one batch of chunks of one mouse: sqrt(trainTrials/B) · Poisson loss summed over chunks, output
   * frames and neurons (targets y (B, T', N) aligned with the output frames) + core regularisers + γ readout L1, the
   * engine's one loss ({@link TorchModel#objective(String, Tensor, Tensor, long, java.util.function.Supplier,
   * java.util.function.Supplier)}).
   */
  Tensor objective(String mouse, Tensor x, Tensor y, Tensor eps, Tensor pupil, long trainTrials) {
    return tm.objective(mouse, rates(mouse, x, true, eps, pupil), y, trainTrials, this::coreRegulariser,
        () -> tm.readoutSpatial(mouse));
  }
}
