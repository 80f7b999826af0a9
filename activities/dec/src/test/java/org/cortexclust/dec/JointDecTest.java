package org.cortexclust.dec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexclust.clustering.kmeans.KMeans;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingResult;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.data.PlantedMouse;
import org.cortexclust.training.model.Engines;
import org.cortexclust.training.model.StaticModel;
import org.cortexclust.training.spec.CoreType;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ParamSpec;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The joint loss on a small real LibTorch model trained on planted Gabor cells. */
class JointDecTest {
  static List<MouseData> mice;
  static ModelSpec spec;
  static Map<String, float[]> pretrained;
  static double[][] centres;

  @BeforeAll
  static void pretrain() {
    MouseData a = PlantedMouse.generate("a", 180, 14, 16, 16, 6, 3, 0.5, 1).data();
    MouseData b = PlantedMouse.generate("b", 150, 10, 16, 16, 6, 3, 0.5, 2).data();
    mice = List.of(a, b);
    spec = new ModelSpec(CoreType.ROTATION_EQUIVARIANT, 2, 4, List.of(5, 3), false, 2, 4, 16, 16, 0.1,
        ReadoutType.GAUSSIAN, 0.3, 0.1, 0.1, List.of(new MouseShape("a", 14), new MouseShape("b", 10)),
        new Regularisation(0.01, 0.5, 0.1));
    TrainingResult r = Engines.LIBTORCH.fit(spec, mice, train(2), Progress.NONE, null, null);
    pretrained = r.params();
    DecView view = new DecView(spec.features(), spec.rotations(), true, Math.sqrt(8), null);
    double[][] z = view.forward(JointDec.embeddings(spec, pretrained));
    centres = KMeans.fit(z, KMeans.Options.of(3, 1)).centres();
  }

  /** Early stopping disabled (tolerance −1: every epoch is "best", so fit keeps the last weights). */
  static TrainOptions train(int epochs) {
    return new TrainOptions(32, epochs, 0.01, 0.3, 1, 100, -1, 1e-4, 42, 0, "cpu", 64);
  }

  static JointDec.Options options(double lambda, int epochs, boolean freezeCore, RotationMode mode) {
    return options(lambda, epochs, freezeCore, mode, Method.DEC);
  }

  static JointDec.Options options(double lambda, int epochs, boolean freezeCore, RotationMode mode, Method method) {
    return new JointDec.Options(lambda, method == Method.DEC ? 1 : 2.1, 2, 3, 0, epochs, 1e9, mode, freezeCore, true,
        true, train(epochs), method);
  }

  @Test
  void lambdaZeroIsPlainContinuedTraining() {
    JointDec.Result dec = JointDec.fit(StaticModel.of(Engines.LIBTORCH, spec, pretrained, mice), pretrained, centres, null,
        options(0, 2, false, RotationMode.INVARIANT), Progress.NONE, null, null);
    Map<String, float[]> zeros = new LinkedHashMap<>();
    for (ParamSpec p : spec.parameters()) {
      if (p.trainable()) zeros.put(p.name(), new float[Math.toIntExact(p.numel())]);
    }
    TrainingState fresh = new TrainingState(spec.architectureHash(), 0, 0, 0.01, Double.NEGATIVE_INFINITY, 0, 0, 0,
        false, "", pretrained, zeros, zeros, null, List.of());
    TrainingResult cont = Engines.LIBTORCH.fit(spec, mice, train(2), Progress.NONE, null, fresh);
    for (var e : cont.params().entrySet()) {
      assertArrayEquals(e.getValue(), dec.params().get(e.getKey()), 0f, e.getKey());
    }
    assertEquals(cont.history().get(1).rhoStVal(), dec.history().get(2).rhoVal(), 0);
    // and the training did move the model
    assertTrue(java.util.Arrays.mismatch(pretrained.get("readout.a.features"), dec.params().get("readout.a.features"))
        >= 0);
  }

  @Test
  void klTermTightensClustersAndFreezingKeepsTheCore() {
    // the prediction objective per step is O(sqrt(T·B)·N) ≈ 1e3 here; the per-neuron KL needs a large λ to matter
    JointDec.Result r = JointDec.fit(StaticModel.of(Engines.LIBTORCH, spec, pretrained, mice), pretrained, centres, null,
        options(1e5, 3, true, RotationMode.INVARIANT), Progress.NONE, null, null);
    for (ParamSpec p : spec.parameters()) {
      if (p.trainable() && p.name().startsWith("core.")) {
        assertArrayEquals(pretrained.get(p.name()), r.params().get(p.name()), 0f, p.name());
      }
    }
    List<Refresh> h = r.history();
    assertEquals(4, h.size());
    double before = meanConfidence(r.startEmbeddings(), centres);
    double after = meanConfidence(r.embeddings(), r.centres());
    assertTrue(after > before + 0.05, "soft assignments must sharpen: mean max q " + before + " -> " + after + h);
    assertTrue(Double.isFinite(h.get(1).other()) && h.get(1).other() != 0, "prediction objective is logged");
    assertEquals(24, r.labels().length);
    assertEquals(24, r.embeddings().length);
  }

  /** Mean over neurons of max_j q_ij (rotation-invariant assignment). */
  static double meanConfidence(double[][] z, double[][] mu) {
    double[][] q = DecKernel.softAssign(z, mu, 1, DecKernel.bestShifts(z, mu, 4), 4);
    double s = 0;
    for (double[] row : q) s += java.util.Arrays.stream(row).max().orElseThrow();
    return s / q.length;
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"DEC,FIXED", "DECEMBER,INVARIANT"})
  void resumeFromAnEpochCheckpointReproducesTheUninterruptedRun(Method method, RotationMode mode) throws Exception {
    List<JointDec.State> states = new ArrayList<>();
    JointDec.Options o = options(1e4, 2, false, mode, method);
    int[] shifts = new int[24];
    for (int i = 0; i < shifts.length; i++) shifts[i] = i % 4;
    JointDec.Result full = JointDec.fit(StaticModel.of(Engines.LIBTORCH, spec, pretrained, mice), pretrained, centres, shifts, o, Progress.NONE, states::add,
        null);
    assertEquals(2, states.size());
    java.nio.file.Path file = java.nio.file.Files.createTempFile("dec", ".ckpt");
    try {
      DecCheckpoint.write(file, spec, states.get(0));
      JointDec.State back = DecCheckpoint.read(file, spec);
      JointDec.Result resumed = JointDec.fit(StaticModel.of(Engines.LIBTORCH, spec, pretrained, mice), pretrained, centres, shifts, o, Progress.NONE, null, back);
      for (var e : full.params().entrySet()) {
        assertArrayEquals(e.getValue(), resumed.params().get(e.getKey()), 0f, e.getKey());
      }
      assertArrayEquals(full.labels(), resumed.labels());
      for (int j = 0; j < full.centres().length; j++) assertArrayEquals(full.centres()[j], resumed.centres()[j], 0);
      assertTrue(method == Method.DEC || back.variances() != null, "DECEMber checkpoints carry the scales");
      assertEquals(full.history(), resumed.history());
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }
}
