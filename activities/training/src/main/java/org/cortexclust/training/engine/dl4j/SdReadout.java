package org.cortexclust.training.engine.dl4j;

import java.util.Map;
import org.cortexclust.training.spec.ReadoutKind;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A readout type on the DL4J/SameDiff engine: its part of the graph and its regulariser over the tensors it declares
 * as a {@link ReadoutKind}, plus the placeholders it needs fed per batch. Stateless; a new readout is one class
 * implementing this plus one {@code SdReadouts.REGISTRY.register} call.
 */
interface SdReadout extends ReadoutKind {
  /**
   * Readout pre-activation ŷ (B, N) of mouse {@code mouse} from core output a (B, C, H', W'), bias included.
   *
   * @param tag {@code train} or {@code eval}: the graph has one readout per mode, constants are named apart by it
   */
  SDVariable output(SdModel model, String mouse, SDVariable a, String tag);

  /** The readout regulariser of one mouse, unweighted (the loss multiplies it by γ_readout). */
  SDVariable regulariser(SdModel model, String mouse);

  /**
   * Values of this readout's placeholders for one batch of one mouse.
   *
   * @param eps the jitter (b, N, 2) of a {@link #jittered()} readout in training, or null for its mean location
   */
  default void feed(SdModel model, Map<String, INDArray> ph, String mouse, int b, double[] eps) {}

  /** Called before every step and prediction (the Gaussian readout clamps its means into [−1, 1]). */
  default void beforeForward(SdModel model, String mouse) {}
}
