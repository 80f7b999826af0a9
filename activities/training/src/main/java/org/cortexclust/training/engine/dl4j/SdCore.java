package org.cortexclust.training.engine.dl4j;

import org.cortexclust.training.spec.CoreKind;
import org.cortexclust.training.spec.Regularisation;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A core type on the DL4J/SameDiff engine: the convolution kernels of every layer from the tensors it declares as a
 * {@link CoreKind}, and the core's regulariser. The layer stack around the kernels (conv → batch norm shared across
 * rotations → ELU) is the model's. Stateless; a new core is one class implementing this plus one
 * {@code SdCores.REGISTRY.register} call.
 */
interface SdCore extends CoreKind {
  /** Conv weight of layer l in YXIO layout (k, k, C_in, n·F), output channel r·F + f. */
  SDVariable layerWeight(SdModel model, int l);

  /**
   * γ_inp R_lap + γ_group R_group (docs/science.md §2.6; null when both weights are 0): the LaplaceL2norm of the
   * first-layer kernels and the group sparsity of the hidden-layer kernels ({@link Regularisation}).
   *
   * @param weights every layer's {@link #layerWeight}
   */
  default SDVariable regulariser(SdModel model, SDVariable[] weights) {
    Regularisation reg = model.spec.regularisation();
    int layers = model.spec.layers();
    SDVariable r = null;
    if (reg.gammaInput() > 0) {
      int k = model.spec.kernelSizes().get(0);
      SDVariable flat = weights[0].permute(3, 2, 0, 1).reshape(-1, 1, k, k);
      SDVariable lapK = model.sd.constant("laplace", model.constant(new double[] {0, -1, 0, -1, 4, -1, 0, -1, 0}, 3,
          3, 1, 1));
      SDVariable lap = model.sd.cnn().conv2d(flat, lapK, SdModel.conv(3, 1));
      r = lap.mul(lap).sum().div(weights[0].mul(weights[0]).sum()).mul(reg.gammaInput());
    }
    if (reg.gammaGroup() > 0 && layers > 1) {
      SDVariable total = null;
      for (int l = 1; l < layers; l++) {
        SDVariable g = model.sd.math().sqrt(weights[l].mul(weights[l]).sum(0, 1)).mean();
        total = total == null ? g : total.add(g);
      }
      SDVariable g = total.div(layers - 1.0).mul(reg.gammaGroup());
      r = r == null ? g : r.add(g);
    }
    return r;
  }
}
