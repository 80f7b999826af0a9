package org.cortexclust.training.engine.libtorch;

import java.io.File;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.presets.openblas_nolapack;
import org.bytedeco.pytorch.global.torch;

/**
 * Loads the LibTorch natives once per JVM, before any other engine call.
 *
 * <p>Unpacks every native library of the preset into the JavaCPP cache <em>before</em> the first {@code Loader.load}
 * (engines.md §8): with an empty cache JavaCPP would otherwise load {@code libtorch.so} before {@code
 * libtorch_cpu.so} is unpacked, the dynamic linker would pick a system libtorch (e.g. Debian's 1.13) and the JVM
 * would crash inside {@code System.load}. The intra-op thread count follows the machine unless set explicitly.
 */
public final class TorchRuntime {
  private static volatile boolean loaded;
  private static volatile RuntimeException failure;

  private TorchRuntime() {}

  /** Load if needed; the first load sets the thread count of the machine ({@link Runtime#availableProcessors()}). */
  public static void ensureLoaded() {
    if (!loaded) {
      ensureLoaded(0);
    }
  }

  /**
   * Load the natives (idempotent) and set the intra-op thread count.
   *
   * @param threads intra-op threads; 0 means "as many as the machine has". On a machine shared with other busy
   *                processes one thread can be several times faster than two (OpenMP workers spin-wait for a core
   *                that is not free), hence the {@code training.threads} config key.
   */
  public static synchronized void ensureLoaded(int threads) {
    if (failure != null) {
      throw failure;
    }
    if (!loaded) {
      String resources = "/org/bytedeco/pytorch/" + Loader.getPlatform() + "/";
      try {
        File[] cached = Loader.cacheResources(resources);
        if (cached == null || cached.length == 0) {
          throw new IllegalStateException("no LibTorch natives found on the classpath under " + resources
              + " (expected the jar org.bytedeco:pytorch:<version>:" + Loader.getPlatform() + ")");
        }
        Loader.load(torch.class);
      } catch (Throwable t) {
        String cacheDir;
        try {
          cacheDir = Loader.getCacheDir().getPath();
        } catch (Exception e) {
          cacheDir = "<unknown>";
        }
        failure = new IllegalStateException("could not load LibTorch natives for platform " + Loader.getPlatform()
            + " (JavaCPP cache " + cacheDir + ", set -Dorg.bytedeco.javacpp.cachedir to move it): " + t, t);
        throw failure;
      }
      loaded = true;
    }
    int want = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    if (torch.get_num_threads() != want) {
      torch.set_num_threads(want);
    }
    // LibTorch's matrix products run in OpenBLAS, whose own thread pool ignores at::set_num_threads and defaults to
    // every core: its workers then spin-wait for cores the configured count left to other processes.
    if (openblas_nolapack.blas_get_num_threads() != want) {
      openblas_nolapack.blas_set_num_threads(want);
    }
  }

  /** Whether a CUDA device is usable by this LibTorch build. */
  public static boolean cudaAvailable() {
    ensureLoaded();
    try {
      return torch.cuda_is_available() && torch.cuda_device_count() > 0;
    } catch (Throwable t) {
      return false;
    }
  }

  /** Threads OpenBLAS (LibTorch's matrix products) uses now. */
  public static int blasThreads() {
    ensureLoaded();
    return openblas_nolapack.blas_get_num_threads();
  }

  /** Intra-op threads LibTorch uses now. */
  public static int threads() {
    ensureLoaded();
    return torch.get_num_threads();
  }
}
