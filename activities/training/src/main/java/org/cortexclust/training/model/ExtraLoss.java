package org.cortexclust.training.model;

import java.util.Map;
import java.util.Set;

/**
 * An extra loss on named tensors of a model under training (DEC / DECEMber's clustering loss), evaluated once per
 * optimiser step after the prediction loss's backward pass: the engine hands over the current values of
 * {@link #reads()} and adds the gradients the loss returns. One round trip per step: values out, gradients in.
 */
public interface ExtraLoss {
  /** Names of the tensors whose values {@link #gradients} needs (e.g. {@code readout.<mouse>.features}). */
  Set<String> reads();

  /**
   * @param step   the optimiser step about to be taken (1-based, counting from the resumed state)
   * @param values current values of {@link #reads()}
   * @return gradients to add to those tensors' gradients (missing names add nothing)
   */
  Map<String, float[]> gradients(long step, Map<String, float[]> values);

  /** Called before every epoch of {@link TrainedModel#train} with the epoch index and its learning rate. */
  default void startEpoch(int epoch, double lr) {}
}
