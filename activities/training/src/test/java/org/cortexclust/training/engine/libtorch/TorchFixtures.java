package org.cortexclust.training.engine.libtorch;

import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.cortexclust.training.spec.ModelSpec;

/** Helpers for engine tests (double precision on the CPU). */
final class TorchFixtures {
  static final Device CPU = new Device("cpu");

  private TorchFixtures() {}

  static TorchModel doubleModel(ModelSpec spec, long seed) {
    TorchRuntime.ensureLoaded();
    return new TorchModel(spec, spec.initialise(seed, Map.of()), ScalarType.Double, CPU);
  }

  /** A double-precision model whose grid predictor reads {@code coordinates} (N·3) for every mouse. */
  static TorchModel doubleModel(ModelSpec spec, long seed, float[] coordinates) {
    TorchRuntime.ensureLoaded();
    Map<String, float[]> coords = new java.util.HashMap<>();
    for (var m : spec.mice()) coords.put(m.mouseId(), coordinates);
    return new TorchModel(spec, spec.initialise(seed, Map.of(), coords), ScalarType.Double, CPU);
  }

  static Tensor randomDouble(long seed, long... shape) {
    long n = 1;
    for (long s : shape) n *= s;
    double[] v = new double[Math.toIntExact(n)];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < v.length; i++) v[i] = r.nextDouble() * 2 - 1;
    return Ops.fromDoubles(v, shape, ScalarType.Double, CPU);
  }

  static double maxAbs(Tensor t) {
    double m = 0;
    for (double v : Ops.toDoubles(t)) m = Math.max(m, Math.abs(v));
    return m;
  }
}
