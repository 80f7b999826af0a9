package org.cortexclust.training.model;

import java.util.Map;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.TrainingState;

/**
 * A model under continued training, epoch by epoch under the caller's control, with the steps of its engine's trainer
 * (batch order, readout jitter and Adam from the seed and the epoch/step counters) plus an optional {@link ExtraLoss}.
 * With no extra loss an epoch is exactly an epoch of plain training.
 */
public interface Tuning {
  /**
   * One epoch (epoch index {@code epoch} seeds the batch order, as in training).
   *
   * @param extra extra loss, or null for plain training
   * @return the mean prediction objective per optimiser step (without the extra loss)
   */
  double epoch(int epoch, double lr, Progress progress, ExtraLoss extra);

  /** The validation score training early-stops on (ρ_st of the validation tier; Sensorium 2023 oracle score for video). */
  double validationScore();

  /** Current tensors by name. */
  Map<String, float[]> params();

  /** Replace the tensors (e.g. the best ones, on early stopping). */
  void load(Map<String, float[]> values);

  /** Optimiser steps taken. */
  long adamStep();

  /** Adam first ({@code true}) or second moments by name. */
  Map<String, float[]> moments(boolean first);

  /** Tensors and optimiser state after {@code epoch} epochs at rate {@code lr}, to resume from. */
  TrainingState state(int epoch, double lr);
}
