package org.cortexclust.training.engine.libtorch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.BaselineResult;
import org.cortexclust.training.EpochRecord;
import org.cortexclust.training.TestSpecs;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingResult;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.data.PlantedMouse;
import org.cortexclust.training.measures.Correlations;
import org.cortexclust.training.spec.GridPredictor;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.junit.jupiter.api.Test;

/**
 * On planted data (Gabor simple and complex cells, Poisson noise) the rotation-equivariant model must reach a test
 * ρ_st clearly above a linear-nonlinear baseline fitted on the same data (complex cells are invisible to LN).
 */
class PlantedTrainingTest {

  @Test
  void beatsLinearNonlinearBaseline() {
    PlantedMouse pm = PlantedMouse.generate("p1", 800, 60, 28, 28, 20, 5, 0.5, 7);
    MouseData m = pm.data();
    ModelSpec spec = TestSpecs.rotEq(4, 8, List.of(9, 5, 5), 4, 28, 28, ReadoutType.GAUSSIAN,
        new Regularisation(0.01, 1.0, 0), new MouseShape("p1", 60));
    TrainOptions o = new TrainOptions(32, 8, 0.01, 0.3, 2, 3, 1e-6, 1e-4, 5, 1, "cpu", 256);
    List<String> log = new ArrayList<>();
    long t0 = System.nanoTime();
    TrainingResult r = LibTorchTrainer.fit(spec, List.of(m), o, Progress.NONE, null, null);
    double wall = (System.nanoTime() - t0) / 1e9;
    int[] te = m.trialIndices("test");
    float[] pred = LibTorchTrainer.predictRates(spec, r.params(), m, te, 256, "cpu");
    double rhoTest = Correlations.mean(Correlations.singleTrial(m.responsesOf(te), pred, te.length, 60));
    float[] truth = new float[te.length * 60];
    for (int i = 0; i < te.length; i++) System.arraycopy(pm.trueRates(), te[i] * 60, truth, i * 60, 60);
    double ceiling = Correlations.mean(Correlations.singleTrial(m.responsesOf(te), truth, te.length, 60));
    BaselineResult ln = LinearNonlinearBaseline.fit(m, 100);
    for (EpochRecord e : r.history()) {
      log.add(String.format("epoch %d loss %.2f rho_val %.4f lr %.4g %.1fs", e.epoch(), e.loss(), e.rhoStVal(), e.lr(),
          e.seconds()));
    }
    String report = String.join("\n", log) + String.format(
        "%nmodel rho_st test %.4f (best val %.4f @%d, %s) | LN baseline test %.4f (val %.4f, l2 %.0f) | "
            + "noise ceiling %.4f | wall %.1fs", rhoTest, r.bestRhoVal(), r.bestEpoch(), r.stopReason(),
        ln.rhoStTest(), ln.rhoStVal(), ln.l2(), ceiling, wall);
    System.out.println(report);
    assertTrue(rhoTest > ln.rhoStTest() + 0.05, report);
    assertTrue(rhoTest < ceiling + 0.02, "cannot beat the noise ceiling: " + report);
  }

  /**
   * With the grid predictor (locations from the planted retinotopic cortical coordinates) training still beats the
   * linear-nonlinear baseline; a smaller, cheaper variant of {@link #beatsLinearNonlinearBaseline}.
   */
  @Test
  void gridPredictorBeatsLinearNonlinearBaseline() {
    PlantedMouse pm = PlantedMouse.generate("p3", 600, 40, 24, 24, 15, 4, 0.5, 11);
    MouseData m = pm.data();
    ModelSpec spec = TestSpecs.rotEqGrid(4, 8, List.of(9, 5), 4, 24, 24, new GridPredictor(true, 16, 1, 2),
        new Regularisation(0.01, 1.0, 0), new MouseShape("p3", 40));
    TrainOptions o = new TrainOptions(32, 8, 0.01, 0.3, 2, 3, 1e-6, 1e-4, 5, 1, "cpu", 256);
    long t0 = System.nanoTime();
    TrainingResult r = LibTorchTrainer.fit(spec, List.of(m), o, Progress.NONE, null, null);
    double wall = (System.nanoTime() - t0) / 1e9;
    int[] te = m.trialIndices("test");
    float[] pred = LibTorchTrainer.predictRates(spec, r.params(), m, te, 256, "cpu");
    double rhoTest = Correlations.mean(Correlations.singleTrial(m.responsesOf(te), pred, te.length, 40));
    BaselineResult ln = LinearNonlinearBaseline.fit(m, 100);
    String report = String.format("grid predictor: model rho_st test %.4f (best val %.4f @%d, %s, %.1fs) | "
        + "LN baseline test %.4f", rhoTest, r.bestRhoVal(), r.bestEpoch(), r.stopReason(), wall, ln.rhoStTest());
    System.out.println(report);
    assertTrue(rhoTest > ln.rhoStTest() + 0.05, report);
  }

  /** A larger readout γ gives sparser embeddings (Hoyer sparsity of the readout feature vectors). */
  @Test
  void largerReadoutGammaGivesSparserEmbeddings() {
    MouseData m = PlantedMouse.generate("p2", 400, 30, 20, 20, 10, 3, 0.5, 9).data();
    TrainOptions o = new TrainOptions(32, 6, 0.01, 0.3, 1, 10, 1e-6, 1e-4, 3, 1, "cpu", 256);
    double[] hoyer = new double[2];
    double[] gammas = {0.001, 2.0};
    for (int g = 0; g < 2; g++) {
      ModelSpec spec = TestSpecs.rotEq(4, 4, List.of(7, 5), 4, 20, 20, ReadoutType.GAUSSIAN,
          new Regularisation(gammas[g], 1.0, 0), new MouseShape("p2", 30));
      TrainingResult r = LibTorchTrainer.fit(spec, List.of(m), o, Progress.NONE, null, null);
      hoyer[g] = meanHoyer(r.params().get("readout.p2.features"), 30, 16);
    }
    System.out.printf("Hoyer sparsity of embeddings: gamma %.3g -> %.3f, gamma %.3g -> %.3f%n", gammas[0], hoyer[0],
        gammas[1], hoyer[1]);
    assertTrue(hoyer[1] > hoyer[0] + 0.05, "gamma " + gammas[1] + " must give sparser embeddings than " + gammas[0]
        + ": Hoyer " + hoyer[1] + " vs " + hoyer[0]);
  }

  /** Hoyer (2004) sparsity (sqrt(d) − ‖w‖₁/‖w‖₂)/(sqrt(d) − 1) per neuron, averaged: 0 dense, 1 one-hot. */
  static double meanHoyer(float[] w, int neurons, int d) {
    double s = 0;
    for (int i = 0; i < neurons; i++) {
      double l1 = 0, l2 = 0;
      for (int c = 0; c < d; c++) {
        l1 += Math.abs(w[i * d + c]);
        l2 += w[i * d + c] * w[i * d + c];
      }
      s += (Math.sqrt(d) - l1 / Math.sqrt(l2)) / (Math.sqrt(d) - 1);
    }
    return s / neurons;
  }
}
