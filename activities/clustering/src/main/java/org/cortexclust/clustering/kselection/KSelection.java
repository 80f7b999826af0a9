package org.cortexclust.clustering.kselection;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cortexclust.clustering.kmeans.KMeans;
import org.cortexclust.clustering.linalg.SymmetricEigen;

/**
 * Choosing k (docs/science.md §10). Each clustering method yields a curve over k of one or more criteria; a
 * {@link Rule} turns a curve into a recommended k:
 * <ul>
 *   <li>{@code bic} (GMM): smallest BIC ({@link Rule#MIN});</li>
 *   <li>{@code silhouette}: largest mean silhouette ({@link Rule#MAX});</li>
 *   <li>{@code eigengap} (spectral methods): value at k is λ_{k+1} − λ_k of the method's matrix; largest wins;</li>
 *   <li>{@code gap} (Tibshirani et al. 2001): smallest k with Gap(k) ≥ Gap(k+1) − s_{k+1} ({@link #gapRule});</li>
 *   <li>{@code stability}: mean pairwise ARI across seeds — reported, not used to pick (flags k where it drops).</li>
 * </ul>
 * Real embeddings show weak, continuous structure, so the stage reports every curve rather than one number.
 */
public final class KSelection {
  private KSelection() {}

  public enum Rule {
    MIN,
    MAX
  }

  /** The recommended k on a curve ({@code values[i]} belongs to {@code ks[i]}; NaN entries are skipped). */
  public static int bestK(int[] ks, double[] values, Rule rule) {
    int best = -1;
    for (int i = 0; i < ks.length; i++) {
      if (Double.isNaN(values[i])) continue;
      if (best < 0 || (rule == Rule.MAX ? values[i] > values[best] : values[i] < values[best])) best = i;
    }
    if (best < 0) throw new IllegalArgumentException("no finite value on the curve");
    return ks[best];
  }

  /** Eigengap curve: {@code gap[i] = λ_{ks[i]+1} − λ_{ks[i]}} (1-based) from ascending eigenvalues. */
  public static double[] eigengaps(int[] ks, double[] ascendingEigenvalues) {
    double[] g = new double[ks.length];
    for (int i = 0; i < ks.length; i++) {
      int k = ks[i];
      g[i] = k < ascendingEigenvalues.length ? ascendingEigenvalues[k] - ascendingEigenvalues[k - 1] : Double.NaN;
    }
    return g;
  }

  /** Gap statistic curve: gap[i] and s[i] (= sd·sqrt(1 + 1/B)) for ks[i]. */
  public record Gap(int[] ks, double[] gap, double[] s, double[] logW) {}

  /**
   * Gap statistic with B reference sets drawn uniformly in the bounding box of the PCA-rotated data (Tibshirani,
   * Walther & Hastie 2001, "method b"); W_k = k-means inertia (restarts as given).
   */
  public static Gap gapStatistic(double[][] x, int[] ks, int references, int restarts, long seed) {
    int n = x.length, d = x[0].length;
    double[] mean = new double[d];
    for (double[] r : x) for (int f = 0; f < d; f++) mean[f] += r[f] / n;
    double[][] cov = new double[d][d];
    for (double[] r : x) for (int a = 0; a < d; a++) for (int b = 0; b <= a; b++) cov[a][b] += (r[a] - mean[a]) * (r[b] - mean[b]);
    for (int a = 0; a < d; a++) for (int b = 0; b < a; b++) cov[b][a] = cov[a][b];
    double[][] v = SymmetricEigen.of(cov).vectors();
    double[][] rot = new double[n][d];
    double[] lo = new double[d], hi = new double[d];
    java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < d; c++) {
        double s = 0;
        for (int f = 0; f < d; f++) s += (x[i][f] - mean[f]) * v[f][c];
        rot[i][c] = s;
        lo[c] = Math.min(lo[c], s);
        hi[c] = Math.max(hi[c], s);
      }
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] refLogW = new double[references][ks.length];
    for (int b = 0; b < references; b++) {
      double[][] ref = new double[n][d];
      for (double[] r : ref) for (int c = 0; c < d; c++) r[c] = lo[c] + (hi[c] - lo[c]) * rng.nextDouble();
      for (int i = 0; i < ks.length; i++) {
        refLogW[b][i] = Math.log(KMeans.fit(ref, KMeans.Options.of(ks[i], rng.nextLong()).withRestarts(restarts)).objective());
      }
    }
    double[] gap = new double[ks.length], s = new double[ks.length], logW = new double[ks.length];
    for (int i = 0; i < ks.length; i++) {
      logW[i] = Math.log(KMeans.fit(rot, KMeans.Options.of(ks[i], seed).withRestarts(restarts)).objective());
      double m = 0;
      for (int b = 0; b < references; b++) m += refLogW[b][i] / references;
      double ss = 0;
      for (int b = 0; b < references; b++) ss += (refLogW[b][i] - m) * (refLogW[b][i] - m);
      double sd = Math.sqrt(ss / references);
      gap[i] = m - logW[i];
      s[i] = sd * Math.sqrt(1 + 1.0 / references);
    }
    return new Gap(ks.clone(), gap, s, logW);
  }

  /** Smallest k with Gap(k) ≥ Gap(k+1) − s_{k+1} (ks ascending); the largest k when none qualifies. */
  public static int gapRule(Gap g) {
    for (int i = 0; i + 1 < g.ks().length; i++) if (g.gap()[i] >= g.gap()[i + 1] - g.s()[i + 1]) return g.ks()[i];
    return g.ks()[g.ks().length - 1];
  }

  /** One (method, k, metric, value) row of {@code kselection.csv}. */
  public record Row(String method, int k, String metric, double value) {}

  /** Rows for one curve. */
  public static List<Row> rows(String method, String metric, int[] ks, double[] values) {
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < ks.length; i++) out.add(new Row(method, ks[i], metric, values[i]));
    return out;
  }
}
