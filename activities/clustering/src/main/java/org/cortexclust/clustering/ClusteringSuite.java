package org.cortexclust.clustering;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexclust.clustering.kselection.KSelection;
import org.cortexclust.clustering.method.Clusterer;
import org.cortexclust.clustering.method.Clustering;
import org.cortexclust.clustering.method.ClusteringMethods;
import org.cortexclust.clustering.method.DataSet;
import org.cortexclust.clustering.method.Selection;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.common.config.ClusteringConfig;
import org.cortexclust.common.progress.Progress;

/**
 * Every requested method at every requested k on one data set, with the k-selection curves (docs/science.md §10):
 * objective, silhouette (sampled), Davies–Bouldin, Calinski–Harabasz, stability (mean pairwise ARI across extra
 * seeds), the method's own curves (BIC for GMM, eigengap for spectral, gap statistic for k-means), and — when ground
 * truth is given — ARI, NMI and accuracy against it. Methods come from {@link ClusteringMethods}; each one is bound to
 * the data once ({@link Clusterer}), so what it precomputes (k-NN graph, Laplacian) is shared across k and seeds.
 *
 * <p>Recommended k per method: the method's {@link Clusterer#select} (GMM → smallest BIC; spectral → largest
 * eigengap; k-means → gap-statistic rule when computed; otherwise largest silhouette).
 */
public final class ClusteringSuite {
  private ClusteringSuite() {}

  /**
   * What the suite runs; each method's own options come with its binding ({@link Binder}).
   *
   * @param stabilityRuns    extra seeds per (method, k) for the stability curve
   * @param silhouetteSample points scored by the sampled silhouette
   * @param seed             the run's seed; fit seeds derive from it, the method's position and k
   */
  public record Options(List<String> methods, int[] ks, int stabilityRuns, int silhouetteSample, long seed) {
    public Options {
      methods = List.copyOf(methods);
      ks = ks.clone();
    }

    public static Options of(ClusteringConfig c, long seed) {
      return new Options(c.methods(), c.ks().stream().mapToInt(Integer::intValue).toArray(), c.stabilityRuns(), c.silhouetteSample(),
          seed);
    }
  }

  /** Binds a method, by name, to the data set. */
  @FunctionalInterface
  public interface Binder {
    Clusterer bind(String method, DataSet data);

    /** Methods from {@code registry}, each with its options read from {@code config}. */
    static Binder of(ClusteringMethods registry, ClusteringConfig config) {
      return (m, data) -> registry.get(m).bind(data, config);
    }
  }

  /** One fitted (method, k) and its wall time. */
  public record Fit(Clustering clustering, double seconds) {
    public String method() {
      return clustering.method();
    }

    public int k() {
      return clustering.k();
    }

    public String column() {
      return clustering.column();
    }

    public int[] labels() {
      return clustering.labels();
    }
  }

  /**
   * @param fits        every fit, in method then k order
   * @param kselection  (method, k, metric, value) rows
   * @param recommended method → recommended k
   * @param rules       method → the criterion that recommended it (bic, eigengap, gap, silhouette)
   * @param metrics     headline numbers (per method: best k, silhouette there, ARI vs ground truth when known)
   */
  public record Report(List<Fit> fits, List<KSelection.Row> kselection, Map<String, Integer> recommended, Map<String, String> rules,
      Map<String, Double> metrics) {}

  /** The config's methods and options, the built-in registry. */
  public static Report run(double[][] x, int[] truth, ClusteringConfig c, long seed, Progress progress) {
    return run(x, truth, Options.of(c, seed), Binder.of(ClusteringMethods.builtIn(), c), progress);
  }

  /**
   * @param truth ground-truth labels per point, or null; entries &lt; 0 are unknown and left out of the comparison
   */
  public static Report run(double[][] x, int[] truth, Options o, Binder binder, Progress progress) {
    int n = x.length;
    int[] ks = Arrays.stream(o.ks()).filter(k -> k >= 2 && k < n).sorted().toArray();
    if (ks.length == 0) throw new IllegalArgumentException("no k in " + Arrays.toString(o.ks()) + " is in [2, " + (n - 1) + "]");
    DataSet data = new DataSet(x, o.seed());
    List<Fit> fits = new ArrayList<>();
    List<KSelection.Row> rows = new ArrayList<>();
    Map<String, Integer> best = new LinkedHashMap<>();
    Map<String, String> rules = new LinkedHashMap<>();
    Map<String, Double> metrics = new LinkedHashMap<>();
    long total = (long) o.methods().size() * ks.length * (1 + o.stabilityRuns()), done = 0;
    for (int mi = 0; mi < o.methods().size(); mi++) {
      String m = o.methods().get(mi);
      Clusterer clusterer = binder.bind(m, data);
      double[] sil = new double[ks.length];
      List<Clustering> perK = new ArrayList<>();
      for (int ki = 0; ki < ks.length; ki++) {
        int k = ks[ki];
        long seed = o.seed() + 1_000_003L * (mi + 1) + k;
        long t0 = System.nanoTime();
        Clustering c = clusterer.fit(k, seed);
        Fit f = new Fit(c, (System.nanoTime() - t0) / 1e9);
        if (!c.method().equals(m) || c.k() != k || c.size() != n) {
          throw new IllegalStateException("method '" + m + "' returned " + c + " for k = " + k + " on " + n + " points");
        }
        fits.add(f);
        perK.add(c);
        done++;
        progress.report("clustering", done, total, Map.of("k", (double) k));
        int[] labels = c.labels();
        List<int[]> runs = new ArrayList<>();
        runs.add(labels);
        for (int r = 1; r <= o.stabilityRuns(); r++) {
          runs.add(clusterer.fit(k, seed + 7919L * r).labels());
          done++;
          progress.report("clustering", done, total, Map.of("k", (double) k));
        }
        sil[ki] = ClusterMetrics.silhouette(x, labels, o.silhouetteSample(), seed);
        add(rows, m, k, "seconds", f.seconds());
        add(rows, m, k, "objective", c.objective());
        add(rows, m, k, "iterations", c.iterations());
        add(rows, m, k, "silhouette", sil[ki]);
        add(rows, m, k, "davies_bouldin", ClusterMetrics.daviesBouldin(x, labels));
        add(rows, m, k, "calinski_harabasz", ClusterMetrics.calinskiHarabasz(x, labels));
        if (o.stabilityRuns() > 0) {
          ClusterMetrics.Stability s = ClusterMetrics.meanPairwiseAri(runs);
          add(rows, m, k, "stability_ari_mean", s.mean());
          add(rows, m, k, "stability_ari_sd", s.sd());
        }
        rows.addAll(clusterer.curveRows(c));
        if (truth != null) {
          int[][] pair = known(truth, labels);
          if (pair[0].length > 1) {
            add(rows, m, k, "ari_gt", ClusterMetrics.adjustedRandIndex(pair[0], pair[1]));
            add(rows, m, k, "nmi_gt", ClusterMetrics.normalizedMutualInformation(pair[0], pair[1]));
            add(rows, m, k, "accuracy_gt", ClusterMetrics.accuracy(pair[0], pair[1]));
          }
        }
      }
      Selection sel = clusterer.select(ks, perK, sil);
      rows.addAll(sel.rows());
      int rec = sel.k();
      best.put(m, rec);
      rules.put(m, sel.rule());
      metrics.put(m + "_best_k", (double) rec);
      metrics.put(m + "_silhouette", sil[Selection.index(ks, rec)]);
      if (truth != null) {
        for (KSelection.Row r : rows) {
          if (r.method().equals(m) && r.k() == rec && r.metric().equals("ari_gt")) metrics.put(m + "_ari_gt", r.value());
        }
      }
    }
    return new Report(fits, rows, best, rules, metrics);
  }

  private static void add(List<KSelection.Row> rows, String m, int k, String metric, double v) {
    rows.add(new KSelection.Row(m, k, metric, v));
  }

  /** Truth/predicted pairs restricted to points with known truth (≥ 0). */
  static int[][] known(int[] truth, int[] pred) {
    int c = 0;
    for (int t : truth) if (t >= 0) c++;
    int[] a = new int[c], b = new int[c];
    int q = 0;
    for (int i = 0; i < truth.length; i++) {
      if (truth[i] >= 0) {
        a[q] = truth[i];
        b[q++] = pred[i];
      }
    }
    return new int[][] {a, b};
  }
}
