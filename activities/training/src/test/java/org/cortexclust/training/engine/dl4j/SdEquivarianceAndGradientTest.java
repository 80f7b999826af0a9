package org.cortexclust.training.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cortexclust.training.TestSpecs;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The training issue's equivariance and gradient checks on the DL4J engine: a quarter turn of the input rotates
 * every core map and shifts the rotation blocks by n/4 (float64); SameDiff gradients (with the engine's custom
 * gather, hand-written batch norm and YXIO weights) match central finite differences.
 */
class SdEquivarianceAndGradientTest {

  static double[] random(long seed, int n, double lo, double hi) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * r.nextDouble();
    return v;
  }

  /** torch.rot90(x, 1, (2, 3)) of (b, c, s, s): out[i][j] = in[j][s − 1 − i]. */
  static double[] rot90(double[] x, int bc, int s) {
    double[] out = new double[x.length];
    for (int m = 0; m < bc; m++) {
      for (int i = 0; i < s; i++) {
        for (int j = 0; j < s; j++) {
          out[(m * s + i) * s + j] = x[(m * s + j) * s + s - 1 - i];
        }
      }
    }
    return out;
  }

  @ParameterizedTest
  @CsvSource({"4,true", "8,false"})
  void quarterTurnOfInputRotatesMapsAndShiftsRotations(int n, boolean training) {
    int f = 3;
    ModelSpec spec = TestSpecs.rotEq(f, n, List.of(5, 3, 3), 2, 15, 15, ReadoutType.GAUSSIAN,
        new Regularisation(0, 0, 0), new MouseShape("m", 4));
    SdModel model = new SdModel(spec, spec.initialise(11, Map.of()), DataType.DOUBLE);
    int b = 2;
    double[] x = random(5, b * 2 * 15 * 15, -1, 1);
    double[] out = model.coreOutput("m", x, b, training);
    double[] outRot = model.coreOutput("m", rot90(x, b * 2, 15), b, training);
    int s = 11;
    double[] r = rot90(out, b * n * f, s);
    double err = 0;
    double errNoRoll = 0;
    double scale = 0;
    for (int bi = 0; bi < b; bi++) {
      for (int ri = 0; ri < n; ri++) {
        int from = Math.floorMod(ri - n / 4, n);
        for (int fi = 0; fi < f; fi++) {
          for (int p = 0; p < s * s; p++) {
            double got = outRot[((bi * n + ri) * f + fi) * s * s + p];
            err = Math.max(err, Math.abs(got - r[((bi * n + from) * f + fi) * s * s + p]));
            errNoRoll = Math.max(errNoRoll, Math.abs(got - r[((bi * n + ri) * f + fi) * s * s + p]));
            scale = Math.max(scale, Math.abs(got));
          }
        }
      }
    }
    assertTrue(scale > 0.1, "non-trivial output");
    assertTrue(err < 1e-10 * scale, "equivariance error " + err + " (scale " + scale + ")");
    assertTrue(errNoRoll > 1e-3 * scale, "without the roll the maps must differ");
  }

  static void check(SdModel model, Map<String, SdModel.Batch> batch, Map<String, INDArray> grads, String param,
      int count, long seed) {
    double[] g = SdModel.doubles(grads.get(param));
    INDArray p = model.array(param);
    INDArray flat = p.reshape(p.length());
    double gmax = 0;
    for (double v : g) gmax = Math.max(gmax, Math.abs(v));
    assertTrue(gmax > 0, param + ": gradient is identically zero");
    SplittableRandom r = new SplittableRandom(seed);
    double h = 1e-6;
    for (int c = 0; c < count; c++) {
      int i = r.nextInt(g.length);
      double orig = flat.getDouble(i);
      flat.putScalar(i, orig + h);
      double lp = model.loss(batch);
      flat.putScalar(i, orig - h);
      double lm = model.loss(batch);
      flat.putScalar(i, orig);
      double fd = (lp - lm) / (2 * h);
      double err = Math.abs(fd - g[i]) / Math.max(1e-6 * Math.max(1, gmax), Math.abs(fd) + Math.abs(g[i]));
      assertTrue(err < 1e-5, param + "[" + i + "]: SameDiff " + g[i] + " vs finite difference " + fd);
    }
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    for (ReadoutType readout : java.util.List.of(ReadoutType.GAUSSIAN, ReadoutType.FACTORISED)) {
      ModelSpec spec = TestSpecs.rotEq(2, 4, List.of(5, 3, 3), 2, 12, 14, readout, new Regularisation(0.3, 0.7, 0.5),
          new MouseShape("m", 6));
      SdModel model = new SdModel(spec, spec.initialise(3, Map.of()), DataType.DOUBLE);
      int b = 3;
      Map<String, SdModel.Batch> batch = Map.of("m", new SdModel.Batch(random(9, b * 2 * 12 * 14, -1, 1), b,
          random(10, b * 6, 0, 2), readout == ReadoutType.GAUSSIAN ? random(11, b * 6 * 2, -1, 1) : null, 30));
      Map<String, INDArray> g = model.lossAndGradients(batch, false).gradients();
      check(model, batch, g, "core.layer0.coeffs", 4, 16);
      check(model, batch, g, "core.layer1.coeffs", 4, 17);
      check(model, batch, g, "core.layer1.bn.weight", 2, 18);
      check(model, batch, g, "readout.m.features", 4, 14);
      check(model, batch, g, "readout.m.bias", 2, 15);
      if (readout == ReadoutType.GAUSSIAN) {
        check(model, batch, g, "readout.m.mu", 8, 12);
        check(model, batch, g, "readout.m.sigma", 4, 13);
      } else {
        check(model, batch, g, "readout.m.mask", 6, 21);
      }
    }
  }
}
