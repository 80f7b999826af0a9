package org.cortexclust.bench.clustering;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.cortexclust.alignment.RotationAlignment;
import org.cortexclust.clustering.gmm.GaussianMixture;
import org.cortexclust.clustering.kmeans.KMeans;
import org.cortexclust.clustering.ldmgi.Ldmgi;
import org.cortexclust.clustering.linalg.DotKernel;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.clustering.sec.SpectralEmbeddedClustering;
import org.cortexclust.clustering.spectral.SpectralClustering;
import org.cortexclust.clustering.synthetic.PlantedData;
import org.cortexclust.clustering.tsne.TSne;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;

/**
 * Wall time, ARI and peak heap of every clustering method on planted Gaussian blobs; prints one JSON object.
 * Run each method in its own JVM to read process_peak_rss_mb per method. Environment: BENCH_DUMP=dir writes the data
 * for sklearn_bench.py; BENCH_WARMUP=m runs each method BENCH_WARMUP_REPS times (default 2) on the first m points
 * before timing it; BENCH_LOAD=dir reads the data an earlier run dumped. The k-means and GMM products run on
 * {@link DotKernel#get()} (-Dcortexclust.clustering.kernel=java|native); each row names the kernel that ran.
 * Usage: ClusteringBench n d k [methods comma-separated: kmeans,gmm_diag,gmm_full,spectral,sec,ldmgi,tsne,align] [separation]
 */
public final class ClusteringBench {
  /** The methods' seed (the data's is 42): BENCH_SEED, default 1; run_all.sh SEEDS_BY_REP=1 sets it per rep. */
  private static final long SEED = Long.parseLong(System.getenv().getOrDefault("BENCH_SEED", "1"));

  public static void main(String[] args) {
    DotKernel.preload(); // as the clustering stage does: the kernel's natives load while the data is read
    int n = Integer.parseInt(args[0]), d = Integer.parseInt(args[1]), k = Integer.parseInt(args[2]);
    String methods = args.length > 3 ? args[3] : "kmeans,gmm_diag,gmm_full,spectral,sec,ldmgi,tsne";
    double sep = args.length > 4 ? Double.parseDouble(args[4]) : 1.0;
    // BENCH_LOAD=dir: read the data that an earlier run dumped (as scikit-learn does) instead of generating it, so a
    // whole-process timing compares like with like
    String load = System.getenv("BENCH_LOAD");
    PlantedData.Labelled data = load != null ? read(java.nio.file.Path.of(load), n, d) : PlantedData.blobs(n, d, k, sep, 42);
    String dump = System.getenv("BENCH_DUMP");
    if (dump != null) {
      // the same data for the scikit-learn comparison (sklearn_bench.py): x.npy float64 (n, d), y.npy int32 (n)
      double[] flat = new double[n * d];
      for (int i = 0; i < n; i++) System.arraycopy(data.x()[i], 0, flat, i * d, d);
      try {
        java.nio.file.Files.createDirectories(java.nio.file.Path.of(dump));
        Npy.write(java.nio.file.Path.of(dump, "x.npy"), NpyArray.ofDoubles(flat, n, d));
        Npy.write(java.nio.file.Path.of(dump, "y.npy"), NpyArray.ofInts(data.labels(), n));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    List<String> rows = new ArrayList<>();
    // BENCH_WARMUP=m: first run each method untimed on the first m points, so the timed run finds the JIT-compiled
    // code (a long-lived worker's steady state); the row's method name then ends in "_warm"
    String warm = System.getenv("BENCH_WARMUP");
    for (String m : methods.split(",")) {
      // BENCH_WARMUP_REPS (default 2) runs; on the full data (BENCH_WARMUP=n) the heap has also grown to its working size, as in a worker that has run before
      int warmReps = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP_REPS", "2"));
      for (int w = 0; warm != null && w < warmReps; w++) run(m, java.util.Arrays.copyOf(data.x(), Math.min(n, Integer.parseInt(warm))), k);
      System.gc();
      resetPeaks();
      long t0 = System.nanoTime();
      Run run = run(m, data.x(), k);
      double sec = (System.nanoTime() - t0) / 1e9;
      int[] labels = run.labels();
      double ari = labels == null ? Double.NaN : ClusterMetrics.adjustedRandIndex(data.labels(), labels);
      // the kernel that actually ran (after a failed native load: java), resolved inside the timed fit
      String kernel = DotKernel.get().name();
      rows.add(String.format(Locale.ROOT, "{\"method\":\"%s\",\"kernel\":\"%s\",\"seconds\":%.2f,\"ari\":%s,\"iterations\":%d,\"peak_heap_mb\":%.0f,\"process_peak_rss_mb\":%.0f}",
          warm != null ? m + "_warm" : m, kernel, sec, Double.isNaN(ari) ? "null" : String.format(Locale.ROOT, "%.4f", ari), run.iterations(), peakHeapMb(), peakRssMb()));
      System.err.println(rows.get(rows.size() - 1));
    }
    System.out.printf(Locale.ROOT, "{\"n\":%d,\"d\":%d,\"k\":%d,\"separation\":%.2f,\"cores\":%d,\"results\":[%s]}%n", n, d, k, sep,
        Runtime.getRuntime().availableProcessors(), String.join(",", rows));
  }

  private static PlantedData.Labelled read(java.nio.file.Path dir, int n, int d) {
    try {
      double[] flat = Npy.read(dir.resolve("x.npy")).toDoubleArray();
      int[] y = Npy.read(dir.resolve("y.npy")).toIntArray();
      if (flat.length != (long) n * d || y.length != n) {
        throw new IllegalArgumentException(dir + ": expected x.npy of " + n + " x " + d + " and y.npy of " + n + ", got " + flat.length
            + " and " + y.length + " values");
      }
      double[][] x = new double[n][d];
      for (int i = 0; i < n; i++) System.arraycopy(flat, i * d, x[i], 0, d);
      return new PlantedData.Labelled(x, y);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Labels and the iterations of the winning run (k-means: Lloyd iterations; GMM: EM iterations; else 0). */
  private record Run(int[] labels, int iterations) {}

  /**
   * {@code <method>_kgrid}: the method fitted for every k of BENCH_KS (default 10,20,30,40,50; a choice of k as the
   * clustering stage makes it, one process, the first fit cold, the rest on compiled code); labels and iterations of
   * the fit with k = K (else the last).
   */
  private static final int[] KS = java.util.Arrays.stream(System.getenv().getOrDefault("BENCH_KS", "10,20,30,40,50").split(","))
      .mapToInt(s -> Integer.parseInt(s.trim())).toArray();

  private static Run run(String m, double[][] x, int k) {
    if (m.endsWith("_kgrid")) {
      Run chosen = null;
      boolean atK = false;
      for (int kk : KS) {
        Run r = run(m.substring(0, m.length() - "_kgrid".length()), x, kk);
        if (!atK) chosen = r;
        atK |= kk == k;
      }
      return chosen;
    }
    return switch (m) {
      case "dump" -> new Run(null, 0); // only write the data (BENCH_DUMP)
      case "kmeans" -> {
        KMeans.Result r = KMeans.fit(x, KMeans.Options.of(k, SEED));
        yield new Run(r.labels(), r.iterations());
      }
      case "gmm_diag", "gmm_full" -> {
        GaussianMixture.Covariance c = m.equals("gmm_diag") ? GaussianMixture.Covariance.DIAGONAL : GaussianMixture.Covariance.FULL;
        GaussianMixture.Result r = GaussianMixture.fit(x, GaussianMixture.Options.of(k, c, SEED));
        yield new Run(r.labels(), r.iterations());
      }
      case "spectral" -> new Run(SpectralClustering.fit(x, SpectralClustering.Options.of(k, SEED)).labels(), 0);
      case "sec" -> new Run(SpectralEmbeddedClustering.fit(x, SpectralEmbeddedClustering.Options.of(k, SEED)).labels(), 0);
      case "ldmgi" -> new Run(Ldmgi.fit(x, Ldmgi.Options.of(k, SEED)).labels(), 0);
      case "align" -> {
        // rotation alignment of the d = 16 features × d/16 rotations embeddings, one template (the stage's default)
        RotationAlignment.Result r = RotationAlignment.fit(x, RotationAlignment.Options.of(16, x[0].length / 16).withSeed(SEED));
        yield new Run(null, r.iterations());
      }
      case "tsne" -> {
        double[][] y = TSne.fit(x, TSne.Options.defaults(1)).embedding();
        yield new Run(KMeans.fit(y, KMeans.Options.of(k, 1)).labels(), 0); // ARI of k-means on the 2-D map (picture quality only)
      }
      default -> throw new IllegalArgumentException("unknown method " + m);
    };
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
  }

  /** VmHWM of this process (peak resident set since start): per method when each method runs in its own JVM. */
  private static double peakRssMb() {
    try {
      for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
      }
    } catch (java.io.IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  private static double peakHeapMb() {
    long s = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) s += p.getPeakUsage().getUsed();
    return s / 1e6;
  }
}
