package org.cortexclust.training.engine.libtorch;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.cortexclust.training.spec.HermiteBasis;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.RotationEquivariantCore;

/**
 * The rotation-equivariant core on LibTorch: w_r = K_r c, the Hermite synthesis of the layer's coefficients at every
 * rotation r; hidden layers additionally roll the input channel axis of rotation r by r·F (docs/science.md §2.3).
 * Constants per model: {@code core.layer<l>.synthesis} (n, k·k, nb), the matrices K_r = H^T R(2πr/n), and for hidden
 * layers {@code core.layer<l>.roll}, the index rolling the input rotation groups.
 */
final class TorchRotationEquivariantCore extends RotationEquivariantCore implements TorchCore {
  @Override
  public void prepare(TorchModel model) {
    ModelSpec spec = model.spec;
    int n = spec.rotations();
    for (int l = 0; l < spec.layers(); l++) {
      int k = spec.kernelSizes().get(l);
      HermiteBasis hb = HermiteBasis.of(k, spec.hermiteUpsampling());
      model.putConstant("core.layer" + l + ".synthesis", Ops.fromDoubles(hb.allRotatedSyntheses(n),
          new long[] {n, (long) k * k, hb.count()}, model.dtype, model.device));
      if (l > 0) {
        int cin = spec.layerInputChannels(l);
        int[] src = rolledInputChannels(spec, l);
        long[] idx = new long[n * cin];
        for (int i = 0; i < idx.length; i++) {
          idx[i] = (long) (i / cin) * cin + src[i];
        }
        Tensor it = torch.empty(new long[] {idx.length}, new TensorOptions(ScalarType.Long),
            new org.bytedeco.pytorch.MemoryFormatOptional());
        it.data_ptr_long().put(idx);
        model.putConstant("core.layer" + l + ".roll", model.device.is_cuda() ? it.to(model.device, ScalarType.Long)
            : it);
      }
    }
  }

  @Override
  public Tensor layerWeight(TorchModel model, int l) {
    return rotatedWeight(model, l, model.t("core.layer" + l + ".coeffs"), model.spec.features());
  }

  /** Every time slice is one more "feature" of the 2D rotation: (n·F·k_t, C_in, k, k), index r·F·k_t + f·k_t + τ. */
  @Override
  public Tensor fullKernel3d(VideoModel model, int l) {
    ModelSpec spec = model.spec;
    int n = spec.rotations();
    int f = spec.features();
    int kt = model.vspec.temporalKernels().get(l);
    int k = spec.kernelSizes().get(l);
    int cin = spec.layerInputChannels(l);
    Tensor w = rotatedWeight(model.tm, l, model.tm.t("core.layer" + l + ".coeffs"), (long) f * kt);
    return w.reshape(n, f, kt, cin, k, k).permute(0, 1, 3, 2, 4, 5).reshape((long) n * f, cin, kt, k, k);
  }

  /**
   * Rotated kernels (n·f, C_in, k, k) of layer l from Hermite coefficients of any shape (nb, C_in, f, ...) flattened
   * to f output "features" (the video model passes F·k_t for full-3D kernels).
   */
  Tensor rotatedWeight(TorchModel model, int l, Tensor coeffs, long f) {
    ModelSpec spec = model.spec;
    int k = spec.kernelSizes().get(l);
    int cin = spec.layerInputChannels(l);
    int n = spec.rotations();
    int nb = basisCount(spec, l);
    Tensor c = coeffs.reshape(nb, cin * f);
    Tensor w = torch.matmul(model.constant("core.layer" + l + ".synthesis"), c) // (n, k·k, cin·f)
        .reshape(n, k, k, cin, f)
        .permute(0, 4, 3, 1, 2); // (n, f, cin, k, k)
    if (l > 0) {
      w = w.permute(0, 2, 1, 3, 4).reshape((long) n * cin, (long) f * k * k)
          .index_select(0, model.constant("core.layer" + l + ".roll"))
          .reshape(n, cin, f, k, k)
          .permute(0, 2, 1, 3, 4);
    }
    return w.reshape((long) n * f, cin, k, k);
  }
}
