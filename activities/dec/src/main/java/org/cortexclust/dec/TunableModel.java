package org.cortexclust.dec;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.data.VideoData;
import org.cortexclust.training.engine.libtorch.FineTuning;
import org.cortexclust.training.engine.libtorch.VideoFineTuning;
import org.cortexclust.training.engine.libtorch.VideoTrainer;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.ParamSpec;
import org.cortexclust.training.spec.VideoSpec;

/**
 * What {@link JointDec} fine-tunes: a trained core + readout model and its data under continued training, static
 * ({@link FineTuning}, validation ρ_st on the validation tier) or dynamic ({@link VideoFineTuning}, the Sensorium 2023
 * score on the oracle tier). The embeddings are the readout feature tensors {@code readout.<mouse>.features} of the
 * {@link #base()} spec's mice, in its order, for both.
 */
public interface TunableModel {
  /** Features, rotations and mice (readout order) of the embeddings. */
  ModelSpec base();

  /** Every tensor of the model (the video spec's list for a video model). */
  List<ParamSpec> parameters();

  /** Identifies the architecture in checkpoints. */
  String architectureHash();

  /** A continued-training session from {@code params}, or from {@code resume}'s tensors and optimiser state. */
  Session open(Map<String, float[]> params, Set<String> frozen, TrainOptions o, TrainingState resume);

  /** Mean test-tier correlation of the model with {@code params} (NaN when the data has no scored test tier). */
  double testScore(Map<String, float[]> params, TrainOptions o);

  /** A model under continued training. */
  interface Session {
    /** One epoch with the extra loss on {@code reads} (null extra: plain training); the mean prediction objective per step. */
    double epoch(int epoch, double lr, Set<String> reads, FineTuning.ExtraLoss extra);

    double validationScore();

    Map<String, float[]> params();

    /** Tensors and optimiser state after {@code epoch} epochs, to resume from. */
    TrainingState state(int epoch, double lr);
  }

  /** A session from an engine's fine-tuning, bound to its data. */
  record Bound(Epoch epochs, java.util.function.DoubleSupplier validation, java.util.function.Supplier<Map<String, float[]>> tensors,
      StateAt states) implements Session {
    /** {@link Session#epoch}. */
    public interface Epoch {
      double run(int epoch, double lr, Set<String> reads, FineTuning.ExtraLoss extra);
    }

    /** {@link Session#state}. */
    public interface StateAt {
      TrainingState at(int epoch, double lr);
    }

    @Override
    public double epoch(int epoch, double lr, Set<String> reads, FineTuning.ExtraLoss extra) {
      return epochs.run(epoch, lr, reads, extra);
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
    public TrainingState state(int epoch, double lr) {
      return states.at(epoch, lr);
    }
  }

  /** A model described by its parts: how to open a session and how to score the test tier. */
  record Of(ModelSpec base, List<ParamSpec> parameters, String architectureHash, Opener opener, TestScore tester)
      implements TunableModel {
    /** {@link TunableModel#open}. */
    public interface Opener {
      Session open(Map<String, float[]> params, Set<String> frozen, TrainOptions o, TrainingState resume);
    }

    /** {@link TunableModel#testScore}. */
    public interface TestScore {
      double of(Map<String, float[]> params, TrainOptions o);
    }

    @Override
    public Session open(Map<String, float[]> params, Set<String> frozen, TrainOptions o, TrainingState resume) {
      return opener.open(params, frozen, o, resume);
    }

    @Override
    public double testScore(Map<String, float[]> params, TrainOptions o) {
      return tester.of(params, o);
    }
  }

  /** A static model and its mice (in the spec's readout order). */
  static TunableModel of(ModelSpec spec, List<MouseData> mice) {
    return new Of(spec, spec.parameters(), spec.architectureHash(), (params, frozen, o, resume) -> {
      FineTuning ft = new FineTuning(spec, params, o, frozen, resume);
      return new Bound((epoch, lr, reads, extra) -> ft.epoch(mice, epoch, lr, reads, extra),
          () -> ft.validationScore(mice), ft::params, ft::state);
    }, (params, o) -> JointDec.testRho(spec, params, mice, o));
  }

  /**
   * A dynamic (video) model and its mice (in the spec's readout order), trained in chunks as {@code video} says. The
   * test score is NaN: video data carries train and oracle trials only (the Sensorium 2023 release has no test
   * responses).
   */
  static TunableModel of(VideoSpec spec, List<VideoData> mice, VideoTrainer.VideoOptions video) {
    return new Of(spec.base(), spec.parameters(), spec.architectureHash(), (params, frozen, o, resume) -> {
      VideoFineTuning ft = new VideoFineTuning(spec, params, o, video, frozen, resume);
      return new Bound((epoch, lr, reads, extra) -> ft.epoch(mice, epoch, lr, reads, extra),
          () -> ft.validationScore(mice), ft::params, ft::state);
    }, (params, o) -> Double.NaN);
  }
}
