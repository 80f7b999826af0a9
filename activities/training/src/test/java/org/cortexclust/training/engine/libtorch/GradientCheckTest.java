package org.cortexclust.training.engine.libtorch;

import static org.cortexclust.training.engine.libtorch.Ops.s;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.cortexclust.training.TestSpecs;
import org.cortexclust.training.spec.GridPredictor;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.junit.jupiter.api.Test;

/** Central finite differences (float64, h = 1e-6) against autograd for every custom piece of the model. */
class GradientCheckTest {
  static final double H = 1e-6;

  static ModelSpec spec(ReadoutType readout) {
    return TestSpecs.rotEq(2, 4, List.of(5, 3, 3), 2, 12, 14, readout, new Regularisation(0.3, 0.7, 0.5),
        new MouseShape("m", 6));
  }

  /** Compare autograd with central differences on {@code count} random entries of {@code param}. */
  static void check(TorchModel model, String param, Supplier<Tensor> loss, int count, long seed) {
    Tensor p = model.t(param);
    for (String n : model.trainableNames) {
      Tensor g = model.t(n).grad();
      if (g.defined()) g.zero_();
    }
    try (PointerScope scope = new PointerScope()) {
      loss.get().backward();
    }
    double[] grad = Ops.toDoubles(p.grad());
    DoublePointer data = p.data_ptr_double();
    SplittableRandom r = new SplittableRandom(seed);
    double worst = 0;
    double gmax = 0;
    for (double v : grad) gmax = Math.max(gmax, Math.abs(v));
    assertTrue(gmax > 0, param + ": gradient is identically zero");
    for (int c = 0; c < count; c++) {
      int i = r.nextInt(grad.length);
      double orig = data.get(i);
      double lp;
      double lm;
      try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
        data.put(i, orig + H);
        lp = loss.get().item_double();
        data.put(i, orig - H);
        lm = loss.get().item_double();
        data.put(i, orig);
      }
      double fd = (lp - lm) / (2 * H);
      double err = Math.abs(fd - grad[i]) / Math.max(1e-6 * Math.max(1, gmax), Math.abs(fd) + Math.abs(grad[i]));
      worst = Math.max(worst, err);
      assertTrue(err < 1e-5, param + "[" + i + "]: autograd " + grad[i] + " vs finite difference " + fd);
    }
  }

  @Test
  void rotatedFilterBank() {
    TorchModel model = TorchFixtures.doubleModel(spec(ReadoutType.GAUSSIAN), 1);
    Tensor w = TorchFixtures.randomDouble(2, 4 * 2, 2, 5, 5);
    // a non-linear function of the first-layer rotated weights
    check(model, "core.layer0.coeffs", () -> model.layerWeight(0).pow(s(2)).mul(w).sum(), 20, 3);
  }

  @Test
  void equivariantHiddenLayer() {
    TorchModel model = TorchFixtures.doubleModel(spec(ReadoutType.GAUSSIAN), 2);
    Tensor x = TorchFixtures.randomDouble(4, 3, 2, 12, 14);
    Tensor w = TorchFixtures.randomDouble(5, 3, 8, 8, 10);
    Supplier<Tensor> loss = () -> model.core(x, true).mul(w).sum();
    check(model, "core.layer1.coeffs", loss, 20, 6);
    check(model, "core.layer2.coeffs", loss, 10, 7);
    check(model, "core.layer1.bn.weight", loss, 2, 8);
  }

  @Test
  void gaussianReadoutIncludingLocation() {
    TorchModel model = TorchFixtures.doubleModel(spec(ReadoutType.GAUSSIAN), 3);
    Tensor x = TorchFixtures.randomDouble(9, 3, 2, 12, 14);
    Tensor y = TorchFixtures.randomDouble(10, 3, 6).abs();
    Tensor eps = TorchFixtures.randomDouble(11, 3, 6, 2);
    Supplier<Tensor> loss = () -> model.objective("m", x, y, eps, 30);
    check(model, "readout.m.mu", loss, 12, 12);
    check(model, "readout.m.sigma", loss, 12, 13);
    check(model, "readout.m.features", loss, 12, 14);
    check(model, "readout.m.bias", loss, 6, 15);
    check(model, "core.layer0.coeffs", loss, 10, 16);
  }

  /** Through the grid predictor's MLP into its weights, with the rest of the Gaussian readout. */
  @Test
  void gridPredictorIntoItsWeights() {
    ModelSpec spec = TestSpecs.rotEqGrid(2, 4, List.of(5, 3, 3), 2, 12, 14, new GridPredictor(true, 5, 1, 3),
        new Regularisation(0.3, 0.7, 0.5), new MouseShape("m", 6));
    float[] coords = new float[6 * 3];
    SplittableRandom r = new SplittableRandom(40);
    for (int i = 0; i < coords.length; i++) coords[i] = (float) (r.nextDouble() * 400 - 200);
    TorchModel model = TorchFixtures.doubleModel(spec, 41, coords);
    Tensor x = TorchFixtures.randomDouble(42, 3, 2, 12, 14);
    Tensor y = TorchFixtures.randomDouble(43, 3, 6).abs();
    Tensor eps = TorchFixtures.randomDouble(44, 3, 6, 2);
    Supplier<Tensor> loss = () -> model.objective("m", x, y, eps, 30);
    check(model, "readout.m.grid.layer0.weight", loss, 12, 45);
    check(model, "readout.m.grid.layer0.bias", loss, 5, 46);
    check(model, "readout.m.grid.layer1.weight", loss, 10, 47);
    check(model, "readout.m.grid.layer1.bias", loss, 2, 48);
    check(model, "readout.m.sigma", loss, 8, 49);
  }

  @Test
  void factorisedReadout() {
    TorchModel model = TorchFixtures.doubleModel(spec(ReadoutType.FACTORISED), 4);
    Tensor x = TorchFixtures.randomDouble(19, 3, 2, 12, 14);
    Tensor y = TorchFixtures.randomDouble(20, 3, 6).abs();
    Supplier<Tensor> loss = () -> model.objective("m", x, y, null, 30);
    check(model, "readout.m.mask", loss, 12, 21);
    check(model, "readout.m.features", loss, 12, 22);
  }

  @Test
  void regularisers() {
    TorchModel model = TorchFixtures.doubleModel(spec(ReadoutType.FACTORISED), 5);
    check(model, "core.layer0.coeffs", model::laplaceRegulariser, 15, 31);
    check(model, "core.layer1.coeffs", model::groupRegulariser, 15, 32);
    check(model, "core.layer2.coeffs", model::groupRegulariser, 10, 33);
    check(model, "readout.m.mask", () -> model.readoutRegulariser("m"), 10, 34);
    TorchModel gauss = TorchFixtures.doubleModel(spec(ReadoutType.GAUSSIAN), 6);
    check(gauss, "readout.m.features", () -> gauss.readoutRegulariser("m"), 10, 35);
  }
}
