package org.cortexclust.training.engine.libtorch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.cortexclust.training.TestSpecs;
import org.cortexclust.training.engine.dl4j.SdModel;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Issue 8 acceptance: in float64, the same parameters and batch give the same objective (regularisers on),
 * predictions (training and evaluation mode), gradients of every trainable tensor (readout locations included) and
 * batch-norm running-statistic updates in the LibTorch and the DL4J (SameDiff) engine, to a relative 1e-10.
 */
class CrossEngineAgreementTest {
  static final double TOL = 1e-10;

  static ModelSpec spec(String core, ReadoutType readout) {
    Regularisation reg = new Regularisation(0.3, 0.7, 0.5);
    MouseShape m = new MouseShape("m", 7);
    return core.equals("rot")
        ? TestSpecs.rotEq(2, 4, List.of(5, 3, 3), 2, 12, 14, readout, reg, m)
        : TestSpecs.plain(3, List.of(5, 3, 3), 2, 12, 14, readout, reg, m);
  }

  /** Initial tensors with non-trivial batch-norm statistics, scales and readout jitter. */
  static Map<String, float[]> values(ModelSpec spec, long seed) {
    Map<String, float[]> v = new LinkedHashMap<>(spec.initialise(seed, Map.of()));
    SplittableRandom r = new SplittableRandom(seed + 1);
    for (var e : v.entrySet()) {
      String n = e.getKey();
      float[] a = e.getValue();
      for (int i = 0; i < a.length; i++) {
        if (n.endsWith("running_mean") || n.endsWith("bn.bias")) a[i] = (float) (r.nextDouble() * 0.4 - 0.2);
        if (n.endsWith("running_var") || n.endsWith("bn.weight")) a[i] = (float) (0.5 + r.nextDouble());
        if (n.endsWith(".sigma")) a[i] = (float) (r.nextDouble() * 0.4 - 0.2);
      }
    }
    float[] mu = v.get("readout.m.mu");
    if (mu != null) {
      // neurons near the border: jittered positions leave [-1, 1] (clamp) and neighbours fall outside (zero padding)
      mu[0] = 0.97f;
      mu[1] = -0.97f;
      mu[2] = -0.999f;
      mu[5] = 0.995f;
    }
    return v;
  }

  static double[] random(long seed, int n, boolean positive) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = positive ? r.nextDouble() * 3 : r.nextDouble() * 2 - 1;
    return v;
  }

  static double relErr(double[] a, double[] b) {
    assertTrue(a.length == b.length, "lengths " + a.length + " vs " + b.length);
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.max(Math.abs(a[i]), Math.abs(b[i])));
    }
    return scale == 0 ? diff : diff / scale;
  }

  @ParameterizedTest
  @CsvSource({"rot,GAUSSIAN", "rot,FACTORISED", "plain,GAUSSIAN", "plain,FACTORISED"})
  void sameLossPredictionsAndGradients(String core, ReadoutType readout) {
    ModelSpec spec = spec(core, readout);
    Map<String, float[]> init = values(spec, 5);
    int b = 3;
    int n = 7;
    double[] x = random(11, b * 2 * 12 * 14, false);
    double[] y = random(12, b * n, true);
    double[] eps = readout == ReadoutType.GAUSSIAN ? random(13, b * n * 2, false) : null;
    long trainTrials = 40;

    TorchRuntime.ensureLoaded();
    TorchModel tm = new TorchModel(spec, init, ScalarType.Double, TorchFixtures.CPU);
    SdModel sm = new SdModel(spec, init, DataType.DOUBLE);
    try (PointerScope scope = new PointerScope()) {
      Tensor xt = Ops.fromDoubles(x, new long[] {b, 2, 12, 14}, ScalarType.Double, TorchFixtures.CPU);
      Tensor yt = Ops.fromDoubles(y, new long[] {b, n}, ScalarType.Double, TorchFixtures.CPU);
      Tensor et = eps == null ? null : Ops.fromDoubles(eps, new long[] {b, n, 2}, ScalarType.Double,
          TorchFixtures.CPU);
      // evaluation mode first (a training-mode LibTorch pass moves the running statistics)
      double[] evalT;
      try (NoGradGuard g = new NoGradGuard()) {
        evalT = Ops.toDoubles(tm.rates("m", xt, false, null));
      }
      double[] evalS = sm.rates("m", x, b, false, null);
      assertTrue(relErr(evalT, evalS) < TOL, "eval predictions differ: rel " + relErr(evalT, evalS));

      Tensor obj = tm.objective("m", xt, yt, et, trainTrials);
      obj.backward();
      double lossT = obj.item_double();
      SdModel.Step step = sm.lossAndGradients(Map.of("m", new SdModel.Batch(x, b, y, eps, trainTrials)), true);
      double lossRel = Math.abs(lossT - step.loss()) / Math.abs(lossT);
      assertTrue(lossRel < TOL, "loss " + lossT + " vs " + step.loss() + " (rel " + lossRel + ")");
      double worstGrad = 0;
      for (String name : tm.trainableNames) {
        double[] gt = Ops.toDoubles(tm.t(name).grad());
        double[] gs = SdModel.doubles(step.gradients().get(name));
        double e = relErr(gt, gs);
        worstGrad = Math.max(worstGrad, e);
        assertTrue(e < TOL, name + ": gradients differ, rel " + e);
        assertTrue(java.util.Arrays.stream(gt).anyMatch(v -> v != 0), name + ": zero gradient");
      }
      // batch-norm running statistics after one training pass
      for (String name : tm.tensors.keySet()) {
        if (!name.contains("running")) continue;
        double e = relErr(Ops.toDoubles(tm.t(name)), SdModel.doubles(sm.array(name)));
        assertTrue(e < TOL, name + ": running statistic differs, rel " + e);
      }
      double[] trainT;
      try (NoGradGuard g = new NoGradGuard()) {
        trainT = Ops.toDoubles(tm.rates("m", xt, true, et));
      }
      double e = relErr(trainT, SdModel.doubles(step.rates().get("m")));
      assertTrue(e < TOL, "training-mode predictions differ: rel " + e);
      System.out.printf("cross-engine %s/%s: loss rel %.2e, eval rates rel %.2e, train rates rel %.2e, worst "
          + "gradient rel %.2e%n", core, readout, lossRel, relErr(evalT, evalS), e, worstGrad);
    }
  }
}
