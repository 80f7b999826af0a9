package org.cortexclust.dec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joint training from epoch PE (dec.start: epoch) on the real LibTorch trainer and two small planted mice: λ = 0 is
 * exactly plain training of the same total length (pre-training paused at PE, early stopping, LR phases and best
 * tensors included), the KL term does reach the model, and a run resumed from a checkpoint file written mid-joint
 * training ends bit-identical to the uninterrupted one.
 */
class JointDecFromEpochTest {
  static final int PE = 2;
  @TempDir static Path dir;
  static List<MouseData> mice;
  static ModelSpec spec;
  static TrainingState pre;
  static double[][] centres;

  static JointDec.Result lambdaZero;
  static JointDec.Result withKl;
  static List<JointDec.State> states = new ArrayList<>();

  /** The training schedule: 5 epochs, patience 1 and two LR phases, so early stopping and LR decay can happen. */
  static TrainOptions schedule() {
    return new TrainOptions(32, 5, 0.01, 0.3, 2, 1, 0, 1e-4, 42, 1, "cpu", 64);
  }

  @BeforeAll
  static void pretrain() {
    mice = List.of(PlantedMouse.generate("a", 180, 14, 16, 16, 6, 3, 0.5, 1).data(),
        PlantedMouse.generate("b", 150, 10, 16, 16, 6, 3, 0.5, 2).data());
    spec = new ModelSpec(CoreType.ROTATION_EQUIVARIANT, 2, 4, List.of(5, 3), false, 2, 4, 16, 16, 0.1,
        ReadoutType.GAUSSIAN, 0.3, 0.1, 0.1, List.of(new MouseShape("a", 14), new MouseShape("b", 10)),
        new Regularisation(0.01, 0.5, 0.1));
    TrainingResult r = Engines.LIBTORCH.fit(spec, mice, schedule(), Progress.NONE, null, null, PE);
    pre = r.finalState();
    DecView view = new DecView(spec.features(), spec.rotations(), true, Math.sqrt(8), null);
    centres = KMeans.fit(view.forward(JointDec.embeddings(spec, pre.tensors())), KMeans.Options.of(3, 1)).centres();
    lambdaZero = joint(0, Method.DECEMBER, null, null);
    withKl = joint(1e5, Method.DECEMBER, states::add, null);
  }

  static JointDec.Options options(double lambda, Method method) {
    return new JointDec.Options(lambda, method == Method.DEC ? 1 : 2.1, 2, 3, 0, 0, 1e9, RotationMode.INVARIANT, false,
        true, true, schedule(), method);
  }

  static JointDec.Result joint(double lambda, Method method, java.util.function.Consumer<JointDec.State> ck,
      JointDec.State resume) {
    return JointDec.fitFromEpoch(StaticModel.of(Engines.LIBTORCH, spec, pre.tensors(), mice), pre, centres,
        options(lambda, method), Progress.NONE, ck, resume);
  }

  @Test
  void pretrainingPausesWithTheCurrentTensors() {
    assertEquals(PE, pre.epoch());
    assertFalse(pre.finished());
    assertEquals(PE, pre.history().size());
  }

  @Test
  void lambdaZeroIsPlainTrainingOfTheSameLength() {
    JointDec.Result dec = lambdaZero;
    TrainingResult plain = Engines.LIBTORCH.fit(spec, mice, schedule(), Progress.NONE, null, null);
    assertEquals(plain.history().size(), dec.epochs());
    assertEquals(plain.stopReason(), dec.stopReason());
    assertEquals(plain.bestRhoVal(), dec.rhoValEnd(), 0);
    for (var e : plain.params().entrySet()) {
      assertArrayEquals(e.getValue(), dec.params().get(e.getKey()), 0f, e.getKey());
    }
    // one history row per joint epoch (after the epoch-PE start row), with the trainer's validation scores
    assertEquals(dec.epochs() - PE + 1, dec.history().size());
    for (int i = 1; i < dec.history().size(); i++) {
      assertEquals(plain.history().get(PE + i - 1).rhoStVal(), dec.history().get(i).rhoVal(), 0);
    }
  }

  @Test
  void theKlTermReachesTheModel() {
    assertTrue(Arrays.mismatch(lambdaZero.params().get("readout.a.features"), withKl.params().get("readout.a.features"))
        >= 0);
    assertTrue(withKl.history().get(1).kl() > 0, withKl.history().toString());
  }

  @Test
  void resumeMidJointTrainingIsBitIdentical() throws Exception {
    JointDec.Result full = withKl;
    assertTrue(states.size() >= 2, "need a checkpoint before the last epoch, got " + states.size());
    Path file = dir.resolve("mid.bin");
    DecCheckpoint.write(file, spec.architectureHash(), states.get(0)); // after epoch PE + 1
    JointDec.State back = DecCheckpoint.read(file, spec.architectureHash());
    assertEquals(PE + 1, back.epoch());
    JointDec.Result resumed = joint(1e5, Method.DECEMBER, null, back);
    assertEquals(full.epochs(), resumed.epochs());
    assertEquals(full.stopReason(), resumed.stopReason());
    assertArrayEquals(full.labels(), resumed.labels());
    for (var e : full.params().entrySet()) {
      assertArrayEquals(e.getValue(), resumed.params().get(e.getKey()), 0f, e.getKey());
    }
    assertEquals(full.history(), resumed.history());
    assertArrayEquals(full.centres(), resumed.centres());
  }
}
