package org.cortexclust.training.engine.libtorch;

import static org.cortexclust.training.engine.libtorch.Ops.s;

import org.bytedeco.pytorch.Tensor;
import org.cortexclust.training.spec.CoreKind;
import org.cortexclust.training.spec.Regularisation;

/**
 * A core type on the LibTorch engine, for the static and the video model: the convolution kernels of every layer from
 * the tensors it declares as a {@link CoreKind}, and the core's regulariser. The layer stack around the kernels (conv →
 * batch norm shared across rotations → ELU) is the models'. Stateless; the model's tensors are read with
 * {@link TorchModel#t}, constants made once per model with {@link TorchModel#constant}. A new core is one class
 * implementing this plus one {@code TorchCores.REGISTRY.register} call.
 */
interface TorchCore extends CoreKind {
  /** Called once when a model is built, before any forward pass: the constants its kernels need. */
  default void prepare(TorchModel model) {}

  /** Conv weight of layer l, (n·F, C_in, k, k), rotation-major output channels. */
  Tensor layerWeight(TorchModel model, int l);

  /**
   * Kernels of layer l of a full-3D video core, (n·F, C_in, k_t, k, k), rotation-major output channels; a core without
   * them ({@link CoreKind#fullKernel3d(org.cortexclust.training.spec.ParamSpec, int)}) fails.
   */
  default Tensor fullKernel3d(VideoModel model, int l) {
    throw noFullKernel3d();
  }

  /**
   * γ_inp R_lap + γ_group R_group of the static model (docs/science.md §2.6; null when both weights are 0): the
   * LaplaceL2norm of the first-layer kernels and the group sparsity of the hidden-layer kernels ({@link Regularisation}).
   */
  default Tensor regulariser(TorchModel model) {
    Regularisation reg = model.spec.regularisation();
    Tensor r = null;
    if (reg.gammaInput() > 0) {
      r = model.laplaceRegulariser().mul(s(reg.gammaInput()));
    }
    if (reg.gammaGroup() > 0) {
      Tensor g = model.groupRegulariser();
      if (g != null) {
        g = g.mul(s(reg.gammaGroup()));
        r = r == null ? g : r.add(g);
      }
    }
    return r;
  }

  /** The same for the video model: the Laplace term over every time slice of the first-layer kernels. */
  default Tensor regulariser(VideoModel model) {
    Regularisation reg = model.spec.regularisation();
    int layers = model.spec.layers();
    Tensor r = null;
    if (reg.gammaInput() > 0) {
      Tensor w = model.layerWeight3d(0);
      Tensor slices = w.reshape(w.size(0), w.size(1) * w.size(2), w.size(3), w.size(4));
      r = model.tm.laplaceRegulariser(slices).mul(s(reg.gammaInput()));
    }
    if (reg.gammaGroup() > 0 && layers > 1) {
      Tensor total = null;
      for (int l = 1; l < layers; l++) {
        Tensor g = Ops.sum(model.layerWeight3d(l).pow(s(2)), 2, 3, 4).sqrt().mean();
        total = total == null ? g : total.add(g);
      }
      Tensor g = total.div(s(layers - 1)).mul(s(reg.gammaGroup()));
      r = r == null ? g : r.add(g);
    }
    return r;
  }
}
