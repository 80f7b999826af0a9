package org.cortexclust.training.engine.libtorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.cortexclust.training.TestSpecs;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadoutAndRegulariserTest {

  /** The Gaussian readout at its mean equals a hand-computed bilinear sample (align_corners = true). */
  @Test
  void gaussianReadoutIsHandComputedBilinearSample() {
    // core output: C = 2 channels (F = 1, n = 2 plain-equivalent via rotEq with n=2), H = 3, W = 4
    ModelSpec spec = TestSpecs.rotEq(1, 2, List.of(3), 1, 5, 6, ReadoutType.GAUSSIAN, new Regularisation(0, 0, 0),
        new MouseShape("m", 2));
    Map<String, float[]> v = new HashMap<>(spec.initialise(1, Map.of()));
    // neuron 0 at (x, y) = (0.25, -0.5) (exact in float32); neuron 1 at the bottom-right corner (1, 1)
    v.put("readout.m.mu", new float[] {0.25f, -0.5f, 1f, 1f});
    v.put("readout.m.features", new float[] {1f, 0f, 0.5f, 2f});
    v.put("readout.m.bias", new float[] {0.25f, -1f});
    TorchRuntime.ensureLoaded();
    TorchModel model = new TorchModel(spec, v, ScalarType.Double, TorchFixtures.CPU);
    double[] a = new double[2 * 3 * 4];
    for (int i = 0; i < a.length; i++) a[i] = (i * 7 % 11) - 3.5;
    Tensor core = Ops.fromDoubles(a, new long[] {1, 2, 3, 4}, ScalarType.Double, TorchFixtures.CPU);
    try (NoGradGuard g = new NoGradGuard()) {
      double[] out = Ops.toDoubles(model.readout("m", core, null));
      // neuron 0: px = (0.25+1)/2*(4-1) = 1.875, py = (-0.5+1)/2*(3-1) = 0.5 on channel 0
      double expected0 = bilinear(a, 0, 1.875, 0.5) * 1 + 0.25;
      // neuron 1: pixel (3, 2) exactly on both channels
      double expected1 = 0.5 * a[0 * 12 + 2 * 4 + 3] + 2 * a[12 + 2 * 4 + 3] - 1;
      assertEquals(expected0, out[0], 1e-12);
      assertEquals(expected1, out[1], 1e-12);
    }
  }

  /**
   * The gather-based sampler used on CUDA (deterministic backward) equals LibTorch's grid sampler in value and in both
   * gradients (feature maps and locations), inside the map, on its border and outside it (a shifted location reads
   * the zero padding).
   */
  @Test
  void gatherSamplerEqualsGridSamplerWithGradients() {
    TorchRuntime.ensureLoaded();
    long b = 3;
    long c = 2;
    long h = 5;
    long w = 7;
    long n = 6;
    double[] locations = {0.3, -0.45, -1, -1, 1, 1, 0.999, -0.2, 1.3, 0.1, -1.25, -1.1, // batch 0
        -0.7, 0.6, 0.5, 0.5, 0, 0, -0.05, 0.95, 1, -1, 0.61, -0.33, // batch 1
        0.2, 1.02, -0.99, 0.4, 0.75, -0.75, 0.1, 0.1, -1, 1, 0.33, 0.66}; // batch 2
    double[][] grads = new double[2][];
    double[][] values = new double[2][];
    for (int variant = 0; variant < 2; variant++) {
      Tensor a = TorchFixtures.randomDouble(5, b, c, h, w).requires_grad_(true);
      Tensor pos = Ops.fromDoubles(locations, new long[] {b, n, 2}, ScalarType.Double, TorchFixtures.CPU)
          .requires_grad_(true);
      Tensor out = variant == 0 ? TorchGaussianReadout.bilinearSample(a, pos)
          : torch.grid_sampler_2d(a, pos.reshape(b, n, 1, 2), 0, 0, true).reshape(b, c, n);
      Tensor weights = TorchFixtures.randomDouble(9, b, c, n);
      out.mul(weights).sum().backward();
      values[variant] = Ops.toDoubles(out);
      grads[variant] = concat(Ops.toDoubles(a.grad()), Ops.toDoubles(pos.grad()));
    }
    for (int i = 0; i < values[0].length; i++) assertEquals(values[1][i], values[0][i], 1e-12, "value " + i);
    for (int i = 0; i < grads[0].length; i++) assertEquals(grads[1][i], grads[0][i], 1e-12, "gradient " + i);
    assertTrue(TorchFixtures.maxAbs(Ops.fromDoubles(grads[0], new long[] {grads[0].length}, ScalarType.Double,
        TorchFixtures.CPU)) > 0.1, "the gradients are not trivially zero");
  }

  static double[] concat(double[] x, double[] y) {
    double[] out = java.util.Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    return out;
  }

  static double bilinear(double[] a, int c, double px, double py) {
    int x0 = (int) Math.floor(px);
    int y0 = (int) Math.floor(py);
    double fx = px - x0;
    double fy = py - y0;
    java.util.function.BiFunction<Integer, Integer, Double> at = (x, y) -> a[c * 12 + y * 4 + x];
    return (1 - fx) * (1 - fy) * at.apply(x0, y0) + fx * (1 - fy) * at.apply(x0 + 1, y0)
        + (1 - fx) * fy * at.apply(x0, y0 + 1) + fx * fy * at.apply(x0 + 1, y0 + 1);
  }

  /** Every configured regulariser changes the objective (a silently dropped term would fail here). */
  @ParameterizedTest
  @ValueSource(strings = {"GAUSSIAN", "FACTORISED"})
  void everyRegulariserChangesTheLoss(ReadoutType readout) {
    double base = objective(readout, new Regularisation(0, 0, 0));
    double withReadout = objective(readout, new Regularisation(0.5, 0, 0));
    double withInput = objective(readout, new Regularisation(0, 0.5, 0));
    double withGroup = objective(readout, new Regularisation(0, 0, 0.5));
    double all = objective(readout, new Regularisation(0.5, 0.5, 0.5));
    assertTrue(withReadout > base && withInput > base && withGroup > base, "each term adds a positive penalty");
    assertEquals(all - base, (withReadout - base) + (withInput - base) + (withGroup - base), 1e-9 * Math.abs(all));
    assertNotEquals(withReadout, withInput);
  }

  static double objective(ReadoutType readout, Regularisation reg) {
    ModelSpec spec = TestSpecs.rotEq(2, 4, List.of(5, 3), 2, 10, 10, readout, reg, new MouseShape("m", 3));
    TorchModel model = TorchFixtures.doubleModel(spec, 9);
    Tensor x = TorchFixtures.randomDouble(1, 2, 2, 10, 10);
    Tensor y = TorchFixtures.randomDouble(2, 2, 3).abs();
    Tensor eps = readout == ReadoutType.GAUSSIAN ? TorchFixtures.randomDouble(3, 2, 3, 2) : null;
    try (NoGradGuard g = new NoGradGuard()) {
      return model.objective("m", x, y, eps, 10).item_double();
    }
  }

  /** Appendix A.5: LaplaceL2norm of a constant kernel with "same" zero padding is > 0 (border effect). */
  @Test
  void laplaceOfConstantKernelIsPositiveWithSamePadding() {
    ModelSpec spec = TestSpecs.plain(1, List.of(3), 1, 6, 6, ReadoutType.GAUSSIAN, new Regularisation(0, 1, 0),
        new MouseShape("m", 1));
    Map<String, float[]> v = new HashMap<>(spec.initialise(1, Map.of()));
    v.put("core.layer0.weight", new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1});
    TorchRuntime.ensureLoaded();
    TorchModel model = new TorchModel(spec, v, ScalarType.Double, TorchFixtures.CPU);
    try (NoGradGuard g = new NoGradGuard()) {
      // L3 ⋆ ones(3x3), zero padded: corners 2, edges 1, centre 0 -> 4·4 + 4·1 = 20; ‖W‖² = 9
      assertEquals(20.0 / 9.0, model.laplaceRegulariser().item_double(), 1e-12);
    }
  }

  /** Appendix A.6: Poisson loss with r̂ = y = 1 is Σ(1 − log(1 + 1e-8)). */
  @Test
  void poissonLossAnchor() {
    TorchRuntime.ensureLoaded();
    Tensor one = Ops.fromDoubles(new double[] {1, 1, 1, 1, 1, 1}, new long[] {2, 3}, ScalarType.Double,
        TorchFixtures.CPU);
    try (NoGradGuard g = new NoGradGuard()) {
      assertEquals(6 * (1 - Math.log(1 + 1e-8)), TorchModel.poissonLoss(one, one).item_double(), 1e-12);
    }
  }
}
