package org.cortexclust.training.engine.libtorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.data.sensorium.MouseSource;
import org.cortexclust.data.sensorium.VideoMouse;
import org.cortexclust.data.simulator.VideoSimulator;
import org.cortexclust.data.simulator.VideoSimulatorOptions;
import org.cortexclust.training.TestSpecs;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.checkpoint.ModelFiles;
import org.cortexclust.training.data.VideoData;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.cortexclust.training.spec.SpaceTime;
import org.cortexclust.training.spec.VideoSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Chunked video training on the simulator's files, read back through {@link VideoMouse}: runs, is deterministic,
 * resumes exactly from a mid-training state, aligns chunks and targets, and refuses bad chunking.
 */
class VideoTrainerTest {
  @TempDir static Path dir;
  static List<VideoData> mice;

  @BeforeAll
  static void simulate() throws IOException {
    VideoSimulatorOptions o = new VideoSimulatorOptions(2, 6, 10, 16, 20, 18, 26, 0.2, 5);
    mice = new ArrayList<>();
    for (Path f : VideoSimulator.write(o, dir, Progress.NONE)) {
      try (VideoMouse vm = VideoMouse.open(MouseSource.folder(f))) {
        mice.add(VideoData.read(vm));
      }
    }
  }

  static VideoSpec spec(SpaceTime st, ReadoutType readout) {
    return new VideoSpec(TestSpecs.rotEq(3, 4, List.of(5, 3), VideoData.CHANNELS, 16, 20, readout, new Regularisation(0.01, 0.5, 0.1),
        new MouseShape(mice.get(0).mouseId(), 6), new MouseShape(mice.get(1).mouseId(), 6)), st, List.of(3, 3));
  }

  static final TrainOptions OPTIONS = new TrainOptions(4, 3, 0.01, 0.3, 2, 1, 1e-6, 1e-4, 42, 1, "cpu", 64);
  static final VideoTrainer.VideoOptions CHUNKS = new VideoTrainer.VideoOptions(12, 5);

  @ParameterizedTest
  @CsvSource({"FACTORISED,GAUSSIAN", "FULL_3D,FACTORISED"})
  void trainsDeterministicallyAndResumesExactly(SpaceTime st, ReadoutType readout) {
    VideoSpec spec = spec(st, readout);
    List<TrainingState> states = new ArrayList<>();
    VideoTrainer.Result full = VideoTrainer.fit(spec, mice, OPTIONS, CHUNKS, Progress.NONE, states::add, null);
    assertEquals(3, full.training().history().size());
    assertTrue(full.training().history().stream().allMatch(h -> Double.isFinite(h.loss()) && Double.isFinite(h.rhoStVal())));
    assertEquals(spec.architectureHash(), full.training().finalState().architectureHash());
    VideoTrainer.Result again = VideoTrainer.fit(spec, mice, OPTIONS, CHUNKS, Progress.NONE, null, null);
    // checkpoint after epoch 1 through a file, then resume
    Path ck = dir.resolve("video-" + st + ".npz");
    try {
      ModelFiles.writeCheckpoint(ck, spec, states.get(0));
      TrainingState back = ModelFiles.readCheckpoint(ck, spec);
      assertEquals(1, back.epoch());
      IOException other = assertThrows(IOException.class, () -> ModelFiles.readCheckpoint(ck, spec(
          st == SpaceTime.FACTORISED ? SpaceTime.FULL_3D : SpaceTime.FACTORISED, readout)));
      assertTrue(other.getMessage().contains("architecture"), other.getMessage());
      Path pf = dir.resolve("params-" + st + ".npz");
      ModelFiles.writeParams(pf, spec, states.get(0).tensors());
      assertArrayEquals(states.get(0).tensors().get("core.layer1.bn.running_var"),
          ModelFiles.readParams(pf, spec).get("core.layer1.bn.running_var"), 0f);
      states.set(0, back);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    VideoTrainer.Result resumed = VideoTrainer.fit(spec, mice, OPTIONS, CHUNKS, Progress.NONE, null, states.get(0));
    for (var e : full.training().params().entrySet()) {
      assertArrayEquals(e.getValue(), again.training().params().get(e.getKey()), 0f, "same seed: " + e.getKey());
      assertArrayEquals(e.getValue(), resumed.training().params().get(e.getKey()), 0f, "resumed: " + e.getKey());
    }
    assertEquals(full.training().history().get(2).rhoStVal(), resumed.training().history().get(2).rhoStVal(), 0.0);
    String kernel = "core.layer0.coeffs";
    assertTrue(java.util.Arrays.mismatch(spec.initialise(42, java.util.Map.of()).get(kernel), full.training().params().get(kernel)) >= 0,
        "training moved the kernels");
    // predictions: NaN before the receptive field is full, finite after
    int[] oracle = mice.get(0).trialIndices("oracle");
    List<float[]> p = VideoTrainer.predictTrials(spec, full.training().params(), mice.get(0), oracle, "cpu");
    assertTrue(Float.isNaN(p.get(0)[(spec.temporalReceptiveField() - 2) * 6]));
    assertTrue(Float.isFinite(p.get(0)[(spec.temporalReceptiveField() - 1) * 6]));
    // embeddings of the dynamic model: readout features as feature x rotation, oracle Sensorium 2023 score per neuron
    var emb = org.cortexclust.training.embedding.VideoEmbeddings.extract(spec, full.training().params(), mice, 5, "cpu", Progress.NONE);
    assertEquals(12, emb.neurons().size());
    assertEquals(12 * 3 * 4, emb.values().length);
    float[] w = full.training().params().get("readout." + mice.get(1).mouseId() + ".features"); // (N, r·F + f)
    // neuron 2 of mouse 1 = row 8; feature 1, rotation 3 -> channel 3·3 + 1
    assertEquals(w[2 * 12 + 3 * 3 + 1], emb.values()[(8 * 3 + 1) * 4 + 3], 0f);
    assertTrue(emb.neurons().stream().allMatch(e -> Double.isFinite(e.rhoStVal()) && Double.isNaN(e.rhoStTest())));
  }

  @Test
  void shifterTrainsFromThePupilCentreOfTheOutputFrames() {
    VideoSpec plain = spec(SpaceTime.FACTORISED, ReadoutType.GAUSSIAN);
    VideoSpec spec = new VideoSpec(plain.base(), plain.spaceTime(), plain.temporalKernels(), true);
    TrainOptions two = new TrainOptions(4, 2, 0.01, 0.3, 2, 1, 1e-6, 1e-4, 42, 1, "cpu", 64);
    VideoTrainer.Result a = VideoTrainer.fit(spec, mice, two, CHUNKS, Progress.NONE, null, null);
    VideoTrainer.Result b = VideoTrainer.fit(spec, mice, two, CHUNKS, Progress.NONE, null, null);
    String w = "shifter." + mice.get(0).mouseId() + ".layer0.weight";
    assertTrue(java.util.Arrays.mismatch(spec.initialise(42, java.util.Map.of()).get(w), a.training().params().get(w)) >= 0,
        "the shifter's weights learn");
    assertArrayEquals(a.training().params().get(w), b.training().params().get(w), 0f, "deterministic");
    // the shifter's input: pupil centres of the frames the core outputs
    int r = spec.temporalReceptiveField();
    float[] pv = Ops.toFloats(VideoTrainer.pupil(mice.get(0), new int[] {1}, new int[] {2}, 8, r,
        org.bytedeco.pytorch.global.torch.ScalarType.Float, TorchFixtures.CPU));
    assertEquals((8 - r + 1) * 2, pv.length);
    assertEquals(mice.get(0).trials().get(1).pupil()[(2 + r - 1) * 2 + 1], pv[1], 0f);
    List<float[]> p = VideoTrainer.predictTrials(spec, a.training().params(), mice.get(0), new int[] {0}, "cpu");
    assertTrue(Float.isFinite(p.get(0)[(r - 1) * 6]));
  }

  @Test
  void chunksAndTargetsAreAlignedWithTheOutputFrames() {
    VideoData m = mice.get(0);
    int[] trials = {0, 3};
    int[] starts = {2, 5};
    var x = VideoTrainer.input(m, trials, starts, 8, org.bytedeco.pytorch.global.torch.ScalarType.Float, TorchFixtures.CPU);
    var y = VideoTrainer.targets(m, trials, starts, 8, 5, org.bytedeco.pytorch.global.torch.ScalarType.Float, TorchFixtures.CPU);
    float[] xv = Ops.toFloats(x);
    float[] yv = Ops.toFloats(y);
    int hw = 16 * 20;
    VideoData.Trial t3 = m.trials().get(3);
    // sample 1, channel 0, chunk frame 2 = trial 3 frame 7, pixel 13
    assertEquals(t3.video()[7 * hw + 13], xv[((1 * 3 + 0) * 8 + 2) * hw + 13]);
    // sample 1, channel 2 (running speed), chunk frame 4, any pixel = behaviour of frame 9
    assertEquals(t3.behavior()[9 * 2 + 1], xv[((1 * 3 + 2) * 8 + 4) * hw + 77]);
    // targets: 8 - 5 + 1 = 4 output frames; output 0 of sample 1 = response at frame 5 + 4 = 9
    assertEquals(2 * 4 * 6, yv.length);
    assertEquals(t3.responses()[9 * 6 + 2], yv[(1 * 4 + 0) * 6 + 2]);
  }

  @Test
  void linearNonlinearBaselineSeesLaggedPooledFramesAndScoresOracleFrames() {
    VideoData m = mice.get(0);
    var d = VideoLinearNonlinear.lagged(m, 3, 2, 2, 5);
    assertEquals(5, d.channels());
    assertEquals(8, d.height());
    assertEquals(10, d.width());
    int first = m.trialIndices("train")[0];
    VideoData.Trial t = m.trials().get(first);
    // row 0: train trial `first`, frame 2; channel 1 = frame 1, pooled pixel (0, 0) = mean of its 2x2 block
    float expected = (t.video()[1 * 320] + t.video()[1 * 320 + 1] + t.video()[1 * 320 + 20] + t.video()[1 * 320 + 21]) / 4;
    float[] img = new float[5 * 80];
    d.images().duplicate().get(img);
    assertEquals(expected, img[80], 1e-5f);
    assertEquals(t.behavior()[2 * 2 + 1], img[4 * 80 + 33], 0f);
    assertEquals(t.responses()[2 * 6 + 3], d.responses().get(3), 0f);
    // row 1 is frame 4 (stride 2); oracle rows start at frame 5 (skip) and take every frame
    assertEquals(t.responses()[4 * 6], d.responses().get(6), 0f);
    int oracleRows = 0;
    for (int i : m.trialIndices("oracle")) oracleRows += m.trials().get(i).frames() - 5;
    assertEquals(oracleRows, d.trialIndices("validation").length);
    var fit = VideoLinearNonlinear.fit(m, 3, 2, 2, 5, 20);
    assertTrue(Double.isFinite(fit.rhoStVal()), "LN fitted and scored on the oracle frames");
  }

  @Test
  void badChunkingIsNamed() {
    VideoSpec spec = spec(SpaceTime.FACTORISED, ReadoutType.GAUSSIAN);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VideoTrainer.fit(spec, mice, OPTIONS,
        new VideoTrainer.VideoOptions(4, 5), Progress.NONE, null, null));
    assertTrue(e.getMessage().contains("shorter than the core's temporal receptive field R = 5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> VideoTrainer.fit(spec, mice, OPTIONS,
        new VideoTrainer.VideoOptions(40, 5), Progress.NONE, null, null));
    assertTrue(e.getMessage().contains("fewer than chunk_frames = 40"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> VideoTrainer.fit(spec, mice, OPTIONS,
        new VideoTrainer.VideoOptions(12, 2), Progress.NONE, null, null));
    assertTrue(e.getMessage().contains("score_skip = 2 must be >= R - 1 = 4"), e.getMessage());
    assertFalse(mice.get(0).trialIndices("oracle").length == 0);
  }
}
