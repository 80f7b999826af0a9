package org.cortexclust.training.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.TestSpecs;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingResult;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.data.PlantedMouse;
import org.cortexclust.training.engine.libtorch.LibTorchTrainer;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: a short float32 training run in both engines from the same initialisation (same seed, batches and
 * Adam) gives matching loss curves, and the model trained by the DL4J engine predicts the same in LibTorch.
 */
class Dl4jTrainingTest {
  /** Relative tolerance on each epoch's mean objective (float32, different summation orders, 12 Adam steps; measured 1.4e-7). */
  static final double LOSS_TOL = 1e-4;

  @Test
  void lossCurvesMatchLibTorchAndTrainedModelEvaluatesInLibTorch() {
    MouseData m = PlantedMouse.generate("p", 200, 12, 16, 16, 8, 3, 0.5, 3).data();
    ModelSpec spec = TestSpecs.rotEq(2, 4, List.of(7, 3), 4, 16, 16, ReadoutType.FACTORISED,
        new Regularisation(0.01, 0.5, 0.1), new MouseShape("p", 12));
    TrainOptions o = new TrainOptions(32, 3, 0.01, 0.3, 2, 5, 1e-6, 1e-4, 9, 1, "cpu", 64);
    TrainingResult torch = LibTorchTrainer.fit(spec, List.of(m), o, Progress.NONE, null, null);
    TrainingResult sd = Dl4jTrainer.fit(spec, List.of(m), o, Progress.NONE, null, null);
    assertEquals(torch.history().size(), sd.history().size());
    double worst = 0;
    for (int e = 0; e < torch.history().size(); e++) {
      double lt = torch.history().get(e).loss();
      double ls = sd.history().get(e).loss();
      double rel = Math.abs(lt - ls) / Math.abs(lt);
      worst = Math.max(worst, rel);
      assertTrue(rel < LOSS_TOL, "epoch " + (e + 1) + ": loss " + lt + " (libtorch) vs " + ls + " (dl4j)");
      assertEquals(torch.history().get(e).rhoStVal(), sd.history().get(e).rhoStVal(), 1e-3, "rho_st_val, epoch "
          + (e + 1));
    }
    assertTrue(torch.history().get(2).loss() < torch.history().get(0).loss(), "training lowers the loss");

    int[] te = m.trialIndices("test");
    float[] bySd = Dl4jTrainer.predictRates(spec, sd.params(), m, te, 64, "cpu");
    float[] byTorch = LibTorchTrainer.predictRates(spec, sd.params(), m, te, 64, "cpu");
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < bySd.length; i++) {
      diff = Math.max(diff, Math.abs(bySd[i] - byTorch[i]));
      scale = Math.max(scale, Math.abs(byTorch[i]));
    }
    System.out.printf("dl4j vs libtorch training: worst epoch-loss rel %.2e; dl4j-trained model predicted by both "
        + "engines: max rel %.2e%n", worst, diff / scale);
    assertTrue(diff < 1e-5 * scale, "dl4j-trained model predicts differently in libtorch: " + diff / scale);
  }
}
