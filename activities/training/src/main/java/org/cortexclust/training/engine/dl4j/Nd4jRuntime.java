package org.cortexclust.training.engine.dl4j;

import org.nd4j.linalg.factory.Nd4j;

/** ND4J backend checks and thread settings for the dl4j engine. */
final class Nd4jRuntime {
  private Nd4jRuntime() {}

  /** Whether the loaded ND4J backend runs on CUDA (the {@code cuda} Maven profile). */
  static boolean cuda() {
    return Nd4j.getBackend().getClass().getName().toLowerCase(java.util.Locale.ROOT).contains("cuda");
  }

  /**
   * Check that {@code device} matches the loaded backend and set the op threads ({@code threads} ≤ 0 keeps ND4J's
   * default, all cores).
   */
  static void configure(int threads, String device) {
    boolean cuda = cuda();
    if ("cuda".equals(device) && !cuda) {
      throw new IllegalStateException("training.device is 'cuda' but the dl4j engine loaded the CPU backend ("
          + Nd4j.getBackend().getClass().getSimpleName() + "); build with -Pcuda and run on a CUDA 11.6 host with a "
          + "GPU of compute capability <= 8.6");
    }
    if ("cpu".equals(device) && cuda) {
      throw new IllegalStateException("training.device is 'cpu' but the dl4j engine loaded the CUDA backend");
    }
    if (threads > 0) {
      Nd4j.getEnvironment().setMaxMasterThreads(threads);
      Nd4j.getEnvironment().setMaxThreads(threads);
    }
  }
}
