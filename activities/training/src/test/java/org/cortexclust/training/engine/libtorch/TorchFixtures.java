package org.cortexclust.training.engine.libtorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingResult;
import org.cortexclust.training.checkpoint.ModelFiles;
import org.cortexclust.training.data.MouseData;
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

  /** Three epochs of seed-5 training of {@code spec} on {@code mouse} on the CPU; the training loss falls. */
  static TrainingResult trainThreeEpochs(ModelSpec spec, MouseData mouse) {
    TrainingResult r = LibTorchTrainer.fit(spec, List.of(mouse), new TrainOptions(32, 3, 0.01, 0.3, 1, 3, 1e-6, 1e-4, 5,
        1, "cpu", 64), Progress.NONE, null, null);
    assertEquals(3, r.history().size());
    double first = r.history().get(0).loss();
    double last = r.history().get(2).loss();
    assertTrue(Double.isFinite(last) && last < first, "training loss should fall: " + first + " -> " + last);
    return r;
  }

  /**
   * objective({@code with}) − objective({@code without}) of one batch, the first four trials of {@code mouse}, both
   * models holding {@code params} in double precision (no jitter): what one regulariser adds to the loss.
   */
  static double objectiveDifference(ModelSpec with, ModelSpec without, Map<String, float[]> params, MouseData mouse) {
    try (PointerScope scope = new PointerScope()) {
      TorchModel a = new TorchModel(with, params, ScalarType.Double, CPU);
      TorchModel b = new TorchModel(without, params, ScalarType.Double, CPU);
      int[] idx = {0, 1, 2, 3};
      Tensor x = LibTorchTrainer.images(mouse, idx, a.dtype, a.device);
      Tensor y = LibTorchTrainer.responses(mouse, idx, a.dtype, a.device);
      String m = mouse.mouseId();
      return a.objective(m, x, y, null, 100).item_double() - b.objective(m, x, y, null, 100).item_double();
    }
  }

  /** {@code spec}'s {@code model.json} and {@code params.npz} written to {@code dir} and read back (the spec equal). */
  static Map<String, float[]> modelFilesRoundTrip(Path dir, ModelSpec spec, Map<String, float[]> params)
      throws IOException {
    Path json = dir.resolve("model.json");
    ModelFiles.writeModelJson(json, spec, "libtorch", Map.of());
    assertEquals(spec, ModelFiles.readSpec(json));
    Path npz = dir.resolve("params.npz");
    ModelFiles.writeParams(npz, spec, params);
    return ModelFiles.readParams(npz, spec);
  }
}
