package org.cortexclust.training.engine.libtorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.cortexclust.training.TestSpecs;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.junit.jupiter.api.Test;

/**
 * {@link TorchModel#objectiveBackward}: the training step's backward pass gives the value and gradients of
 * {@code objective(...).backward()}, also on the factorised readout's path (its products by {@link ChunkedProduct},
 * autograd in two passes).
 */
class ObjectiveBackwardTest {

  @Test
  void factorisedBackwardEqualsSingleBackward() {
    check(ReadoutType.FACTORISED, new Regularisation(0.1, 0.5, 0.1));
    check(ReadoutType.FACTORISED, new Regularisation(0, 0, 0)); // no core or readout regulariser
  }

  @Test
  void gaussianBackwardEqualsSingleBackward() {
    check(ReadoutType.GAUSSIAN, new Regularisation(0.1, 0.5, 0.1));
  }

  static void check(ReadoutType readout, Regularisation reg) {
    ModelSpec spec = TestSpecs.rotEq(3, 4, List.of(7, 3), 2, 14, 16, readout, reg, new MouseShape("m", 6));
    TorchModel model = TorchFixtures.doubleModel(spec, 5);
    Tensor x = TorchFixtures.randomDouble(11, 3, 2, 14, 16);
    Tensor y = TorchFixtures.randomDouble(12, 3, 6).abs();
    Tensor eps = readout == ReadoutType.GAUSSIAN ? TorchFixtures.randomDouble(13, 3, 6, 2) : null;

    zeroGrads(model);
    Tensor j = model.objective("m", x, y, eps, 10);
    j.backward();
    double expected = j.item_double();
    Map<String, double[]> single = grads(model);

    zeroGrads(model);
    double value = model.objectiveBackward("m", x, y, eps, 10);
    Map<String, double[]> split = grads(model);

    assertEquals(expected, value, 1e-12 * Math.abs(expected), readout + ": objective value");
    assertEquals(single.keySet(), split.keySet());
    for (String n : single.keySet()) {
      double[] a = single.get(n);
      double[] b = split.get(n);
      double scale = 0;
      for (double v : a) scale = Math.max(scale, Math.abs(v));
      assertTrue(scale > 0, readout + ": " + n + " has a gradient");
      for (int i = 0; i < a.length; i++) {
        assertTrue(Math.abs(a[i] - b[i]) <= 1e-12 * scale, readout + ": " + n + "[" + i + "] " + b[i] + " vs " + a[i]);
      }
    }
  }

  static void zeroGrads(TorchModel model) {
    for (String n : model.trainableNames) {
      Tensor g = model.t(n).grad();
      if (g.defined()) g.zero_();
    }
  }

  static Map<String, double[]> grads(TorchModel model) {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (String n : model.trainableNames) {
      Tensor g = model.t(n).grad();
      if (g.defined()) out.put(n, Ops.toDoubles(g));
    }
    return out;
  }
}
