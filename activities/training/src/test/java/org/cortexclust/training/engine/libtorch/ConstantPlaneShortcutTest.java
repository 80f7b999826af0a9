package org.cortexclust.training.engine.libtorch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.cortexclust.training.TestSpecs;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.junit.jupiter.api.Test;

/** The cheap first layer for constant behaviour planes equals the full convolution, values and gradients. */
class ConstantPlaneShortcutTest {

  @Test
  void shortcutEqualsFullConvolution() {
    ModelSpec spec = TestSpecs.rotEq(3, 4, List.of(7, 3), 4, 14, 16, ReadoutType.GAUSSIAN,
        new Regularisation(0.1, 0.5, 0.1), new MouseShape("m", 5));
    TorchModel model = TorchFixtures.doubleModel(spec, 3);
    double[] v = new double[2 * 4 * 14 * 16];
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    for (int b = 0; b < 2; b++) {
      for (int c = 0; c < 4; c++) {
        double plane = r.nextDouble() * 2 - 1;
        for (int p = 0; p < 14 * 16; p++) {
          v[(b * 4 + c) * 224 + p] = c == 0 ? r.nextDouble() * 2 - 1 : plane;
        }
      }
    }
    Tensor x = Ops.fromDoubles(v, new long[] {2, 4, 14, 16}, ScalarType.Double, TorchFixtures.CPU);
    Tensor y = TorchFixtures.randomDouble(7, 2, 5).abs();
    Tensor eps = TorchFixtures.randomDouble(8, 2, 5, 2);
    assertTrue(model.constantExtraChannels(x));
    double[] fast = lossAndGrad(model, x, y, eps);
    model.useConstantPlaneShortcut = false;
    double[] full = lossAndGrad(model, x, y, eps);
    for (int i = 0; i < fast.length; i++) {
      assertTrue(Math.abs(fast[i] - full[i]) <= 1e-10 * Math.max(1, Math.abs(full[i])), i + ": " + fast[i] + " vs "
          + full[i]);
    }
    model.useConstantPlaneShortcut = true;
    assertFalse(model.constantExtraChannels(TorchFixtures.randomDouble(9, 2, 4, 14, 16)),
        "random extra channels are not constant planes");
  }

  static double[] lossAndGrad(TorchModel model, Tensor x, Tensor y, Tensor eps) {
    for (String n : model.trainableNames) {
      Tensor g = model.t(n).grad();
      if (g.defined()) g.zero_();
    }
    Tensor j = model.objective("m", x, y, eps, 10);
    j.backward();
    double[] g = Ops.toDoubles(model.t("core.layer0.coeffs").grad());
    double[] out = new double[g.length + 1];
    out[0] = j.item_double();
    System.arraycopy(g, 0, out, 1, g.length);
    return out;
  }
}
