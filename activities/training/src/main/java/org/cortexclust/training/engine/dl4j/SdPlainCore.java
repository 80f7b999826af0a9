package org.cortexclust.training.engine.dl4j;

import org.cortexclust.training.spec.PlainCore;
import org.nd4j.autodiff.samediff.SDVariable;

/** The plain core on SameDiff: the kernels are the tensors themselves, fed in YXIO. */
final class SdPlainCore extends PlainCore implements SdCore {
  @Override
  public SDVariable layerWeight(SdModel model, int l) {
    return model.sd.getVariable("core.layer" + l + ".weight").permute(2, 3, 1, 0);
  }
}
