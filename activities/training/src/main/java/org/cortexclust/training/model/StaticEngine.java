package org.cortexclust.training.model;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingResult;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.spec.ModelSpec;

/** An engine that trains and runs static {@link ModelSpec} models; one entry of the {@link Engines} registry. */
public interface StaticEngine {
  /** The name {@code training.engine} selects it by. */
  String name();

  /** What {@code model.json}'s {@code engine} field records (begins with {@link #name()}). */
  String id();

  /**
   * Facts about how this engine computes in this process that can change its numbers (recorded in {@code
   * model.json}): e.g. which CPU kernels LibTorch uses.
   */
  default Map<String, Object> runtimeFacts() {
    return Map.of();
  }

  /** Train, or resume from {@code resume} (null to start fresh); {@code checkpoints} may be null. */
  default TrainingResult fit(ModelSpec spec, List<MouseData> mice, TrainOptions o, Progress progress,
      Consumer<TrainingState> checkpoints, TrainingState resume) {
    return fit(spec, mice, o, progress, checkpoints, resume, Integer.MAX_VALUE);
  }

  /**
   * {@link #fit} that pauses after {@code pauseAt} epochs: the result then holds the current (not the best) tensors and
   * its state resumes exactly (a pre-training of PE epochs).
   */
  TrainingResult fit(ModelSpec spec, List<MouseData> mice, TrainOptions o, Progress progress,
      Consumer<TrainingState> checkpoints, TrainingState resume, int pauseAt);

  /** Predicted rates (len(trials) × N, trial-major) in evaluation mode. */
  float[] predictRates(ModelSpec spec, Map<String, float[]> params, MouseData m, int[] trials, int evalBatch, String device);

  /**
   * Continued training with an extra loss (see {@link TrainedModel#tune}).
   *
   * @throws UnsupportedOperationException when the engine has no such hook
   */
  Tuning tune(ModelSpec spec, Map<String, float[]> params, List<MouseData> mice, TrainOptions o, Set<String> frozen,
      TrainingState resume);
}
