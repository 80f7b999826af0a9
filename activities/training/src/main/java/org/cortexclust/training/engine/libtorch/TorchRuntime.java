package org.cortexclust.training.engine.libtorch;

import java.io.File;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.presets.openblas_nolapack;
import org.bytedeco.pytorch.global.torch;

/**
 * Loads the LibTorch natives once per JVM, before any other engine call.
 *
 * <p>Unpacks every native library of the preset into the JavaCPP cache <em>before</em> the first {@code Loader.load}
 * (docs/engines.md §8): with an empty cache JavaCPP would otherwise load {@code libtorch.so} before {@code
 * libtorch_cpu.so} is unpacked, the dynamic linker would pick a system libtorch (e.g. Debian's 1.13) and the JVM
 * would crash inside {@code System.load}. The intra-op thread count follows the machine unless set explicitly.
 */
public final class TorchRuntime {
  /** The engine named in the {@code model.json} of every model trained here (static and video). */
  public static final String ENGINE = "libtorch-2.10.0 (org.bytedeco:pytorch:2.10.0-1.5.13)";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TorchRuntime.class);

  private static volatile boolean loaded;

  private TorchRuntime() {}

  /** Unpacks resources into the JavaCPP cache and returns what it unpacked (empty or null when there are none). */
  @FunctionalInterface
  interface ResourceCache {
    File[] unpack(String resources) throws Exception;
  }

  /**
   * Unpacks the LibTorch natives of {@code platform} and returns their resource folder, or null when the classpath has
   * none. The CUDA build ({@code -Pgpu}, classifier {@code <platform>-gpu}) keeps them under {@code <platform>-gpu/},
   * which JavaCPP's Loader then prefers, so that folder is tried first; the CPU build keeps them under
   * {@code <platform>/}.
   */
  static String unpackNatives(String platform, ResourceCache cache) throws Exception {
    for (String extension : new String[] {"-gpu", ""}) {
      String resources = "/org/bytedeco/pytorch/" + platform + extension + "/";
      File[] unpacked = cache.unpack(resources);
      if (unpacked != null && unpacked.length > 0) {
        return resources;
      }
    }
    return null;
  }

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
  public static void ensureLoaded(int threads) {
    ensureLoaded(threads, Loader::cacheResources);
  }

  /** {@link #ensureLoaded(int)} unpacking through {@code cache} (tests: a cache that fails). */
  static synchronized void ensureLoaded(int threads, ResourceCache cache) {
    // A failure is not remembered: the cause may pass (a full disk under the JavaCPP cache, a cache being written by
    // another process), and the stage's next attempt in this worker calls here again and tries again.
    if (!loaded) {
      // decided first: a bad -Dcortexclust.libtorch.mkldnn fails every call, not only the one that loads
      String offBecause = mkldnnOffReason(System.getProperty(MKLDNN, "auto"), cpuInfo());
      try {
        if (unpackNatives(Loader.getPlatform(), cache) == null) {
          throw new IllegalStateException("no LibTorch natives found on the classpath under /org/bytedeco/pytorch/"
              + Loader.getPlatform() + "[-gpu]/ (expected the jar org.bytedeco:pytorch:<version>:"
              + Loader.getPlatform() + " or, built with -Pgpu, :" + Loader.getPlatform() + "-gpu)");
        }
        Loader.load(torch.class);
      } catch (Throwable t) {
        String cacheDir;
        try {
          cacheDir = Loader.getCacheDir().getPath();
        } catch (Exception e) {
          cacheDir = "<unknown>";
        }
        throw new IllegalStateException("could not load LibTorch natives for platform " + Loader.getPlatform()
            + " (JavaCPP cache " + cacheDir + ", set -Dorg.bytedeco.javacpp.cachedir to move it): " + t, t);
      }
      mkldnnOffBecause = offBecause;
      loaded = true;
      if (mkldnnOffBecause != null) {
        torch.globalContext().setUserEnabledMkldnn(false);
        LOG.info("LibTorch: oneDNN (mkldnn) CPU kernels off ({}); ATen's own kernels run instead", mkldnnOffBecause);
      }
    }
    int want = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    if (torch.get_num_threads() != want) {
      torch.set_num_threads(want);
    }
    // LibTorch's matrix products run in OpenBLAS, whose own pthread pool ignores at::set_num_threads. After every
    // call that used it, an OpenBLAS worker busy-waits (a nop loop, no yield) for about 2^28 cycles (~0.1 s) before
    // it sleeps, on a core that LibTorch's OpenMP pool needs: with two cores, the small multi-threaded products of a
    // training step (the rotated filter banks) kept one worker spinning for ~0.4 core-seconds per step and the
    // OpenMP threads waiting at their barriers for the preempted one. So OpenBLAS runs on the calling thread only,
    // except inside parallelBlas(), around work that is nothing but large products (the linear-nonlinear baseline).
    // The factorised readout's large products are 1×1 convolutions for that reason (TorchModel.maskProduct).
    if (openblas_nolapack.blas_get_num_threads() != 1) {
      openblas_nolapack.blas_set_num_threads(1);
    }
  }

  /**
   * OpenBLAS with LibTorch's intra-op thread count until {@link ParallelBlas#close()}, which returns it to one
   * thread (see {@link #ensureLoaded(int)} for why one is the default). With {@code enabled} false it changes nothing.
   */
  static ParallelBlas parallelBlas(boolean enabled) {
    ensureLoaded();
    if (enabled) {
      openblas_nolapack.blas_set_num_threads(torch.get_num_threads());
    }
    return new ParallelBlas(enabled);
  }

  /** Scope of {@link #parallelBlas(boolean)}. */
  static final class ParallelBlas implements AutoCloseable {
    private final boolean enabled;

    private ParallelBlas(boolean enabled) {
      this.enabled = enabled;
    }

    @Override
    public void close() {
      if (enabled) {
        openblas_nolapack.blas_set_num_threads(1);
      }
    }
  }

  /** System property that turns the deterministic CUDA mode of {@link #useCuda()} off (for speed). */
  public static final String CUDA_DETERMINISTIC = "cortexclust.cuda.deterministic";

  private static volatile boolean cudaConfigured;

  /**
   * Whether CUDA work runs in deterministic mode (the default; {@code -Dcortexclust.cuda.deterministic=false} turns
   * it off): the same config and data then give the same model on the same GPU, as they do on the CPU.
   */
  public static boolean cudaDeterministic() {
    return !"false".equalsIgnoreCase(System.getProperty(CUDA_DETERMINISTIC, "true"));
  }

  /**
   * Prepares LibTorch for CUDA work, once per JVM, before the first CUDA operation. In deterministic mode: cuDNN
   * picks deterministic algorithms (no benchmarking), cuBLAS gets a fixed workspace ({@code
   * CUBLAS_WORKSPACE_CONFIG=:4096:8} unless set), and any operation without a deterministic CUDA implementation
   * fails loudly rather than silently giving a different result each run (the Gaussian readout therefore samples
   * with {@link TorchModel#bilinearSample} on CUDA). Measured on an H200: without this, three runs of the quickstart
   * gave test ρ_st 0.3406, 0.3465 and 0.3407.
   */
  static synchronized void useCuda() {
    ensureLoaded();
    if (cudaConfigured) {
      return;
    }
    org.bytedeco.pytorch.Context context = torch.globalContext();
    boolean deterministic = cudaDeterministic();
    if (deterministic && System.getenv("CUBLAS_WORKSPACE_CONFIG") == null) {
      torch.set_env("CUBLAS_WORKSPACE_CONFIG", ":4096:8", false);
    }
    context.setDeterministicCuDNN(deterministic);
    context.setBenchmarkCuDNN(false);
    context.setDeterministicAlgorithms(deterministic, false);
    cudaConfigured = true;
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

  /** Threads OpenBLAS (LibTorch's matrix products) uses now: 1 outside {@link #parallelBlas(boolean)}. */
  public static int blasThreads() {
    ensureLoaded();
    return openblas_nolapack.blas_get_num_threads();
  }

  /** Intra-op threads LibTorch uses now. */
  public static int threads() {
    ensureLoaded();
    return torch.get_num_threads();
  }

  /** Whether LibTorch's oneDNN (mkldnn) CPU kernels are in use (off by default, see {@link #ensureLoaded(int)}). */
  public static boolean mkldnn() {
    ensureLoaded();
    return torch.globalContext().userEnabledMkldnn();
  }

  /** System property: {@code auto} (default), {@code true} (oneDNN on) or {@code false} (off). */
  public static final String MKLDNN = "cortexclust.libtorch.mkldnn";

  private static volatile String mkldnnOffBecause;

  /**
   * Why LibTorch's oneDNN CPU kernels are to be off, or null to keep them on. {@code auto} turns them off on AMD CPU
   * family 26 (Zen 5) only: there they trained wrong (random NaN in the first core layer, float32 loss curves 2e-3
   * from DL4J's; docs/operations.md, "LibTorch's oneDNN kernels"), while elsewhere they are correct and 1.9 to 2.6
   * times faster than ATen's own (bench/training/results/2026-12-07-mkldnn-ab.jsonl).
   */
  static String mkldnnOffReason(String setting, String cpuinfo) {
    switch (setting.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true":
        return null;
      case "false":
        return "-D" + MKLDNN + "=false";
      case "auto":
        break;
      default:
        throw new IllegalArgumentException("-D" + MKLDNN + "=" + setting + ": expected auto, true or false");
    }
    boolean amd = cpuinfo.lines().anyMatch(l -> l.startsWith("vendor_id") && l.contains("AuthenticAMD"));
    boolean zen5 = cpuinfo.lines().filter(l -> l.startsWith("cpu family")).findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1).trim().equals("26")).orElse(false);
    return amd && zen5 ? "AMD CPU family 26 (Zen 5), where they computed wrong results; -D" + MKLDNN
        + "=true turns them on" : null;
  }

  private static String cpuInfo() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cpuinfo"));
    } catch (Exception e) {
      return ""; // not Linux, or no /proc: nothing known to avoid
    }
  }

  /** Which CPU kernels LibTorch's convolutions use in this JVM: {@code oneDNN}, or ATen's with the reason. */
  public static String cpuKernels() {
    ensureLoaded();
    return mkldnnOffBecause == null ? "oneDNN" : "ATen (oneDNN off: " + mkldnnOffBecause + ")";
  }
}
