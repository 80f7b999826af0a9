package org.cortexclust.training.engine.libtorch;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.TestSpecs;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingDivergedException;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.data.PlantedMouse;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.junit.jupiter.api.Test;

/**
 * A training whose objective turns non-finite fails, naming the epoch, the step and what was non-finite, instead of
 * publishing NaN weights (or, silently, the weights of the epochs before) as a finished model; the checkpoints written
 * before the divergence are kept for the next attempt.
 */
class TrainingDivergenceTest {
  @Test
  void aDivergingTrainingFailsAndNamesWhere() {
    MouseData m = PlantedMouse.generate("a", 60, 10, 18, 18, 6, 3, 0.5, 1).data();
    for (ReadoutType readout : List.of(ReadoutType.GAUSSIAN, ReadoutType.FACTORISED)) {
      ModelSpec spec = TestSpecs.rotEq(2, 4, List.of(7, 5), 4, 18, 18, readout, new Regularisation(0.01, 0.5, 0.1),
          new MouseShape(m.mouseId(), m.neurons()));
      // Adam moves every weight by about the learning rate: 1e30 overflows float32 at the first products
      TrainOptions o = new TrainOptions(16, 3, 1e30, 0.3, 2, 1, 1e-6, 1e-4, 5, 1, "cpu", 64);
      List<TrainingState> checkpoints = new ArrayList<>();
      TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
          () -> LibTorchTrainer.fit(spec, List.of(m), o, Progress.NONE, checkpoints::add, null), String.valueOf(readout));
      assertTrue(e.getMessage().matches("training diverged: objective (NaN|-?Infinity) at epoch 1, step \\d+ of \\d+ "
          + "\\(mouse a, learning rate 1.0E30\\); non-finite: .+\\. The next attempt resumes .*"), e.getMessage());
      assertTrue(e.getMessage().contains("core") || e.getMessage().contains("readout")
          || e.getMessage().contains("only the objective"), e.getMessage());
      assertTrue(checkpoints.isEmpty(), "nothing checkpointed from a diverged epoch");
    }
  }
}
