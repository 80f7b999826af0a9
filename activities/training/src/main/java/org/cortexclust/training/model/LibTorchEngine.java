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
import org.cortexclust.training.engine.libtorch.FineTuning;
import org.cortexclust.training.engine.libtorch.LibTorchTrainer;
import org.cortexclust.training.engine.libtorch.TorchRuntime;
import org.cortexclust.training.spec.ModelSpec;

/** The LibTorch engine: {@link LibTorchTrainer}, continued training by {@link FineTuning}. */
final class LibTorchEngine implements StaticEngine {
  @Override
  public String name() {
    return "libtorch";
  }

  @Override
  public String id() {
    return TorchRuntime.ENGINE;
  }

  @Override
  public Map<String, Object> runtimeFacts() {
    return Map.of("cpu_kernels", TorchRuntime.cpuKernels());
  }

  @Override
  public TrainingResult fit(ModelSpec spec, List<MouseData> mice, TrainOptions o, Progress progress,
      Consumer<TrainingState> checkpoints, TrainingState resume, int pauseAt) {
    return LibTorchTrainer.fit(spec, mice, o, progress, checkpoints, resume, pauseAt);
  }

  @Override
  public float[] predictRates(ModelSpec spec, Map<String, float[]> params, MouseData m, int[] trials, int evalBatch,
      String device) {
    return LibTorchTrainer.predictRates(spec, params, m, trials, evalBatch, device);
  }

  @Override
  public Tuning tune(ModelSpec spec, Map<String, float[]> params, List<MouseData> mice, TrainOptions o,
      Set<String> frozen, TrainingState resume) {
    FineTuning ft = new FineTuning(spec, params, o, frozen, resume);
    return new BoundTuning((epoch, lr, progress, reads, hook) -> ft.epoch(mice, epoch, lr, progress, reads,
        hook == null ? null : hook::gradients), () -> ft.validationScore(mice), ft::params, ft::load, ft::adamStep,
        ft::moments, ft::state);
  }
}
