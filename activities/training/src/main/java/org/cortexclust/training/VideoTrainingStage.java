package org.cortexclust.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cortexclust.common.config.ConfigErrors;
import org.cortexclust.common.config.ConfigException;
import org.cortexclust.common.config.TrainingConfig;
import org.cortexclust.common.stage.StageWork;
import org.cortexclust.data.VideoDatasetImporter;
import org.cortexclust.data.prepared.PreparedMouse;
import org.cortexclust.data.sensorium.MouseSource;
import org.cortexclust.data.sensorium.SensoriumFormatException;
import org.cortexclust.data.sensorium.SensoriumReader;
import org.cortexclust.data.sensorium.VideoMouse;
import org.cortexclust.training.checkpoint.ModelFiles;
import org.cortexclust.training.data.VideoData;
import org.cortexclust.training.engine.libtorch.TorchRuntime;
import org.cortexclust.training.engine.libtorch.VideoTrainer;
import org.cortexclust.training.measures.Correlations;
import org.cortexclust.training.measures.VideoCorrelations;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.SpaceTime;
import org.cortexclust.training.spec.VideoSpec;

/**
 * The training stage on a dynamic (video) dataset artifact ({@code video-<key>.zip} per mouse, see
 * {@link VideoDatasetImporter}): the model is {@code training.core} / {@code training.readout} with the space-time
 * settings of {@code training.video}, trained by {@link VideoTrainer} with the static path's checkpoints and resume
 * ({@link StageWork#checkpoint}); outputs {@code model.json} (format {@value ModelFiles#VIDEO_MODEL_FORMAT}),
 * {@code params.npz}, {@code history.csv}. The embeddings stage reads the trained video model through
 * {@link TrainedModels} like a static one (static form: {@code embeddings.npy}, {@code neurons.csv}), so alignment,
 * clustering, DEC and evaluation take them unchanged. Scores: the Sensorium 2023 metric on the
 * {@code oracle} tier ({@code training.video.score_skip} frames dropped per trial, trials concatenated, neurons of all
 * mice pooled) and the per-trial correlation for comparison.
 */
public final class VideoTrainingStage {

  private VideoTrainingStage() {}

  /** True when the {@code dataset} input is a video dataset artifact. */
  public static boolean isVideo(StageWork work) throws IOException {
    return !videoFiles(work).isEmpty();
  }

  static List<String> videoFiles(StageWork work) throws IOException {
    return work.inputManifest("dataset").outputs().keySet().stream()
        .filter(n -> n.startsWith(VideoDatasetImporter.PREFIX) && n.endsWith(".zip")).sorted().toList();
  }

  /** A mouse of the dataset artifact with its ground truth (empty when unknown). */
  public record Mouse(VideoData data, Optional<PreparedMouse.GroundTruth> truth) {}

  /** The mice of the {@code dataset} input (a video dataset artifact), in file-name order. */
  public static List<Mouse> readMice(StageWork work) throws IOException {
    List<Mouse> out = new ArrayList<>();
    for (String name : videoFiles(work)) {
      Path zip = work.inputFile("dataset", name);
      // the trials stay on disk, read again when the JVM has dropped them (a real mouse does not fit in memory)
      VideoData.Source reopen = () -> {
        MouseSource src = MouseSource.zip(zip);
        try {
          return VideoMouse.open(src);
        } catch (IOException | RuntimeException e) {
          src.close();
          throw e;
        }
      };
      try (MouseSource src = MouseSource.zip(zip); VideoMouse vm = VideoMouse.open(src)) {
        out.add(new Mouse(VideoData.open(reopen), SensoriumReader.readGroundTruth(src, vm.neurons())));
      } catch (SensoriumFormatException e) {
        throw new IllegalArgumentException("dataset artifact " + work.inputManifest("dataset").id() + ", " + name + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** The video model of the {@code training} section for these mice (frame size from the data). */
  static VideoSpec spec(TrainingConfig tc, List<VideoData> mice) {
    ConfigErrors errors = new ConfigErrors("training config");
    tc.validateVideo(errors, "training");
    if (!errors.problems().isEmpty()) {
      throw new ConfigException(errors.source(), errors.problems());
    }
    VideoData first = mice.get(0);
    for (VideoData m : mice) {
      if (m.height() != first.height() || m.width() != first.width()) {
        throw new IllegalArgumentException("dataset: mouse " + m.mouseId() + " has " + m.height() + "x" + m.width() + " frames but mouse "
            + first.mouseId() + " has " + first.height() + "x" + first.width() + "; one shared core needs one frame size");
      }
    }
    var base = TrainingSetup.spec(tc, VideoData.CHANNELS, first.height(), first.width(),
        mice.stream().map(m -> new MouseShape(m.mouseId(), m.neurons())).toList());
    return new VideoSpec(base, SpaceTime.parse(tc.video().spaceTime()), tc.video().temporalKernels(), tc.video().shifter());
  }

  /** Chunking and scoring of {@code training.video}. */
  public static VideoTrainer.VideoOptions videoOptions(TrainingConfig tc) {
    return new VideoTrainer.VideoOptions(tc.video().chunkFrames(), tc.video().scoreSkip());
  }

  static void train(StageWork work) throws IOException {
    TrainingConfig tc = work.config().training();
    if (!"libtorch".equals(tc.engine())) {
      throw new IllegalArgumentException("training.engine: the dynamic (video) model runs on libtorch only, got '" + tc.engine() + "'");
    }
    List<VideoData> mice = readMice(work).stream().map(Mouse::data).toList();
    VideoSpec spec = spec(tc, mice);
    TrainOptions o = TrainingSetup.options(tc, work.seed());
    VideoTrainer.VideoOptions vo = videoOptions(tc);
    Optional<StageWork.Checkpoint> ck = work.latestCheckpoint();
    TrainingState resume = ck.isPresent() ? ModelFiles.readCheckpoint(ck.get().file(), spec) : null;
    VideoTrainer.Result r = VideoTrainer.fit(spec, mice, o, vo, work.progress(),
        TrainingSetup.checkpoints(work, (file, state) -> ModelFiles.writeCheckpoint(file, spec, state)), resume);
    TrainingResult tr = r.training();
    work.progress().report("score", 0, mice.size(), Map.of());
    Scores s = oracleScores(spec, tr.params(), mice, vo.scoreSkip(), o.device());
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("best_rho_st_val", tr.bestRhoVal());
    extra.put("best_epoch", tr.bestEpoch());
    extra.put("stop_reason", tr.stopReason());
    extra.put("chunk_frames", vo.chunkFrames());
    extra.put("score_skip", vo.scoreSkip());
    Path model = work.workDir().resolve("model.json");
    ModelFiles.writeModelJson(model, spec, TorchRuntime.ENGINE, extra);
    Path params = work.workDir().resolve("params.npz");
    ModelFiles.writeParams(params, spec, tr.params());
    TrainingSetup.addModelOutputs(work, model, params, tr);
    if (Double.isFinite(s.sensorium2023())) work.metric("sensorium2023_oracle", s.sensorium2023());
    if (Double.isFinite(s.perTrial())) work.metric("rho_trial_oracle", s.perTrial());
    work.metric("temporal_receptive_field", spec.temporalReceptiveField());
  }

  /** Sensorium 2023 score and mean per-trial correlation of the oracle tier, neurons of all mice pooled. */
  record Scores(double sensorium2023, double perTrial) {}

  static Scores oracleScores(VideoSpec spec, Map<String, float[]> params, List<VideoData> mice, int skip, String device) {
    List<Double> st = new ArrayList<>();
    List<Double> pt = new ArrayList<>();
    for (VideoData m : mice) {
      int[] oracle = m.trialIndices("oracle");
      if (oracle.length == 0) continue;
      List<float[]> obs = new ArrayList<>();
      for (int i : oracle) obs.add(m.trials().get(i).responses());
      List<float[]> pred = VideoTrainer.predictTrials(spec, params, m, oracle, device);
      for (double v : VideoCorrelations.concatenated(obs, pred, m.neurons(), skip)) st.add(v);
      for (double v : VideoCorrelations.perTrial(obs, pred, m.neurons(), skip)) pt.add(v);
    }
    return new Scores(st.isEmpty() ? Double.NaN : Correlations.mean(st.stream().mapToDouble(Double::doubleValue).toArray()),
        pt.isEmpty() ? Double.NaN : Correlations.mean(pt.stream().mapToDouble(Double::doubleValue).toArray()));
  }
}
