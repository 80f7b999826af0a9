package org.cortexclust.training.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.data.prepared.PreparedMouse;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.checkpoint.ModelFiles;
import org.cortexclust.training.data.VideoData;
import org.cortexclust.training.embedding.Embeddings;
import org.cortexclust.training.embedding.VideoEmbeddings;
import org.cortexclust.training.engine.libtorch.TorchRuntime;
import org.cortexclust.training.engine.libtorch.VideoFineTuning;
import org.cortexclust.training.engine.libtorch.VideoTrainer;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.ParamSpec;
import org.cortexclust.training.spec.VideoSpec;

/**
 * A dynamic (video) model on LibTorch with its video mice, trained in chunks as {@link VideoTrainer.VideoOptions} says;
 * validation is the Sensorium 2023 score of the oracle tier, and there is no test score (the Sensorium 2023 release has
 * no test responses).
 */
public final class VideoTorchModel implements TrainedModel {
  private final VideoSpec spec;
  private final Map<String, float[]> params;
  private final List<VideoData> mice;
  private final VideoTrainer.VideoOptions video;
  private final Map<String, PreparedMouse.GroundTruth> truth;

  /**
   * @param mice         the data, any order (every mouse of the spec must be there)
   * @param chunkFrames  frames per training chunk
   * @param scoreSkip    frames dropped at the start of every trial by the validation score
   * @param truth        ground truth by mouse id (mice without are left out)
   */
  public VideoTorchModel(VideoSpec spec, Map<String, float[]> params, List<VideoData> mice, int chunkFrames, int scoreSkip,
      Map<String, PreparedMouse.GroundTruth> truth) {
    this.spec = spec;
    this.params = params;
    this.mice = spec.base().mice().stream().map(s -> mice.stream().filter(m -> m.mouseId().equals(s.mouseId())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("dataset has no mouse '" + s.mouseId()
            + "' that the video model was trained on"))).toList();
    this.video = new VideoTrainer.VideoOptions(chunkFrames, scoreSkip);
    this.truth = Map.copyOf(truth);
  }

  /**
   * Train a video model from scratch, or resume from {@code resume} (null to start fresh), with {@link VideoTrainer}.
   *
   * @param checkpoints receives the full state after every epoch (may be null)
   */
  public static org.cortexclust.training.TrainingResult fit(VideoSpec spec, List<VideoData> mice, TrainOptions o,
      int chunkFrames, int scoreSkip, Progress progress, java.util.function.Consumer<TrainingState> checkpoints,
      TrainingState resume) {
    return VideoTrainer.fit(spec, mice, o, new VideoTrainer.VideoOptions(chunkFrames, scoreSkip), progress, checkpoints,
        resume).training();
  }

  /** The video spec (the dynamic core, shifter and static part). */
  public VideoSpec videoSpec() {
    return spec;
  }

  @Override
  public ModelSpec spec() {
    return spec.base();
  }

  @Override
  public List<ParamSpec> parameters() {
    return spec.parameters();
  }

  @Override
  public String architectureHash() {
    return spec.architectureHash();
  }

  @Override
  public String engine() {
    return TorchRuntime.ENGINE;
  }

  @Override
  public Map<String, float[]> params() {
    return params;
  }

  @Override
  public Map<String, PreparedMouse.GroundTruth> groundTruth() {
    return truth;
  }

  @Override
  public double testScore(Map<String, float[]> p, TrainOptions o) {
    return Double.NaN;
  }

  @Override
  public Embeddings embeddings(Map<String, float[]> p, TrainOptions o, Progress progress) {
    return VideoEmbeddings.extract(spec, p, mice, video.scoreSkip(), o.device(), progress);
  }

  @Override
  public void writeModelJson(Path file, Map<String, Object> extra) throws IOException {
    ModelFiles.writeModelJson(file, spec, TorchRuntime.ENGINE, extra);
  }

  @Override
  public void writeParams(Path file, Map<String, float[]> p) throws IOException {
    ModelFiles.writeParams(file, spec, p);
  }

  @Override
  public void writeCheckpoint(Path file, TrainingState state) throws IOException {
    ModelFiles.writeCheckpoint(file, spec, state);
  }

  @Override
  public TrainingState readCheckpoint(Path file) throws IOException {
    return ModelFiles.readCheckpoint(file, spec);
  }

  @Override
  public Tuning tune(Map<String, float[]> p, Set<String> frozen, TrainOptions o, TrainingState resume) {
    VideoFineTuning ft = new VideoFineTuning(spec, p, o, video, frozen, resume);
    return new BoundTuning((epoch, lr, progress, reads, hook) -> ft.epoch(mice, epoch, lr, progress, reads,
        hook == null ? null : hook::gradients), () -> ft.validationScore(mice), ft::params, ft::load, ft::adamStep,
        ft::moments, ft::state);
  }

  @Override
  public void close() {
    // video trials are re-read from their zips on demand; nothing is held open
  }
}
