package org.cortexclust.training.engine.libtorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.TestSpecs;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingResult;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.data.PlantedMouse;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.junit.jupiter.api.Test;

/**
 * Runs only where CUDA is usable (GPU worker built with {@code -Pgpu}): one epoch on the GPU, then the GPU model's
 * predictions must match the same parameters evaluated on the CPU, and a second identical run must give the same
 * weights (deterministic CUDA mode). Skipped, with a message, elsewhere.
 */
class GpuSmokeTest {
  @Test
  void trainsOnCudaAndAgreesWithCpu() {
    TorchRuntime.ensureLoaded();
    assumeTrue(TorchRuntime.cudaAvailable(), "GPU smoke test skipped: no CUDA device usable by this LibTorch build "
        + "(build with -Pgpu on a host with CUDA 13 / cuDNN 9 to run it)");
    MouseData m = PlantedMouse.generate("g", 300, 20, 24, 24, 8, 3, 0.5, 3).data();
    ModelSpec spec = TestSpecs.rotEq(4, 8, List.of(9, 5), 4, 24, 24, ReadoutType.GAUSSIAN,
        new Regularisation(0.01, 1, 0), new MouseShape("g", 20));
    TrainOptions o = new TrainOptions(32, 1, 0.01, 0.3, 1, 5, 1e-6, 1e-4, 1, 0, "cuda", 64);
    TrainingResult r = LibTorchTrainer.fit(spec, List.of(m), o, Progress.NONE, null, null);
    int[] val = m.trialIndices("validation");
    float[] gpu = LibTorchTrainer.predictRates(spec, r.params(), m, val, 64, "cuda");
    float[] cpu = LibTorchTrainer.predictRates(spec, r.params(), m, val, 64, "cpu");
    double worst = 0;
    for (int i = 0; i < gpu.length; i++) {
      worst = Math.max(worst, Math.abs(cpu[i] - gpu[i]) / Math.max(1, Math.abs(cpu[i])));
    }
    System.out.printf("GPU smoke: %d predictions, largest difference to the CPU %.2e (relative above 1)%n", gpu.length,
        worst);
    for (int i = 0; i < gpu.length; i++) {
      assertEquals(cpu[i], gpu[i], 1e-3 * Math.max(1, Math.abs(cpu[i])), "prediction " + i);
    }
    // deterministic CUDA mode (the default): the same run again gives the same weights, bit for bit
    TrainingResult again = LibTorchTrainer.fit(spec, List.of(m), o, Progress.NONE, null, null);
    for (var e : r.params().entrySet()) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(e.getValue(), again.params().get(e.getKey()),
          "tensor " + e.getKey() + " differs between two identical CUDA runs");
    }
  }
}
