package org.cortexclust.training.engine.libtorch;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.data.VideoData;
import org.cortexclust.training.spec.VideoSpec;

/**
 * The video counterpart of {@link FineTuning}: continued training of a dynamic (video) model, epoch by epoch under the
 * caller's control, with the steps of {@link VideoTrainer} (batch order, chunk starts, readout jitter and Adam from the
 * seed and the epoch/step counters) plus an optional {@link FineTuning.ExtraLoss} on named tensors. With no extra loss
 * it is plain continued {@link VideoTrainer} training. Validation is VideoTrainer's: the Sensorium 2023 score of whole
 * oracle trials, neurons of all mice pooled.
 *
 * <p>Frozen tensors keep their values; batch-norm running statistics still follow the training chunks.
 */
public final class VideoFineTuning {
  private final VideoSpec spec;
  private final TrainOptions options;
  private final VideoTrainer.VideoOptions video;
  private final VideoModel model;
  private final LibTorchTrainer.Adam adam;

  /**
   * @param params starting tensors (all of {@link VideoSpec#parameters()})
   * @param frozen names of trainable tensors to keep fixed
   * @param resume optimiser state to continue from (tensors/adamM/adamV/adamStep are used), or null for a fresh Adam
   *               at step 0
   */
  public VideoFineTuning(VideoSpec spec, Map<String, float[]> params, TrainOptions options, VideoTrainer.VideoOptions video,
      Set<String> frozen, TrainingState resume) {
    TorchRuntime.ensureLoaded(options.threads());
    video.check(spec);
    VideoTrainer.checkResume(spec, resume);
    this.spec = spec;
    this.options = options;
    this.video = video;
    this.model = new VideoModel(spec, resume != null ? resume.tensors() : params, ScalarType.Float,
        LibTorchTrainer.device(options.device()));
    this.adam = FineTuning.adam(model.tm, resume, frozen);
  }

  /**
   * One epoch over every train trial of every mouse (epoch index {@code epoch} seeds the batch order and the chunk
   * starts, as in {@link VideoTrainer}).
   *
   * @param reads tensors handed to {@code extra} at every step (ignored when extra is null)
   * @return the mean prediction objective per optimiser step (without the extra loss)
   */
  public double epoch(List<VideoData> mice, int epoch, double lr, Set<String> reads, FineTuning.ExtraLoss extra) {
    return epoch(mice, epoch, lr, Progress.NONE, reads, extra);
  }

  /** {@link #epoch(List, int, double, Set, FineTuning.ExtraLoss)} with step heartbeats to {@code progress}. */
  public double epoch(List<VideoData> mice, int epoch, double lr, Progress progress, Set<String> reads,
      FineTuning.ExtraLoss extra) {
    VideoTrainer.checkData(spec, mice, video);
    return VideoTrainer.trainEpoch(model, adam, mice, VideoTrainer.trainTier(mice), options, video, epoch, lr, progress,
        FineTuning.hook(model.tm, reads, extra));
  }

  /** Sensorium 2023 score of the oracle tier (first {@code scoreSkip} frames of every trial dropped), as VideoTrainer validates. */
  public double validationScore(List<VideoData> mice) {
    return VideoTrainer.validationScore(model, mice, VideoTrainer.oracleTier(mice), video.scoreSkip());
  }

  /** Current tensors by name. */
  public Map<String, float[]> params() {
    return model.tm.snapshot();
  }

  /** Replace the tensors (e.g. the best ones on early stopping); the optimiser state is kept. */
  public void load(Map<String, float[]> values) {
    model.tm.load(values);
  }

  /** Optimiser steps taken. */
  public long adamStep() {
    return adam.step;
  }

  /** Adam first ({@code true}) or second moments by name. */
  public Map<String, float[]> moments(boolean first) {
    return adam.moments(first);
  }

  /** Optimiser state for a checkpoint (tensors, adamStep, adamM and adamV; pass it back as {@code resume}). */
  public TrainingState state(int epoch, double lr) {
    return FineTuning.state(spec.architectureHash(), model.tm, adam, epoch, lr);
  }
}
