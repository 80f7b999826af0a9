package org.cortexclust.training.engine.libtorch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** {@link TorchRuntime#parallelBlas}: OpenBLAS on every intra-op thread inside the scope, on one outside. */
class ParallelBlasScopeTest {

  @Test
  void parallelBlasScopeRestoresOneThread() {
    TorchRuntime.ensureLoaded();
    assertEquals(1, TorchRuntime.blasThreads(), "OpenBLAS runs on the calling thread outside parallelBlas");
    try (TorchRuntime.ParallelBlas blas = TorchRuntime.parallelBlas(true)) {
      assertEquals(torch.get_num_threads(), TorchRuntime.blasThreads());
    }
    assertEquals(1, TorchRuntime.blasThreads());
    try (TorchRuntime.ParallelBlas blas = TorchRuntime.parallelBlas(false)) {
      assertEquals(1, TorchRuntime.blasThreads());
    }
  }
}
