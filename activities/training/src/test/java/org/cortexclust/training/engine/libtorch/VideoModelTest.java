package org.cortexclust.training.engine.libtorch;

import static org.cortexclust.training.engine.libtorch.Ops.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.cortexclust.training.TestSpecs;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.cortexclust.training.spec.SpaceTime;
import org.cortexclust.training.spec.VideoSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rotation-equivariant space-time core (docs/dynamic.md §3): exact equivariance under a quarter turn of every frame,
 * kernel-level rotation of full-3D time slices, temporal alignment/causality, per-frame readouts, and finite-difference
 * gradient checks of the new pieces (float64, tiny shapes).
 */
class VideoModelTest {

  static VideoSpec spec(SpaceTime st, int f, int n, ReadoutType readout, Regularisation reg) {
    ModelSpec base = TestSpecs.rotEq(f, n, List.of(5, 3, 3), 3, 15, 15, readout, reg, new MouseShape("m", 4));
    return new VideoSpec(base, st, List.of(3, 2, 2));
  }

  static VideoModel doubleModel(VideoSpec vs, long seed) {
    TorchRuntime.ensureLoaded();
    return new VideoModel(vs, vs.initialise(seed, Map.of()), ScalarType.Double, TorchFixtures.CPU);
  }

  @ParameterizedTest
  @CsvSource({"FACTORISED,4,true", "FACTORISED,8,true", "FACTORISED,8,false", "FULL_3D,4,false", "FULL_3D,8,true",
      "FULL_3D,8,false"})
  void quarterTurnOfEveryFrameRotatesMapsAndShiftsRotations(SpaceTime st, int n, boolean training) {
    int f = 2;
    VideoModel model = doubleModel(spec(st, f, n, ReadoutType.GAUSSIAN, new Regularisation(0, 0, 0)), 11);
    try (NoGradGuard g = new NoGradGuard()) {
      Tensor x = TorchFixtures.randomDouble(5, 2, 3, 9, 15, 19); // non-square frames: 11x15 maps <-> 15x11
      Tensor out = model.core(x, training);
      Tensor outRot = model.core(torch.rot90(x, 1, 3, 4), training);
      long t = out.size(2);
      long h = out.size(3);
      long w = out.size(4);
      assertEquals(9 - 5 + 1, t, "T' = T - R + 1 with R = 1 + 2 + 1 + 1");
      Tensor expected = torch.rot90(out, 1, 3, 4).reshape(2, n, f, t, w, h).roll(new long[] {n / 4}, 1)
          .reshape(2, (long) n * f, t, w, h);
      double scale = TorchFixtures.maxAbs(out);
      double err = TorchFixtures.maxAbs(outRot.sub(expected));
      assertTrue(scale > 0.1, "non-trivial output");
      assertTrue(err < 1e-10 * scale, st + " equivariance error " + err + " (scale " + scale + ")");
      assertTrue(TorchFixtures.maxAbs(outRot.sub(torch.rot90(out, 1, 3, 4))) > 1e-3 * scale, "the roll matters");
    }
  }

  @Test
  void everyTimeSliceOfAFull3dKernelIsRotatedByTheSameAngle() {
    int n = 8;
    int f = 2;
    VideoModel model = doubleModel(spec(SpaceTime.FULL_3D, f, n, ReadoutType.GAUSSIAN, new Regularisation(0, 0, 0)), 3);
    try (NoGradGuard g = new NoGradGuard()) {
      Tensor w = model.layerWeight3d(0); // (n·F, 3, kt, 5, 5), first layer: no input roll
      assertEquals(List.of(16L, 3L, 3L, 5L, 5L), List.of(w.size(0), w.size(1), w.size(2), w.size(3), w.size(4)));
      Tensor r0 = w.narrow(0, 0, f);
      Tensor rq = w.narrow(0, (long) (n / 4) * f, f);
      // block n/4 is block 0 turned by 90°, slice by slice (the turn that maps the input onto the output shift)
      double err = TorchFixtures.maxAbs(rq.sub(torch.rot90(r0, 1, 3, 4)));
      assertTrue(err < 1e-12 * TorchFixtures.maxAbs(r0), "kernel rotation error " + err);
      // slices differ (the time axis is real) and the factorised first layer has one slice
      assertTrue(TorchFixtures.maxAbs(w.select(2, 0).sub(w.select(2, 1))) > 1e-3);
      VideoModel fac = doubleModel(spec(SpaceTime.FACTORISED, f, n, ReadoutType.GAUSSIAN, new Regularisation(0, 0, 0)), 3);
      assertEquals(1, fac.layerWeight3d(0).size(2));
    }
  }

  @Test
  void outputFrameJSeesInputFramesJToJPlusRMinus1() {
    for (SpaceTime st : SpaceTime.values()) {
      VideoModel model = doubleModel(spec(st, 2, 4, ReadoutType.GAUSSIAN, new Regularisation(0, 0, 0)), 7);
      try (NoGradGuard g = new NoGradGuard()) {
        Tensor x = TorchFixtures.randomDouble(8, 1, 3, 12, 15, 15);
        Tensor out = model.rates("m", x, false, null, null); // (1, 8, 4)
        assertEquals(12 - 4, out.size(1));
        Tensor x2 = x.clone();
        x2.select(2, 11).add_(s(1)); // change the newest frame only
        Tensor d = out.sub(model.rates("m", x2, false, null, null)).abs();
        assertEquals(0, TorchFixtures.maxAbs(d.narrow(1, 0, 7)), 0.0, st + ": earlier outputs must not see frame 11");
        assertTrue(TorchFixtures.maxAbs(d.narrow(1, 7, 1)) > 0, st + ": the last output sees frame 11");
        Tensor x3 = x.clone();
        x3.select(2, 0).add_(s(1)); // change the oldest frame only
        Tensor d3 = out.sub(model.rates("m", x3, false, null, null)).abs();
        assertTrue(TorchFixtures.maxAbs(d3.narrow(1, 0, 1)) > 0);
        assertEquals(0, TorchFixtures.maxAbs(d3.narrow(1, 1, 7)), 0.0);
      }
    }
  }

  @Test
  void readoutIsTheStaticReadoutOnEveryFrame() {
    VideoModel model = doubleModel(spec(SpaceTime.FACTORISED, 2, 4, ReadoutType.FACTORISED, new Regularisation(0, 0, 0)), 9);
    try (NoGradGuard g = new NoGradGuard()) {
      Tensor a = TorchFixtures.randomDouble(3, 2, 8, 5, 11, 11);
      Tensor per = model.readout("m", a, null, null); // (2, 5, 4)
      for (int b = 0; b < 2; b++) {
        for (int t = 0; t < 5; t++) {
          Tensor frame = a.select(0, b).select(1, t).unsqueeze(0); // (1, C, H, W)
          Tensor one = model.tm.readout("m", frame, null);
          assertTrue(TorchFixtures.maxAbs(one.sub(per.select(0, b).select(0, t).unsqueeze(0))) < 1e-12);
        }
      }
    }
  }

  @Test
  void specNamesTensorsAndRejectsBadTemporalKernels() {
    VideoSpec f = spec(SpaceTime.FACTORISED, 2, 4, ReadoutType.GAUSSIAN, new Regularisation(0, 0, 0));
    VideoSpec d = spec(SpaceTime.FULL_3D, 2, 4, ReadoutType.GAUSSIAN, new Regularisation(0, 0, 0));
    assertEquals(5, f.temporalReceptiveField());
    assertTrue(f.parameters().stream().anyMatch(p -> p.name().equals("core.layer1.temporal") && p.shape()[2] == 2));
    assertTrue(d.parameters().stream().anyMatch(p -> p.name().equals("core.layer0.coeffs") && p.shape().length == 4 && p.shape()[3] == 3));
    assertTrue(!f.architectureHash().equals(d.architectureHash()));
    assertEquals(f.initialise(4, Map.of()).get("core.layer1.temporal")[3], f.initialise(4, Map.of()).get("core.layer1.temporal")[3]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new VideoSpec(f.base(), SpaceTime.FACTORISED, List.of(3)));
    assertTrue(e.getMessage().contains("one size per layer (3 layers)"), e.getMessage());
  }

  /** Weights (2, 5) of a shifter's last layer after training (an untrained one is zero and hides the rest). */
  static final float[] TRAINED_LAST_LAYER = {0.9f, -0.4f, 0.3f, 0.7f, -0.8f, 0.2f, 0.5f, -0.6f, 0.4f, 0.1f};

  static VideoSpec withShifter(VideoSpec v) {
    return new VideoSpec(v.base(), v.spaceTime(), v.temporalKernels(), true);
  }

  @Test
  void shifterMovesEveryReadoutLocationOfAFrameByItsOutput() {
    VideoSpec plain = spec(SpaceTime.FACTORISED, 2, 4, ReadoutType.GAUSSIAN, new Regularisation(0, 0, 0));
    VideoSpec shifted = withShifter(plain);
    assertEquals(plain.architectureHash(), new VideoSpec(plain.base(), plain.spaceTime(), plain.temporalKernels(), false).architectureHash(),
        "models without a shifter keep their hash");
    assertTrue(!plain.architectureHash().equals(shifted.architectureHash()));
    Map<String, float[]> values = shifted.initialise(5, Map.of());
    // last layer: zero weights, bias atanh(0.3), atanh(−0.2) → the shift is (0.3, −0.2) whatever the pupil does
    values.put("shifter.m.layer2.weight", new float[10]);
    values.put("shifter.m.layer2.bias", new float[] {(float) atanh(0.3), (float) atanh(-0.2)});
    float[] mu = values.get("readout.m.mu").clone();
    TorchRuntime.ensureLoaded();
    VideoModel withShift = new VideoModel(shifted, values, ScalarType.Double, TorchFixtures.CPU);
    Map<String, float[]> moved = new java.util.HashMap<>(plain.initialise(5, Map.of()));
    for (String k : moved.keySet()) moved.put(k, values.get(k));
    float[] mu2 = mu.clone();
    for (int i = 0; i < mu2.length; i += 2) {
      mu2[i] = (float) (mu[i] + 0.3);
      mu2[i + 1] = (float) (mu[i + 1] - 0.2);
    }
    moved.put("readout.m.mu", mu2);
    VideoModel byHand = new VideoModel(plain, moved, ScalarType.Double, TorchFixtures.CPU);
    try (NoGradGuard g = new NoGradGuard()) {
      Tensor a = TorchFixtures.randomDouble(41, 2, 8, 5, 11, 11);
      Tensor pupil = TorchFixtures.randomDouble(42, 2, 5, 2);
      Tensor out = withShift.readout("m", a, null, pupil);
      double err = TorchFixtures.maxAbs(out.sub(byHand.readout("m", a, null, null)));
      assertTrue(err < 1e-6, "shifted readout = readout at the shifted locations, error " + err);
      assertTrue(TorchFixtures.maxAbs(out) > 1e-3, "non-trivial output");
      // a shifter that depends on the pupil gives each frame its own shift
      Map<String, float[]> init = shifted.initialise(5, Map.of());
      for (float v : init.get("shifter.m.layer2.weight")) assertEquals(0f, v, "an untrained shifter does not shift");
      init.put("shifter.m.layer2.weight", TRAINED_LAST_LAYER.clone());
      VideoModel live = new VideoModel(shifted, init, ScalarType.Double, TorchFixtures.CPU);
      Tensor sh = live.shifts("m", pupil.reshape(10, 2));
      assertTrue(TorchFixtures.maxAbs(sh.select(0, 0).sub(sh.select(0, 1))) > 1e-6, "per-frame shifts differ");
      assertTrue(TorchFixtures.maxAbs(sh) < 1, "tanh output");
    }
  }

  private static double atanh(double v) {
    return 0.5 * Math.log((1 + v) / (1 - v));
  }

  @Test
  void shifterIsForGaussianReadoutsOnly() {
    VideoSpec f = spec(SpaceTime.FACTORISED, 2, 4, ReadoutType.FACTORISED, new Regularisation(0, 0, 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withShifter(f));
    assertTrue(e.getMessage().contains("Gaussian") && e.getMessage().contains("factorised"), e.getMessage());
    VideoSpec g = withShifter(spec(SpaceTime.FACTORISED, 2, 4, ReadoutType.GAUSSIAN, new Regularisation(0, 0, 0)));
    assertTrue(g.parameters().stream().anyMatch(p -> p.name().equals("shifter.m.layer1.weight") && p.shape()[0] == 5 && p.shape()[1] == 5));
    float[] w0 = g.initialise(3, Map.of()).get("shifter.m.layer0.weight");
    assertEquals(10, w0.length);
    for (float v : w0) assertTrue(Math.abs(v) <= 1 / Math.sqrt(2) + 1e-6, "uniform in ±1/sqrt(fan-in)");
  }

  // ------------------------------------------------------------------ gradient checks (float64, central differences)

  @Test
  void gradientsOfTheShifter() {
    VideoSpec vs = withShifter(spec(SpaceTime.FACTORISED, 2, 4, ReadoutType.GAUSSIAN, new Regularisation(0.3, 0, 0)));
    Map<String, float[]> values = vs.initialise(51, Map.of());
    // a trained shifter: the zero-initialised last layer would hide the earlier layers' gradients
    values.put("shifter.m.layer2.weight", TRAINED_LAST_LAYER.clone());
    values.put("shifter.m.layer2.bias", new float[] {0.05f, -0.1f});
    TorchRuntime.ensureLoaded();
    VideoModel model = new VideoModel(vs, values, ScalarType.Double, TorchFixtures.CPU);
    Tensor x = TorchFixtures.randomDouble(52, 2, 3, 7, 15, 15);
    Tensor y = TorchFixtures.randomDouble(53, 2, 3, 4).abs();
    Tensor eps = TorchFixtures.randomDouble(54, 6, 4, 2);
    Tensor pupil = TorchFixtures.randomDouble(55, 2, 3, 2);
    Supplier<Tensor> loss = () -> model.objective("m", x, y, eps, pupil, 30);
    GradientCheckTest.check(model.tm, "shifter.m.layer0.weight", loss, 10, 56);
    GradientCheckTest.check(model.tm, "shifter.m.layer1.bias", loss, 5, 57);
    GradientCheckTest.check(model.tm, "shifter.m.layer2.weight", loss, 10, 58);
    GradientCheckTest.check(model.tm, "readout.m.mu", loss, 6, 59);
  }

  @Test
  void gradientsOfTheFactorisedCore() {
    VideoModel model = doubleModel(spec(SpaceTime.FACTORISED, 2, 4, ReadoutType.GAUSSIAN, new Regularisation(0.3, 0.7, 0.5)), 21);
    Tensor x = TorchFixtures.randomDouble(22, 2, 3, 7, 15, 15);
    Tensor y = TorchFixtures.randomDouble(23, 2, 3, 4).abs();
    Tensor eps = TorchFixtures.randomDouble(24, 6, 4, 2);
    Supplier<Tensor> loss = () -> model.objective("m", x, y, eps, null, 30);
    GradientCheckTest.check(model.tm, "core.layer0.temporal", loss, 10, 25);
    GradientCheckTest.check(model.tm, "core.layer2.temporal", loss, 8, 26);
    GradientCheckTest.check(model.tm, "core.layer1.coeffs", loss, 10, 27);
    GradientCheckTest.check(model.tm, "readout.m.mu", loss, 6, 28);
    GradientCheckTest.check(model.tm, "readout.m.features", loss, 6, 29);
  }

  @Test
  void gradientsOfTheFull3dCoreAndRegularisers() {
    VideoModel model = doubleModel(spec(SpaceTime.FULL_3D, 2, 4, ReadoutType.FACTORISED, new Regularisation(0.3, 0.7, 0.5)), 31);
    Tensor x = TorchFixtures.randomDouble(32, 2, 3, 7, 15, 15);
    Tensor y = TorchFixtures.randomDouble(33, 2, 3, 4).abs();
    Supplier<Tensor> loss = () -> model.objective("m", x, y, null, null, 30);
    GradientCheckTest.check(model.tm, "core.layer0.coeffs", loss, 12, 34);
    GradientCheckTest.check(model.tm, "core.layer1.coeffs", loss, 10, 35);
    GradientCheckTest.check(model.tm, "readout.m.mask", loss, 8, 36);
    GradientCheckTest.check(model.tm, "core.layer0.coeffs", model::coreRegulariser, 10, 37);
    GradientCheckTest.check(model.tm, "core.layer2.coeffs", model::coreRegulariser, 10, 38);
  }
}
