package org.cortexclust.training;

/**
 * Training produced a non-finite objective or validation score. The stage fails rather than publish a model with
 * NaN weights (or the best weights of a training that ended early without saying so); its next attempt resumes from
 * the last checkpoint, so a divergence that does not repeat costs one epoch, and one that does names where it began.
 */
public final class TrainingDivergedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;
  /** What every divergence message ends with. */
  public static final String ADVICE = "the next attempt resumes from the last checkpoint; if it diverges again, lower "
      + "training.learning_rate";

  public TrainingDivergedException(String message) {
    super(message);
  }
}
