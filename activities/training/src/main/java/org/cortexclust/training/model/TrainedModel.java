package org.cortexclust.training.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.data.prepared.PreparedMouse;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingLoop;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.embedding.Embeddings;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ParamSpec;

/**
 * A trained core + readout model and its data, whatever the engine (static LibTorch {@link StaticModel} on
 * {@link Engines#LIBTORCH}, static DL4J on {@link Engines#DL4J}, dynamic video LibTorch {@link VideoTorchModel}):
 * predictions scored on the data's tiers, continued training with an {@link ExtraLoss} on named tensors (from the
 * trained model or from any epoch's {@link TrainingState}), embeddings, and its files. Stages that consume a model (DEC,
 * embeddings, evaluation) see only this interface; {@code TrainedModels} opens one from a stage's inputs.
 *
 * <p>The embeddings are the readout feature tensors {@code readout.<mouse>.features} of {@link #spec()}'s mice, in its
 * order, for every implementation.
 */
public interface TrainedModel extends AutoCloseable {
  /** Features, rotations and mice (readout order) of the model; a video model's static part. */
  ModelSpec spec();

  /** Every tensor of the model (a video model's full list). */
  List<ParamSpec> parameters();

  /** Identifies the architecture in checkpoints. */
  String architectureHash();

  /** The engine as {@code model.json} records it. */
  String engine();

  /** The tensors the model was opened with. */
  Map<String, float[]> params();

  /** Planted ground truth of the mice that have one, by mouse id. */
  Map<String, PreparedMouse.GroundTruth> groundTruth();

  /** Planted type per neuron in model order, or null when any mouse lacks ground truth. */
  default int[] truth() {
    List<int[]> parts = new ArrayList<>();
    for (MouseShape m : spec().mice()) {
      PreparedMouse.GroundTruth g = groundTruth().get(m.mouseId());
      if (g == null) return null;
      parts.add(g.type());
    }
    return parts.stream().flatMapToInt(Arrays::stream).toArray();
  }

  /** Mean single-trial ρ of the test tier over all neurons of mice that have one (NaN when none, e.g. video data). */
  double testScore(Map<String, float[]> params, TrainOptions o);

  /**
   * Single-trial ρ of the test tier per neuron in model order (NaN for the neurons of a mouse without a test tier), or
   * null when the model scores no test tier at all (video data). Its mean over the mice that have one is
   * {@link #testScore}.
   */
  default double[] testScores(Map<String, float[]> params, TrainOptions o) {
    return null;
  }

  /** Embeddings (static form: N × f × n, with location and per-neuron scores) of the model with {@code params}. */
  Embeddings embeddings(Map<String, float[]> params, TrainOptions o, Progress progress);

  /** {@code model.json} of this model (its spec, engine and {@code extra} fields). */
  void writeModelJson(Path file, Map<String, Object> extra) throws IOException;

  /** {@code params.npz} of these tensors. */
  void writeParams(Path file, Map<String, float[]> params) throws IOException;

  /** A resumable training checkpoint of this model. */
  void writeCheckpoint(Path file, TrainingState state) throws IOException;

  /** Reads a checkpoint written by {@link #writeCheckpoint}; refuses one of another architecture. */
  TrainingState readCheckpoint(Path file) throws IOException;

  /**
   * Continued training from {@code params}, or from {@code resume}'s tensors and optimiser state.
   *
   * @param frozen trainable tensors to keep fixed
   * @throws UnsupportedOperationException when the engine cannot continue training with an extra loss (DL4J)
   */
  Tuning tune(Map<String, float[]> params, Set<String> frozen, TrainOptions o, TrainingState resume);

  /**
   * Training with the normal schedule (early stopping on the validation score with LR phases and the best tensors
   * restored, checkpoints after every epoch, progress) plus {@code extra} at every optimiser step, from
   * {@link #params()} with a fresh optimiser or from {@code resume} (any epoch's state, e.g. a pre-training's). With
   * {@code extra} null or adding no gradients this is exactly plain training resumed from the same state.
   *
   * @param frozen      trainable tensors to keep fixed
   * @param checkpoints receives the state after every epoch (may be null)
   * @return the final state (tensors = the best ones)
   */
  default TrainingState train(TrainOptions o, Set<String> frozen, Progress progress, Consumer<TrainingState> checkpoints,
      TrainingState resume, ExtraLoss extra) {
    Tuning t = tune(params(), frozen, o, resume);
    return TrainingLoop.runState(architectureHash(), o, progress, checkpoints, resume, TrainingLoop.session(
        (epoch, lr, p) -> {
          if (extra != null) extra.startEpoch(epoch, lr);
          return t.epoch(epoch, lr, p, extra);
        }, t::validationScore, t::params, t::load, t::adamStep, t::moments));
  }

  /** Releases the data (memory-mapped mice). */
  @Override
  void close();
}
