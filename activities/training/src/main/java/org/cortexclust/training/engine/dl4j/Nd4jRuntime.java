package org.cortexclust.training.engine.dl4j;

import org.nd4j.linalg.factory.Nd4j;

/** ND4J backend checks and thread settings for the dl4j engine. */
final class Nd4jRuntime {
  private Nd4jRuntime() {}

  /** JVM property: native memory (resident beyond the committed heap) the engine may hold before it collects. */
  static final String NATIVE_BUDGET = "cortexclust.dl4j.native_budget";
  static final long DEFAULT_NATIVE_BUDGET = 2L << 30;
  private static final long BUDGET = budget();
  private static volatile long collections;

  private static long budget() {
    String v = System.getProperty(NATIVE_BUDGET);
    try {
      return v == null || v.isBlank() ? DEFAULT_NATIVE_BUDGET : org.bytedeco.javacpp.Pointer.parseBytes(v.trim(), DEFAULT_NATIVE_BUDGET);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + NATIVE_BUDGET + "=" + v + ": expected a size such as 2g or 1500m", e);
    }
  }

  /**
   * Keep the process's resident memory within the committed heap plus the native budget: SameDiff allocates a
   * step's intermediate arrays natively and frees them only when the collector finds their Java objects, a
   * collector with a roomy heap rarely runs, and malloc keeps freed blocks in its arenas; without this the engine
   * grows to JavaCPP's limit (4 x the heap by default: 15-16 GB under {@code -Xmx6g}). Called after every step and
   * evaluation batch; above the budget it returns malloc's free memory to the system ({@code malloc_trim}) and, if
   * still above, collects. Inside one step SameDiff's peak is bounded only by JavaCPP's
   * {@code -Dorg.bytedeco.javacpp.maxphysicalbytes} (README, DL4J engine).
   */
  static void bound() {
    if (nativeBytes() > BUDGET) {
      // freed native memory that malloc keeps in its arenas first (no collection needed), then the garbage
      org.bytedeco.javacpp.Pointer.trimMemory();
      if (nativeBytes() > BUDGET) {
        System.gc();
        collections++;
        try {
          Thread.sleep(20); // JavaCPP's deallocator thread frees what the collection found
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        org.bytedeco.javacpp.Pointer.trimMemory();
      }
    }
  }

  /** Resident memory beyond the committed heap. */
  private static long nativeBytes() {
    return org.bytedeco.javacpp.Pointer.physicalBytes() - Runtime.getRuntime().totalMemory();
  }

  /** How many collections {@link #bound} forced (for the memory probe). */
  static long collections() {
    return collections;
  }

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
