package org.cortexclust.dec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexclust.clustering.kmeans.KMeans;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.data.sensorium.MouseSource;
import org.cortexclust.data.sensorium.SensoriumReader;
import org.cortexclust.data.sensorium.VideoMouse;
import org.cortexclust.data.simulator.VideoSimulator;
import org.cortexclust.data.simulator.VideoSimulatorOptions;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.data.VideoData;
import org.cortexclust.training.model.VideoTorchModel;
import org.cortexclust.training.spec.CoreType;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ParamSpec;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.cortexclust.training.spec.SpaceTime;
import org.cortexclust.training.spec.VideoSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joint DEC on a small real dynamic (video) model trained on the video simulator's clips: the KL gradient reaches the
 * readout features of the video model, λ = 0 is plain continued video training ({@link VideoTorchModel#fit}), and a run resumed from
 * an epoch checkpoint file equals the uninterrupted one.
 */
class JointDecVideoTest {
  @TempDir static Path dir;
  static List<VideoData> mice;
  static int[] truth;
  static VideoSpec spec;
  static VideoTorchModel model;
  static Map<String, float[]> pretrained;
  static double[][] centres;

  @BeforeAll
  static void pretrain() throws IOException {
    mice = new ArrayList<>();
    List<Integer> types = new ArrayList<>();
    for (Path f : VideoSimulator.write(new VideoSimulatorOptions(2, 12, 12, 16, 20, 18, 26, 0.2, 5), dir, Progress.NONE)) {
      try (MouseSource src = MouseSource.folder(f); VideoMouse vm = VideoMouse.open(src)) {
        mice.add(VideoData.read(vm));
        for (int t : SensoriumReader.readGroundTruth(src, vm.neurons()).orElseThrow().type()) types.add(t);
      }
    }
    truth = types.stream().mapToInt(Integer::intValue).toArray();
    spec = new VideoSpec(new ModelSpec(CoreType.ROTATION_EQUIVARIANT, 2, 4, List.of(5, 3), false, 2, VideoData.CHANNELS, 16, 20, 0.1,
        ReadoutType.GAUSSIAN, 0.3, 0.1, 0.1, List.of(new MouseShape(mice.get(0).mouseId(), 12), new MouseShape(mice.get(1).mouseId(), 12)),
        new Regularisation(0.01, 0.5, 0.1)), SpaceTime.FACTORISED, List.of(3, 3));
    pretrained = VideoTorchModel.fit(spec, mice, train(2), 12, 5, Progress.NONE, null, null).params();
    model = new VideoTorchModel(spec, pretrained, mice, 12, 5, Map.of());
    DecView view = new DecView(2, 4, true, Math.sqrt(8), null);
    centres = KMeans.fit(view.forward(JointDec.embeddings(spec.base(), pretrained)), KMeans.Options.of(3, 1)).centres();
  }

  /** Early stopping disabled (tolerance −1: every epoch is "best", so fit keeps the last weights). */
  static TrainOptions train(int epochs) {
    return new TrainOptions(4, epochs, 0.01, 0.3, 1, 100, -1, 1e-4, 42, 1, "cpu", 64);
  }

  static JointDec.Options options(double lambda, int epochs, boolean freezeCore, RotationMode mode, Method method) {
    return new JointDec.Options(lambda, method == Method.DEC ? 1 : 2.1, 2, 2, 0, epochs, 1e9, mode, freezeCore, true, true,
        train(epochs), method);
  }

  @Test
  void lambdaZeroIsPlainContinuedVideoTraining() {
    JointDec.Result dec = JointDec.fit(model, pretrained, centres, null, options(0, 2, false, RotationMode.INVARIANT, Method.DEC),
        Progress.NONE, null, null);
    Map<String, float[]> zeros = new LinkedHashMap<>();
    for (ParamSpec p : spec.parameters()) {
      if (p.trainable()) zeros.put(p.name(), new float[Math.toIntExact(p.numel())]);
    }
    TrainingState fresh = new TrainingState(spec.architectureHash(), 0, 0, 0.01, Double.NEGATIVE_INFINITY, 0, 0, 0, false, "",
        pretrained, zeros, zeros, null, List.of());
    var cont = VideoTorchModel.fit(spec, mice, train(2), 12, 5, Progress.NONE, null, fresh);
    assertEquals(spec.parameters().size(), dec.params().size());
    for (var e : cont.params().entrySet()) {
      assertArrayEquals(e.getValue(), dec.params().get(e.getKey()), 0f, e.getKey());
    }
    // validation is the Sensorium 2023 oracle score, as the video trainer's
    assertEquals(cont.history().get(1).rhoStVal(), dec.history().get(2).rhoVal(), 0);
    assertEquals(cont.history().get(1).rhoStVal(), dec.rhoValEnd(), 0);
    assertTrue(Double.isNaN(dec.rhoTestStart()) && Double.isNaN(dec.rhoTestEnd()), "video data has no test tier");
    assertTrue(java.util.Arrays.mismatch(pretrained.get("core.layer0.temporal"), dec.params().get("core.layer0.temporal")) >= 0,
        "the temporal kernels train too");
  }

  @Test
  void klGradientReachesTheVideoReadoutFeaturesAndFreezingKeepsTheSpaceTimeCore() {
    JointDec.Options plain = options(0, 3, true, RotationMode.INVARIANT, Method.DEC);
    JointDec.Options kl = options(1e5, 3, true, RotationMode.INVARIANT, Method.DEC);
    JointDec.Result r0 = JointDec.fit(model, pretrained, centres, null, plain, Progress.NONE, null, null);
    JointDec.Result r = JointDec.fit(model, pretrained, centres, null, kl, Progress.NONE, null, null);
    for (ParamSpec p : spec.parameters()) {
      if (p.trainable() && p.name().startsWith("core.")) {
        assertArrayEquals(pretrained.get(p.name()), r.params().get(p.name()), 0f, p.name());
      }
    }
    double start = JointDecTest.meanConfidence(r.startEmbeddings(), centres);
    double without = JointDecTest.meanConfidence(r0.embeddings(), r0.centres());
    double with = JointDecTest.meanConfidence(r.embeddings(), r.centres());
    System.out.printf("video joint DEC: mean max q start %.4f, lambda=0 %.4f, lambda=1e5 %.4f; ARI vs planted: start %.4f, "
        + "lambda=0 %.4f, lambda=1e5 %.4f; oracle rho %.4f -> %.4f%n", start, without, with,
        ClusterMetrics.adjustedRandIndex(truth, r.startLabels()), ClusterMetrics.adjustedRandIndex(truth, r0.labels()),
        ClusterMetrics.adjustedRandIndex(truth, r.labels()), r.rhoValStart(), r.rhoValEnd());
    assertTrue(with > without + 0.05 && with > start + 0.05,
        "soft assignments must sharpen with the KL term: mean max q " + start + " -> " + without + " (λ=0), " + with + " (λ>0)");
    assertEquals(4, r.history().size());
    assertTrue(Double.isFinite(r.history().get(1).other()) && r.history().get(1).other() != 0, "prediction objective is logged");
    assertEquals(24, r.labels().length);
  }

  @Test
  void resumeFromAVideoEpochCheckpointReproducesTheUninterruptedRun() throws Exception {
    List<JointDec.State> states = new ArrayList<>();
    JointDec.Options o = options(1e4, 2, false, RotationMode.INVARIANT, Method.DECEMBER);
    JointDec.Result full = JointDec.fit(model, pretrained, centres, null, o, Progress.NONE, states::add, null);
    assertEquals(2, states.size());
    Path file = dir.resolve("video-dec.ckpt");
    DecCheckpoint.write(file, model.architectureHash(), states.get(0));
    JointDec.State back = DecCheckpoint.read(file, model.architectureHash());
    assertEquals(1, back.epoch());
    assertTrue(back.model().tensors().containsKey("core.layer1.temporal"), "the checkpoint holds the video tensors");
    JointDec.Result resumed = JointDec.fit(model, pretrained, centres, null, o, Progress.NONE, null, back);
    for (var e : full.params().entrySet()) {
      assertArrayEquals(e.getValue(), resumed.params().get(e.getKey()), 0f, e.getKey());
    }
    assertArrayEquals(full.labels(), resumed.labels());
    for (int j = 0; j < full.centres().length; j++) assertArrayEquals(full.centres()[j], resumed.centres()[j], 0);
    assertEquals(full.history(), resumed.history());
    // a checkpoint of the static form of the same layers is another architecture
    IOException other = assertThrows(IOException.class, () -> DecCheckpoint.read(file, spec.base()));
    assertTrue(other.getMessage().contains("architecture"), other.getMessage());
    Files.delete(file);
  }
}
