package org.cortexclust.clustering;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexclust.clustering.gmm.GaussianMixture;
import org.cortexclust.clustering.kmeans.KMeans;
import org.cortexclust.clustering.kselection.KSelection;
import org.cortexclust.clustering.ldmgi.Ldmgi;
import org.cortexclust.clustering.linalg.SparseSymmetric;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.clustering.sec.SpectralEmbeddedClustering;
import org.cortexclust.clustering.spectral.Discretisation;
import org.cortexclust.clustering.spectral.SpectralClustering;
import org.cortexclust.common.progress.Progress;

/**
 * Every requested method at every requested k on one data set, with the k-selection curves (science.md §10):
 * objective, silhouette (sampled), Davies–Bouldin, Calinski–Harabasz, stability (mean pairwise ARI across extra
 * seeds), BIC (GMM), eigengap (spectral), gap statistic (k-means), and — when ground truth is given — ARI, NMI
 * and accuracy against it. The k-NN graph is built once for spectral and SEC, the LDMGI Laplacian once; both are
 * shared across k.
 *
 * <p>Recommended k per method: GMM → smallest BIC; spectral → largest eigengap; k-means → gap-statistic rule when
 * computed, else largest silhouette; SEC and LDMGI → largest silhouette.
 */
public final class ClusteringSuite {
  private ClusteringSuite() {}

  public record Options(
      List<String> methods, int[] ks, int restarts, int maxIterations, int stabilityRuns, int silhouetteSample,
      int gapReferences, GaussianMixture.Covariance gmmCovariance, double gmmRegCovar, int graphNeighbours,
      int graphScaleNeighbour, Discretisation spectralDiscretisation, double secMu, double secGamma, int ldmgiNeighbours,
      double ldmgiLambda, Discretisation embeddedDiscretisation, long seed) {
    public Options {
      methods = List.copyOf(methods);
      ks = ks.clone();
      for (String m : methods) {
        if (!List.of("kmeans", "gmm", "spectral", "sec", "ldmgi").contains(m)) {
          throw new IllegalArgumentException("unknown clustering method '" + m + "'");
        }
      }
    }
  }

  /** One fitted (method, k). */
  public record Fit(String method, int k, int[] labels, double seconds, double objective, int iterations, boolean converged) {
    public String column() {
      return method + "_" + k;
    }
  }

  /**
   * @param fits        every fit, in method then k order
   * @param kselection  (method, k, metric, value) rows
   * @param recommended method → recommended k
   * @param metrics     headline numbers (per method: best k, silhouette there, ARI vs ground truth when known)
   */
  public record Report(List<Fit> fits, List<KSelection.Row> kselection, Map<String, Integer> recommended, Map<String, Double> metrics) {}

  /**
   * @param truth ground-truth labels per point, or null; entries &lt; 0 are unknown and left out of the comparison
   */
  public static Report run(double[][] x, int[] truth, Options o, Progress progress) {
    int n = x.length;
    int[] ks = java.util.Arrays.stream(o.ks()).filter(k -> k >= 2 && k < n).sorted().toArray();
    if (ks.length == 0) throw new IllegalArgumentException("no k in " + java.util.Arrays.toString(o.ks()) + " is in [2, " + (n - 1) + "]");
    List<Fit> fits = new ArrayList<>();
    List<KSelection.Row> rows = new ArrayList<>();
    Map<String, Integer> best = new LinkedHashMap<>();
    Map<String, Double> metrics = new LinkedHashMap<>();
    long total = (long) o.methods().size() * ks.length * (1 + o.stabilityRuns()), done = 0;
    SparseSymmetric knnGraph = null; // one normalised k-NN graph for spectral and SEC
    for (int mi = 0; mi < o.methods().size(); mi++) {
      String m = o.methods().get(mi);
      if ((m.equals("spectral") || m.equals("sec")) && knnGraph == null) {
        knnGraph = SpectralClustering.normalisedAdjacency(x, Math.min(n - 1, o.graphNeighbours()), o.graphScaleNeighbour());
      }
      Shared shared = new Shared(x, m, o, knnGraph);
      double[] sil = new double[ks.length], bic = new double[ks.length], gaps;
      for (int ki = 0; ki < ks.length; ki++) {
        int k = ks[ki];
        long seed = o.seed() + 1_000_003L * (mi + 1) + k;
        Fit f = fit(m, k, seed, x, shared, o);
        fits.add(f);
        done++;
        progress.report("clustering", done, total, Map.of("k", (double) k));
        List<int[]> runs = new ArrayList<>();
        runs.add(f.labels());
        for (int r = 1; r <= o.stabilityRuns(); r++) {
          runs.add(fit(m, k, seed + 7919L * r, x, shared, o).labels());
          done++;
          progress.report("clustering", done, total, Map.of("k", (double) k));
        }
        sil[ki] = ClusterMetrics.silhouette(x, f.labels(), o.silhouetteSample(), seed);
        add(rows, m, k, "seconds", f.seconds());
        add(rows, m, k, "objective", f.objective());
        add(rows, m, k, "iterations", f.iterations());
        add(rows, m, k, "silhouette", sil[ki]);
        add(rows, m, k, "davies_bouldin", ClusterMetrics.daviesBouldin(x, f.labels()));
        add(rows, m, k, "calinski_harabasz", ClusterMetrics.calinskiHarabasz(x, f.labels()));
        if (o.stabilityRuns() > 0) {
          ClusterMetrics.Stability s = ClusterMetrics.meanPairwiseAri(runs);
          add(rows, m, k, "stability_ari_mean", s.mean());
          add(rows, m, k, "stability_ari_sd", s.sd());
        }
        if (m.equals("gmm")) {
          bic[ki] = f.objective(); // the GMM fit stores BIC as its objective
          add(rows, m, k, "bic", f.objective());
        }
        if (truth != null) {
          int[][] pair = known(truth, f.labels());
          if (pair[0].length > 1) {
            add(rows, m, k, "ari_gt", ClusterMetrics.adjustedRandIndex(pair[0], pair[1]));
            add(rows, m, k, "nmi_gt", ClusterMetrics.normalizedMutualInformation(pair[0], pair[1]));
            add(rows, m, k, "accuracy_gt", ClusterMetrics.accuracy(pair[0], pair[1]));
          }
        }
      }
      int rec;
      if (m.equals("gmm")) {
        rec = KSelection.bestK(ks, bic, KSelection.Rule.MIN);
        add(rows, m, rec, "recommended_by_bic", bic[index(ks, rec)]);
      } else if (m.equals("spectral")) {
        double[] lam = SpectralClustering.laplacianSpectrum(shared.graph, Math.min(n - 1, ks[ks.length - 1] + 1), o.seed());
        gaps = KSelection.eigengaps(ks, lam);
        for (int ki = 0; ki < ks.length; ki++) add(rows, m, ks[ki], "eigengap", gaps[ki]);
        rec = KSelection.bestK(ks, gaps, KSelection.Rule.MAX);
        add(rows, m, rec, "recommended_by_eigengap", gaps[index(ks, rec)]);
      } else if (m.equals("kmeans") && o.gapReferences() > 0 && ks.length > 1) {
        KSelection.Gap g = KSelection.gapStatistic(x, ks, o.gapReferences(), Math.min(3, o.restarts()), o.seed());
        for (int ki = 0; ki < ks.length; ki++) {
          add(rows, m, ks[ki], "gap", g.gap()[ki]);
          add(rows, m, ks[ki], "gap_s", g.s()[ki]);
        }
        rec = KSelection.gapRule(g);
        add(rows, m, rec, "recommended_by_gap", g.gap()[index(ks, rec)]);
      } else {
        rec = KSelection.bestK(ks, nanToMin(sil), KSelection.Rule.MAX);
        add(rows, m, rec, "recommended_by_silhouette", sil[index(ks, rec)]);
      }
      best.put(m, rec);
      metrics.put(m + "_best_k", (double) rec);
      metrics.put(m + "_silhouette", sil[index(ks, rec)]);
      if (truth != null) {
        for (KSelection.Row r : rows) {
          if (r.method().equals(m) && r.k() == rec && r.metric().equals("ari_gt")) metrics.put(m + "_ari_gt", r.value());
        }
      }
    }
    return new Report(fits, rows, best, metrics);
  }

  private static double[] nanToMin(double[] v) {
    double[] out = v.clone();
    for (int i = 0; i < out.length; i++) if (Double.isNaN(out[i])) out[i] = -2;
    return out;
  }

  private static int index(int[] ks, int k) {
    for (int i = 0; i < ks.length; i++) if (ks[i] == k) return i;
    throw new IllegalArgumentException("k " + k);
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

  /** Graph-type precomputation shared across k. */
  private static final class Shared {
    final SparseSymmetric graph;

    Shared(double[][] x, String m, Options o, SparseSymmetric knnGraph) {
      graph = switch (m) {
        case "spectral", "sec" -> knnGraph;
        case "ldmgi" -> Ldmgi.laplacian(x, Math.min(x.length - 1, o.ldmgiNeighbours()), o.ldmgiLambda());
        default -> null;
      };
    }
  }

  private static Fit fit(String m, int k, long seed, double[][] x, Shared sh, Options o) {
    long t0 = System.nanoTime();
    int nb = Math.min(x.length - 1, o.graphNeighbours());
    return switch (m) {
      case "kmeans" -> {
        KMeans.Result r = KMeans.fit(x, new KMeans.Options(k, o.restarts(), o.maxIterations(), KMeans.Options.DEFAULT_TOLERANCE, seed));
        yield new Fit(m, k, r.labels(), secs(t0), r.objective(), r.iterations(), r.converged());
      }
      case "gmm" -> {
        GaussianMixture.Result r = GaussianMixture.fit(x, new GaussianMixture.Options(k, o.gmmCovariance(), o.maxIterations(), 1e-3,
            o.gmmRegCovar(), Math.min(3, o.restarts()), seed));
        yield new Fit(m, k, r.labels(), secs(t0), r.bic(), r.iterations(), r.converged());
      }
      case "spectral" -> {
        SpectralClustering.Result r = SpectralClustering.fit(sh.graph,
            new SpectralClustering.Options(k, nb, o.graphScaleNeighbour(), o.spectralDiscretisation(), o.restarts(), seed), Progress.NONE);
        yield new Fit(m, k, r.labels(), secs(t0), sum(r.eigenvalues()), r.restarts(), r.converged());
      }
      case "sec" -> {
        SpectralEmbeddedClustering.Result r = SpectralEmbeddedClustering.fit(x, sh.graph, new SpectralEmbeddedClustering.Options(k,
            o.secMu(), o.secGamma(), nb, o.graphScaleNeighbour(), o.embeddedDiscretisation(), o.restarts(), seed), Progress.NONE);
        yield new Fit(m, k, r.labels(), secs(t0), sum(r.eigenvalues()), r.restarts(), r.converged());
      }
      case "ldmgi" -> {
        Ldmgi.Result r = Ldmgi.fit(sh.graph, new Ldmgi.Options(k, Math.min(x.length - 1, o.ldmgiNeighbours()), o.ldmgiLambda(),
            o.embeddedDiscretisation(), o.restarts(), seed), Progress.NONE);
        yield new Fit(m, k, r.labels(), secs(t0), sum(r.eigenvalues()), r.restarts(), r.converged());
      }
      default -> throw new IllegalArgumentException("unknown clustering method '" + m + "'");
    };
  }

  private static double sum(double[] v) {
    double s = 0;
    for (double d : v) s += d;
    return s;
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
