package org.cortexclust.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexclust.common.config.TrainingConfig;
import org.cortexclust.common.stage.StageWork;
import org.cortexclust.data.prepared.PreparedMouse;
import org.cortexclust.training.checkpoint.ModelFiles;
import org.cortexclust.training.data.PreparedMice;
import org.cortexclust.training.model.Engines;
import org.cortexclust.training.model.StaticModel;
import org.cortexclust.training.model.TrainedModel;
import org.cortexclust.training.model.VideoTorchModel;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.VideoSpec;

/**
 * Opens the {@link TrainedModel} of a stage's inputs: the model artifact ({@code model.json} + {@code params.npz}; the
 * engine and static/video kind read from {@code model.json}) with the {@code dataset} input's mice. The one place a
 * stage turns artifacts into a model; stages that consume models use only {@link TrainedModel}.
 */
public final class TrainedModels {
  private TrainedModels() {}

  /** The model of the {@code model} input with the {@code dataset} input's mice. */
  public static TrainedModel open(StageWork work) throws IOException {
    return open(work, "model");
  }

  /** The model of input {@code input} with the {@code dataset} input's mice. */
  public static TrainedModel open(StageWork work, String input) throws IOException {
    Path json = work.inputFile(input, "model.json");
    Path npz = work.inputFile(input, "params.npz");
    if (ModelFiles.isVideoModel(json)) {
      VideoSpec spec = ModelFiles.readVideoSpec(json);
      Map<String, float[]> params = ModelFiles.readParams(npz, spec);
      if (!VideoTrainingStage.isVideo(work)) {
        throw new IllegalArgumentException("model " + work.inputManifest(input).id() + " is a dynamic (video) model but "
            + "dataset artifact " + work.inputManifest("dataset").id() + " has no video-*.zip mice");
      }
      List<VideoTrainingStage.Mouse> mice = VideoTrainingStage.readMice(work);
      Map<String, PreparedMouse.GroundTruth> truth = new LinkedHashMap<>();
      for (VideoTrainingStage.Mouse m : mice) m.truth().ifPresent(g -> truth.put(m.data().mouseId(), g));
      TrainingConfig tc = work.config().training();
      return new VideoTorchModel(spec, params, mice.stream().map(VideoTrainingStage.Mouse::data).toList(),
          tc.video().chunkFrames(), tc.video().scoreSkip(), truth);
    }
    ModelSpec spec = ModelFiles.readSpec(json);
    Map<String, float[]> params = ModelFiles.readParams(npz, spec);
    List<PreparedMouse> prepared = openMice(work);
    try {
      return staticModel(Engines.ofModel(ModelFiles.readEngine(json)).name(), spec, params, prepared);
    } catch (RuntimeException e) {
      closeAll(prepared);
      throw e;
    }
  }

  /**
   * A static model on engine {@code engine} over opened mice; closing the model closes them.
   */
  static StaticModel staticModel(String engine, ModelSpec spec, Map<String, float[]> params, List<PreparedMouse> prepared) {
    Map<String, PreparedMouse.GroundTruth> truth = new LinkedHashMap<>();
    for (PreparedMouse p : prepared) p.groundTruth().ifPresent(g -> truth.put(p.mouseId(), g));
    return new StaticModel(Engines.named(engine), spec, params, prepared.stream().map(PreparedMice::toMouseData).toList(),
        truth, () -> closeAll(prepared));
  }

  /** Every {@code mouse-*.bin} output of the dataset artifact, in name order; none is left open on failure. */
  public static List<PreparedMouse> openMice(StageWork work) throws IOException {
    List<String> names = work.inputManifest("dataset").outputs().keySet().stream()
        .filter(n -> n.startsWith("mouse-") && n.endsWith(".bin")).sorted().toList();
    if (names.isEmpty()) {
      throw new IllegalArgumentException("dataset artifact " + work.inputManifest("dataset").id()
          + " has no mouse-*.bin outputs (found " + work.inputManifest("dataset").outputs().keySet() + ")");
    }
    List<PreparedMouse> out = new ArrayList<>();
    try {
      for (String n : names) out.add(PreparedMouse.open(work.inputFile("dataset", n)));
    } catch (IOException | RuntimeException e) {
      closeAll(out);
      throw e;
    }
    return out;
  }

  /** Closes every mouse (read-only mappings; nothing to flush). */
  public static void closeAll(List<PreparedMouse> ps) {
    for (PreparedMouse p : ps) {
      try {
        p.close();
      } catch (IOException ignored) {
        // read-only mapping; nothing to flush
      }
    }
  }
}
