package org.cortexclust.training.engine.libtorch;

import org.bytedeco.pytorch.Tensor;
import org.cortexclust.training.spec.ReadoutKind;

/**
 * A readout type on the LibTorch engine, for the static and the video model alike (the video model reads every output
 * frame as one image): its forward pass and its regulariser over the tensors it declares as a {@link ReadoutKind}
 * (parameters, initialisation, embedding). Stateless; the model's tensors are read with {@link TorchModel#t}. A new
 * readout is one class implementing this plus one {@code TorchReadouts.REGISTRY.register} call.
 */
interface TorchReadout extends ReadoutKind {
  /** Called before every forward pass, outside autograd (the Gaussian readout clamps its means). */
  default void beforeForward(TorchModel model, String mouse) {}

  /**
   * The part of one mouse's readout that one forward pass shares between the readout and its regulariser (the
   * factorised readout's normalised mask, the Gaussian one's mean locations), or null.
   */
  default Tensor spatial(TorchModel model, String mouse) {
    return null;
  }

  /**
   * Readout pre-activation ŷ (B, N) of mouse {@code mouse} from core output a (B, C, H', W'), bias included.
   *
   * @param eps     the jitter (B, N, 2) of a {@link #jittered()} readout in training, else null
   * @param spatial {@link #spatial} of this pass
   * @param shift   a shift (B, 2) of all readout locations per sample (the video shifter), or null; only for
   *                readouts {@link #movedByShifter()}
   */
  Tensor output(TorchModel model, String mouse, Tensor a, Tensor eps, Tensor spatial, Tensor shift);

  /** The readout regulariser of one mouse, unweighted (the loss multiplies it by γ_readout); {@code spatial} as above. */
  Tensor regulariser(TorchModel model, String mouse, Tensor spatial);

  /**
   * The training objective of one batch of one mouse followed by its backward pass; returns its value. A readout may
   * replace autograd's path by a cheaper one with the same value and gradients.
   */
  default double objectiveBackward(TorchModel model, String mouse, Tensor x, Tensor y, Tensor eps, long trainTrials) {
    Tensor j = model.objective(mouse, x, y, eps, trainTrials);
    j.backward();
    return j.item_double();
  }
}
