package org.cortexclust.training;

/**
 * Optimisation settings (docs/science.md §3.6–3.7).
 *
 * @param batchSize       images per mouse per step
 * @param maxEpochs       hard cap on epochs
 * @param learningRate    initial Adam learning rate
 * @param lrDecayFactor   LR multiplier at the end of each phase (ReduceLROnPlateau factor)
 * @param lrDecaySteps    number of phases; training stops after the last one ends
 * @param patience        epochs without improvement that end a phase (best weights restored)
 * @param tolerance       minimum absolute improvement of validation ρ_st
 * @param minLr           floor of the learning rate
 * @param seed            every random choice (init, batch order, readout jitter) derives from it
 * @param threads         intra-op threads; 0 = as many as the machine has
 * @param device          "cpu" or "cuda"
 * @param evalBatchSize   images per forward pass when predicting
 */
public record TrainOptions(
    int batchSize,
    int maxEpochs,
    double learningRate,
    double lrDecayFactor,
    int lrDecaySteps,
    int patience,
    double tolerance,
    double minLr,
    long seed,
    int threads,
    String device,
    int evalBatchSize) {

  public TrainOptions {
    if (batchSize < 2) throw new IllegalArgumentException("batch_size must be >= 2 (batch norm), got " + batchSize);
    if (maxEpochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + maxEpochs);
    if (!(learningRate > 0)) throw new IllegalArgumentException("learning_rate must be > 0, got " + learningRate);
    if (!(lrDecayFactor > 0 && lrDecayFactor <= 1)) {
      throw new IllegalArgumentException("lr_decay_factor must be in (0, 1], got " + lrDecayFactor);
    }
    if (lrDecaySteps < 1) throw new IllegalArgumentException("lr_decay_steps must be >= 1, got " + lrDecaySteps);
    if (patience < 1) throw new IllegalArgumentException("patience must be >= 1, got " + patience);
    if (!"cpu".equals(device) && !"cuda".equals(device)) {
      throw new IllegalArgumentException("device must be cpu or cuda, got '" + device + "'");
    }
    if (evalBatchSize < 1) throw new IllegalArgumentException("eval batch size must be >= 1, got " + evalBatchSize);
  }

  /** Defaults of docs/science.md §3.7 with the given seed, batch size and epoch cap. */
  public static TrainOptions defaults(long seed, int batchSize, int maxEpochs) {
    return new TrainOptions(batchSize, maxEpochs, 0.005, 0.3, 3, 5, 1e-6, 1e-4, seed, 0, "cpu", 256);
  }

  public TrainOptions withMaxEpochs(int e) {
    return new TrainOptions(batchSize, e, learningRate, lrDecayFactor, lrDecaySteps, patience, tolerance, minLr, seed,
        threads, device, evalBatchSize);
  }
}
