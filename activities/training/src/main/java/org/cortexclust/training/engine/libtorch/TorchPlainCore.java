package org.cortexclust.training.engine.libtorch;

import org.bytedeco.pytorch.Tensor;
import org.cortexclust.training.spec.PlainCore;

/** The plain core on LibTorch: the kernels are the tensors themselves. */
final class TorchPlainCore extends PlainCore implements TorchCore {
  @Override
  public Tensor layerWeight(TorchModel model, int l) {
    return model.t("core.layer" + l + ".weight");
  }

  @Override
  public Tensor fullKernel3d(VideoModel model, int l) {
    return model.tm.t("core.layer" + l + ".weight");
  }
}
