package org.cortexclust.training.engine.libtorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.TestSpecs;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingResult;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.checkpoint.ModelFiles;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.data.PlantedMouse;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checkpoint after epoch 1 → write → read → resume gives bit-identical tensors to uninterrupted training. */
class CheckpointResumeTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"GAUSSIAN", "FACTORISED"})
  void resumeEqualsUninterrupted(ReadoutType readout) throws Exception {
    MouseData a = PlantedMouse.generate("a", 260, 12, 18, 18, 6, 3, 0.5, 1).data();
    MouseData b = PlantedMouse.generate("b", 200, 9, 18, 18, 6, 3, 0.5, 2).data();
    ModelSpec spec = TestSpecs.rotEq(2, 4, List.of(7, 5), 4, 18, 18, readout, new Regularisation(0.01, 0.5, 0.1),
        new MouseShape("a", 12), new MouseShape("b", 9));
    TrainOptions o = new TrainOptions(32, 3, 0.01, 0.3, 2, 1, 1e-6, 1e-4, 42, 1, "cpu", 64);
    List<TrainingState> states = new ArrayList<>();
    TrainingResult full = LibTorchTrainer.fit(spec, List.of(a, b), o, Progress.NONE, states::add, null);
    assertEquals(3, full.history().size());
    Path ck = dir.resolve("ck.npz");
    ModelFiles.writeCheckpoint(ck, spec, states.get(0));
    TrainingState back = ModelFiles.readCheckpoint(ck, spec);
    assertEquals(1, back.epoch());
    assertFalse(back.finished());
    TrainingResult resumed = LibTorchTrainer.fit(spec, List.of(a, b), o, Progress.NONE, null, back);
    for (var e : full.params().entrySet()) {
      assertArrayEquals(e.getValue(), resumed.params().get(e.getKey()), 0f, e.getKey());
    }
    assertEquals(full.history().get(2).rhoStVal(), resumed.history().get(2).rhoStVal(), 0.0);
    assertEquals(full.bestEpoch(), resumed.bestEpoch());
    // and training did move the parameters
    Map<String, float[]> init = states.get(0).tensors();
    assertTrue(java.util.Arrays.mismatch(init.get("core.layer0.coeffs"), full.params().get("core.layer0.coeffs"))
        >= 0);
  }

  @org.junit.jupiter.api.Test
  void checkpointOfAnotherArchitectureIsRefused() throws Exception {
    MouseData a = PlantedMouse.generate("a", 120, 5, 18, 18, 4, 2, 0.5, 1).data();
    ModelSpec spec = TestSpecs.rotEq(2, 4, List.of(7, 5), 4, 18, 18, ReadoutType.GAUSSIAN,
        new Regularisation(0, 0, 0), new MouseShape("a", 5));
    List<TrainingState> states = new ArrayList<>();
    LibTorchTrainer.fit(spec, List.of(a), new TrainOptions(32, 1, 0.01, 0.3, 1, 1, 1e-6, 1e-4, 1, 1, "cpu", 64),
        Progress.NONE, states::add, null);
    Path ck = dir.resolve("ck.npz");
    ModelFiles.writeCheckpoint(ck, spec, states.get(0));
    ModelSpec other = TestSpecs.rotEq(3, 4, List.of(7, 5), 4, 18, 18, ReadoutType.GAUSSIAN,
        new Regularisation(0, 0, 0), new MouseShape("a", 5));
    var ex = assertThrows(java.io.IOException.class, () -> ModelFiles.readCheckpoint(ck, other));
    assertTrue(ex.getMessage().contains("architecture"), ex.getMessage());
    assertTrue(Files.size(ck) > 0);
  }
}
