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
import org.cortexclust.training.engine.dl4j.Dl4jTrainer;
import org.cortexclust.training.spec.ModelSpec;

/** The DL4J/ND4J SameDiff engine ({@link Dl4jTrainer}); it has no extra-loss hook, so it declines fine-tuning. */
final class Dl4jEngine implements StaticEngine {
  @Override
  public String name() {
    return "dl4j";
  }

  @Override
  public String id() {
    return Dl4jTrainer.ENGINE;
  }

  @Override
  public TrainingResult fit(ModelSpec spec, List<MouseData> mice, TrainOptions o, Progress progress,
      Consumer<TrainingState> checkpoints, TrainingState resume, int pauseAt) {
    return Dl4jTrainer.fit(spec, mice, o, progress, checkpoints, resume, pauseAt);
  }

  @Override
  public float[] predictRates(ModelSpec spec, Map<String, float[]> params, MouseData m, int[] trials, int evalBatch,
      String device) {
    return Dl4jTrainer.predictRates(spec, params, m, trials, evalBatch, device);
  }

  @Override
  public Tuning tune(ModelSpec spec, Map<String, float[]> params, List<MouseData> mice, TrainOptions o,
      Set<String> frozen, TrainingState resume) {
    throw new UnsupportedOperationException("the dl4j engine cannot continue training with an extra loss (joint DEC / "
        + "DECEMber need it); train with training.engine: libtorch, or use dec.mode: embeddings_only on this model");
  }
}
