package org.cortexclust.training.model;

import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.TrainingState;

/** A {@link Tuning} from an engine's fine-tuning object, bound to its data (static and video LibTorch). */
record BoundTuning(Epoch epochs, DoubleSupplier validation, Supplier<Map<String, float[]>> tensors,
    Consumer<Map<String, float[]>> loader, LongSupplier steps, Function<Boolean, Map<String, float[]>> adamMoments,
    StateAt states) implements Tuning {
  /** One epoch with the engine's hook: {@code reads} handed to {@code gradients} (null: plain training). */
  interface Epoch {
    double run(int epoch, double lr, Progress progress, Set<String> reads, Hook gradients);
  }

  /** The engine-side form of {@link ExtraLoss#gradients}. */
  interface Hook {
    Map<String, float[]> gradients(long step, Map<String, float[]> values);
  }

  /** {@link Tuning#state}. */
  interface StateAt {
    TrainingState at(int epoch, double lr);
  }

  @Override
  public double epoch(int epoch, double lr, Progress progress, ExtraLoss extra) {
    return extra == null ? epochs.run(epoch, lr, progress, Set.of(), null)
        : epochs.run(epoch, lr, progress, extra.reads(), extra::gradients);
  }

  @Override
  public double validationScore() {
    return validation.getAsDouble();
  }

  @Override
  public Map<String, float[]> params() {
    return tensors.get();
  }

  @Override
  public void load(Map<String, float[]> values) {
    loader.accept(values);
  }

  @Override
  public long adamStep() {
    return steps.getAsLong();
  }

  @Override
  public Map<String, float[]> moments(boolean first) {
    return adamMoments.apply(first);
  }

  @Override
  public TrainingState state(int epoch, double lr) {
    return states.at(epoch, lr);
  }
}
