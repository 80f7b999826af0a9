package org.cortexclust.training.engine.libtorch;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.spec.ModelSpec;

/**
 * Extension point for DEC fine-tuning: continued training of a model, epoch by epoch under the caller's control,
 * with the same steps as {@link LibTorchTrainer} (batch order, readout jitter and Adam from the seed and counters)
 * plus an optional extra loss on named tensors whose value and gradient the caller computes outside the engine
 * (float arrays in, float arrays out). With no extra loss it is plain continued training.
 *
 * <p>Frozen tensors keep their values (their gradients are ignored by the update); batch-norm running statistics
 * still follow the training batches.
 */
public final class FineTuning {
  /** An extra loss term evaluated once per optimiser step on current tensor values. */
  @FunctionalInterface
  public interface ExtraLoss {
    /**
     * @param step   the optimiser step about to be taken (1-based, counting from the resumed state)
     * @param values current values of the tensors named in {@link FineTuning#epoch}'s {@code reads}
     * @return gradients to add to those tensors' gradients (missing names add nothing)
     */
    Map<String, float[]> gradients(long step, Map<String, float[]> values);
  }

  private final ModelSpec spec;
  private final TrainOptions options;
  private final TorchModel model;
  private final LibTorchTrainer.Adam adam;

  /**
   * @param params  starting tensors (all of the spec)
   * @param frozen  names of trainable tensors to keep fixed
   * @param resume  optimiser state to continue from (tensors/adamM/adamV/adamStep are used), or null for a fresh
   *                Adam at step 0
   */
  public FineTuning(ModelSpec spec, Map<String, float[]> params, TrainOptions options, Set<String> frozen,
      TrainingState resume) {
    TorchRuntime.ensureLoaded(options.threads());
    this.spec = spec;
    this.options = options;
    this.model = new TorchModel(spec, resume != null ? resume.tensors() : params, ScalarType.Float,
        LibTorchTrainer.device(options.device()));
    this.adam = adam(model, resume, frozen);
  }

  /** Adam from {@code resume} (or fresh) that leaves the {@code frozen} tensors unchanged. */
  static LibTorchTrainer.Adam adam(TorchModel model, TrainingState resume, Set<String> frozen) {
    LibTorchTrainer.Adam adam = new LibTorchTrainer.Adam(model, resume);
    for (String f : frozen) {
      if (!model.trainableNames.contains(f)) {
        throw new IllegalArgumentException("cannot freeze '" + f + "': not a trainable tensor of the model");
      }
    }
    adam.frozen.addAll(frozen);
    return adam;
  }

  /**
   * The step hook that hands the current values of {@code reads} to {@code extra} and adds the gradients it returns
   * to the tensors' gradients (null when {@code extra} is null).
   */
  static LibTorchTrainer.StepHook hook(TorchModel model, Set<String> reads, ExtraLoss extra) {
    return extra == null ? null : step -> {
      Map<String, float[]> values = new LinkedHashMap<>();
      for (String r : reads) values.put(r, Ops.toFloats(model.t(r)));
      Map<String, float[]> grads = extra.gradients(step, values);
      try (NoGradGuard g = new NoGradGuard()) {
        for (var e : grads.entrySet()) {
          Tensor p = model.t(e.getKey());
          Tensor add = Ops.fromFloats(e.getValue(), Ops.shape(p), model.dtype, model.device);
          Tensor grad = p.grad();
          if (!grad.defined()) {
            throw new IllegalStateException("tensor " + e.getKey() + " has no gradient this step; an extra loss can "
                + "only be added to tensors the prediction loss reaches");
          }
          grad.add_(add);
        }
      }
    };
  }

  /** Tensors and Adam state of a fine-tuning as a {@link TrainingState} (see {@link #state(int, double)}). */
  static TrainingState state(String architectureHash, TorchModel model, LibTorchTrainer.Adam adam, int epoch, double lr) {
    Map<String, float[]> t = model.snapshot();
    return new TrainingState(architectureHash, epoch, adam.step, lr, Double.NaN, 0, 0, 0, false, "", t,
        adam.moments(true), adam.moments(false), t, List.of());
  }

  /**
   * One epoch of training (epoch index {@code epoch} seeds the batch order, as in {@link LibTorchTrainer}).
   *
   * @param reads tensors handed to {@code extra} at every step (ignored when extra is null)
   * @return the mean prediction objective per optimiser step (without the extra loss)
   */
  public double epoch(List<MouseData> mice, int epoch, double lr, Set<String> reads, ExtraLoss extra) {
    return epoch(mice, epoch, lr, org.cortexclust.common.progress.Progress.NONE, reads, extra);
  }

  /** {@link #epoch(List, int, double, Set, ExtraLoss)} with step heartbeats to {@code progress}, as in training. */
  public double epoch(List<MouseData> mice, int epoch, double lr, org.cortexclust.common.progress.Progress progress,
      Set<String> reads, ExtraLoss extra) {
    LibTorchTrainer.checkData(spec, mice);
    Map<String, int[]> train = new HashMap<>();
    for (MouseData m : mice) {
      int[] tr = m.trialIndices("train");
      if (tr.length < 2) {
        throw new IllegalArgumentException("mouse " + m.mouseId() + " has " + tr.length + " train trials; need >= 2");
      }
      train.put(m.mouseId(), tr);
    }
    return LibTorchTrainer.trainEpoch(model, adam, mice, train, options, epoch, lr, progress, hook(model, reads, extra));
  }

  /** Mean validation ρ_st over all neurons of all mice (eval mode). */
  public double validationScore(List<MouseData> mice) {
    Map<String, int[]> val = new HashMap<>();
    for (MouseData m : mice) val.put(m.mouseId(), m.trialIndices("validation"));
    return LibTorchTrainer.validationScore(model, mice, val, options.evalBatchSize());
  }

  /** Current tensors by name. */
  public Map<String, float[]> params() {
    return model.snapshot();
  }

  /** Replace the tensors (e.g. the best ones on early stopping); the optimiser state is kept. */
  public void load(Map<String, float[]> values) {
    model.load(values);
  }

  /** Optimiser steps taken. */
  public long adamStep() {
    return adam.step;
  }

  /** Adam first ({@code true}) or second moments by name. */
  public Map<String, float[]> moments(boolean first) {
    return adam.moments(first);
  }

  /**
   * Optimiser state for a checkpoint, as a {@link TrainingState} (only tensors, adamStep, adamM and adamV are
   * meaningful; pass it back as {@code resume}).
   */
  public TrainingState state(int epoch, double lr) {
    return state(spec.architectureHash(), model, adam, epoch, lr);
  }
}
