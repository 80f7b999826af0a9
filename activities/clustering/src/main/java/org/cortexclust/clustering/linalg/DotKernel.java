package org.cortexclust.clustering.linalg;

import java.util.Locale;

/**
 * The matrix product behind k-means' distances and the Gaussian-mixture E-step: gathered rows of a data matrix times
 * a right-hand matrix prepared once and used by every parallel chunk ({@code acc[r][j] = Σ_f x(rows[r], f) ·
 * cols[f][j]}, the rows read from a row-major {@link Rows} matrix). Two implementations:
 *
 * <ul>
 *   <li>{@link #JAVA}: {@link BlockedDots}, pure Java; every product summed over features in order, so results do not
 *       depend on blocking, thread count or CPU (the reference).
 *   <li>{@link #openBlas()}: OpenBLAS {@code cblas_dgemm} through the JavaCPP presets (the same library LibTorch uses),
 *       about three times the Java kernel's speed per core on these skinny products. Each call is kept below OpenBLAS's
 *       multi-threading threshold, so it runs on the calling thread (the parallelism is our own chunks') whatever the
 *       process-wide OpenBLAS thread count, which this class never changes (the training engine raises it inside its
 *       own scopes). Single-threaded OpenBLAS is deterministic: the same data and seed give the same results on the
 *       same machine; on another CPU type OpenBLAS may pick other kernels and results may differ in the last bits
 *       (and so, at near-ties, in a label).
 * </ul>
 *
 * <p>{@link #get()} is the JVM's default, chosen once by the system property {@value #PROPERTY} ({@code native}, the
 * default, or {@code java}); when the natives cannot be loaded, it falls back to Java with a one-line warning. Native is
 * the default because it is the faster kernel wherever more than one fit runs in a JVM, as in the clustering stage
 * (every method × k × stability run): over k = 10…50 at 14,000 × 128, k-means 0.69× and the diagonal GMM 0.84× the
 * Java kernel's time (bench/clustering/README.md). Loading OpenBLAS costs about 0.1–0.2 s once per JVM (nothing when
 * LibTorch has loaded it already); {@link #preload()} starts it in the background.
 */
public abstract class DotKernel {
  /** System property choosing {@link #get()}: {@code native} (default) or {@code java}. */
  public static final String PROPERTY = "cortexclust.clustering.kernel";

  /** The pure-Java kernel ({@link BlockedDots}). */
  public static final DotKernel JAVA = new JavaKernel();

  DotKernel() {}

  /** {@code java} or {@code native}. */
  public abstract String name();

  /**
   * The right-hand matrix {@code cols[f][j]} for {@code from ≤ f < to}, {@code j < w}, prepared for
   * {@link Columns#rowsTimes}; {@code cols} must not change while the result is in use.
   */
  public abstract Columns columns(double[][] cols, int from, int to, int w);

  /** {@link #columns(double[][], int, int, int)} over every row of {@code cols}. */
  public final Columns columns(double[][] cols, int w) {
    return columns(cols, 0, cols.length, w);
  }

  /** A prepared right-hand matrix; safe to use from many threads at once. */
  public interface Columns extends AutoCloseable {
    /**
     * {@code acc[r][j] = Σ_{from ≤ f < to} x(rows[r], f) · cols[f][j]} for {@code r < m}, {@code j < w}; only those
     * entries of {@code acc} are written.
     */
    void rowsTimes(Rows x, int[] rows, int m, double[][] acc);

    /** Frees native memory (if any) now instead of at garbage collection. */
    @Override
    void close();
  }

  /** OpenBLAS's kernel; throws {@link IllegalStateException} saying why when its natives cannot be loaded. */
  public static DotKernel openBlas() {
    return NativeHolder.get();
  }

  /** The JVM's default kernel (see {@link #PROPERTY}), chosen on first use. */
  public static DotKernel get() {
    return DefaultHolder.KERNEL;
  }

  /**
   * Chooses (and so loads) the default kernel on a background daemon thread, so that a caller who knows fits are
   * coming (the clustering stage, before it reads its data) does not wait for the natives in its first fit; a fit
   * that starts sooner waits for the load to finish (class initialisation), it never sees a half-loaded kernel.
   */
  public static void preload() {
    Thread t = new Thread(DotKernel::get, "dot-kernel-preload");
    t.setDaemon(true);
    t.start();
  }

  /** Warnings of {@link #choose}. */
  interface Warn {
    void warn(String line);
  }

  /**
   * The kernel the property value {@code value} asks for ({@code null}: the default, native); a native kernel that
   * cannot be loaded falls back to {@link #JAVA} after one warning line saying why.
   */
  static DotKernel choose(String value, java.util.function.Supplier<DotKernel> nativeKernel, Warn warn) {
    String v = value == null ? "native" : value.trim().toLowerCase(Locale.ROOT);
    switch (v) {
      case "java":
        return JAVA;
      case "native":
        try {
          return nativeKernel.get();
        } catch (RuntimeException | LinkageError e) {
          warn.warn("OpenBLAS natives could not be loaded, k-means and GMM use the Java kernel: " + e.getMessage());
          return JAVA;
        }
      default:
        throw new IllegalArgumentException("system property " + PROPERTY + ": expected 'java' or 'native', got '" + value + "'");
    }
  }

  private static final class DefaultHolder {
    static final DotKernel KERNEL = choose(System.getProperty(PROPERTY), DotKernel::openBlas,
        line -> org.slf4j.LoggerFactory.getLogger(DotKernel.class).warn(line));
  }

  /** Loads the natives once; remembers a failure (with its reason) for every later call. */
  private static final class NativeHolder {
    private static DotKernel kernel;
    private static RuntimeException failure;

    static synchronized DotKernel get() {
      if (kernel == null && failure == null) {
        try {
          kernel = new OpenBlasKernel();
        } catch (Throwable t) {
          failure = new IllegalStateException("no OpenBLAS for platform " + System.getProperty("os.name") + "/"
              + System.getProperty("os.arch") + " (jars org.bytedeco:openblas and :javacpp with the platform classifier"
              + " expected on the classpath; JavaCPP cache: -Dorg.bytedeco.javacpp.cachedir): " + t, t);
        }
      }
      if (failure != null) throw failure;
      return kernel;
    }
  }

  private static final class JavaKernel extends DotKernel {
    @Override
    public String name() {
      return "java";
    }

    @Override
    public Columns columns(double[][] cols, int from, int to, int w) {
      return new Columns() {
        @Override
        public void rowsTimes(Rows x, int[] rows, int m, double[][] acc) {
          BlockedDots.rowsTimesColumns(x, rows, m, cols, from, to, w, acc);
        }

        @Override
        public void close() {}
      };
    }
  }
}
