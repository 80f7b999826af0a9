package org.cortexclust.evaluation.stats;

import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Mutual information between cluster labels and performance quantile bins, with the two usual answers to its
 * positive bias under independence: the analytic first-order bias (k−1)(q−1)/(2N) nats (Miller 1955;
 * Panzeri &amp; Treves 1996) and a seeded permutation null (labels shuffled, quantile bins kept).
 */
public final class MutualInformation {
  private MutualInformation() {}

  /**
   * @param mi            plug-in MI in nats
   * @param normalized    MI / H(quantile bin): the fraction of the quantile entropy the clusters explain
   * @param analyticBias  (k−1)(q−1)/(2N) nats, the expected plug-in MI of independent variables (large N)
   * @param nullMean      mean MI over label permutations (NaN when permutations = 0)
   * @param nullSd        sd of the permutation MIs
   * @param pValue        (1 + #{null ≥ mi}) / (1 + permutations); NaN when permutations = 0
   * @param permutations  number of permutations
   * @param n             observations used
   * @param clusters      distinct labels k
   * @param bins          quantile bins q
   */
  public record Result(
      double mi,
      double normalized,
      double analyticBias,
      double nullMean,
      double nullSd,
      double pValue,
      int permutations,
      int n,
      int clusters,
      int bins) {
    /** MI minus its permutation-null mean (or minus the analytic bias without permutations). */
    public double corrected() {
      return mi - (Double.isNaN(nullMean) ? analyticBias : nullMean);
    }
  }

  /** Plug-in mutual information (nats) of two label vectors of equal length. */
  public static double plugIn(int[] a, int[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("mutual information: " + a.length + " vs " + b.length + " labels");
    }
    int[] ai = compact(a);
    int[] bi = compact(b);
    int ka = max(ai) + 1;
    int kb = max(bi) + 1;
    return plugInCompact(ai, bi, ka, kb, new int[ka * kb], counts(ai, ka), counts(bi, kb));
  }

  private static int[] counts(int[] codes, int k) {
    int[] c = new int[k];
    for (int v : codes) {
      c[v]++;
    }
    return c;
  }

  /** MI of labels already coded 0..ka−1 and 0..kb−1, with their marginal counts; {@code table} is scratch. */
  private static double plugInCompact(int[] ai, int[] bi, int ka, int kb, int[] table, int[] ra, int[] rb) {
    java.util.Arrays.fill(table, 0);
    for (int i = 0; i < ai.length; i++) {
      table[ai[i] * kb + bi[i]]++;
    }
    double n = ai.length;
    double mi = 0;
    for (int i = 0; i < ka; i++) {
      for (int j = 0; j < kb; j++) {
        int c = table[i * kb + j];
        if (c > 0) {
          // I = Σ p_ij log(p_ij / (p_i p_j)) = Σ (n_ij/n) log(n n_ij / (a_i b_j))
          mi += c / n * Math.log(n * c / ((double) ra[i] * rb[j]));
        }
      }
    }
    return Math.max(0, mi);
  }

  /** Shannon entropy (nats) of a label vector. */
  public static double entropy(int[] a) {
    TreeMap<Integer, Integer> counts = new TreeMap<>();
    for (int v : a) {
      counts.merge(v, 1, Integer::sum);
    }
    double h = 0;
    for (int c : counts.values()) {
      double p = (double) c / a.length;
      h -= p * Math.log(p);
    }
    return h;
  }

  /**
   * Equal-frequency bins 0..q−1 of {@code x} by average rank: bin = ⌊(r − ½)·q/N⌋, so ties share a bin.
   */
  public static int[] quantileBins(double[] x, int q) {
    if (q < 2) {
      throw new IllegalArgumentException("quantile bins: need q >= 2, got " + q);
    }
    double[] r = Ranks.average(x);
    int[] bins = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      bins[i] = Math.min(q - 1, (int) Math.floor((r[i] - 0.5) * q / x.length));
    }
    return bins;
  }

  /**
   * MI between cluster {@code labels} and the {@code q}-quantile bin of {@code performance}; non-finite values
   * and negative labels are skipped.
   */
  public static Result clustersVsQuantiles(
      int[] labels, double[] performance, int q, int permutations, long seed) {
    if (labels.length != performance.length) {
      throw new IllegalArgumentException(
          "mutual information: " + labels.length + " labels but " + performance.length + " values");
    }
    int n = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= 0 && Double.isFinite(performance[i])) {
        n++;
      }
    }
    int[] l = new int[n];
    double[] x = new double[n];
    for (int i = 0, m = 0; i < labels.length; i++) {
      if (labels[i] >= 0 && Double.isFinite(performance[i])) {
        l[m] = labels[i];
        x[m++] = performance[i];
      }
    }
    if (n < q) {
      throw new IllegalArgumentException("mutual information: " + n + " observations for " + q + " quantile bins");
    }
    int[] bins = quantileBins(x, q);
    int[] lc = compact(l);
    int[] bc = compact(bins);
    int k = max(lc) + 1;
    int qUsed = max(bc) + 1;
    int[] table = new int[k * qUsed];
    int[] ra = counts(lc, k);
    int[] rb = counts(bc, qUsed);
    double mi = plugInCompact(lc, bc, k, qUsed, table, ra, rb);
    double hq = entropy(bins);
    double bias = (k - 1) * (qUsed - 1) / (2.0 * n);
    double nullMean = Double.NaN;
    double nullSd = Double.NaN;
    double p = Double.NaN;
    if (permutations > 0) {
      SplittableRandom rnd = new SplittableRandom(seed);
      int[] perm = lc.clone();
      double s = 0;
      double ss = 0;
      int atLeast = 0;
      for (int b = 0; b < permutations; b++) {
        for (int i = n - 1; i > 0; i--) { // Fisher–Yates
          int j = rnd.nextInt(i + 1);
          int t = perm[i];
          perm[i] = perm[j];
          perm[j] = t;
        }
        double v = plugInCompact(perm, bc, k, qUsed, table, ra, rb);
        s += v;
        ss += v * v;
        if (v >= mi - 1e-12) {
          atLeast++;
        }
      }
      nullMean = s / permutations;
      nullSd = permutations > 1 ? Math.sqrt(Math.max(0, (ss - s * s / permutations) / (permutations - 1))) : 0;
      p = (1.0 + atLeast) / (1.0 + permutations);
    }
    return new Result(mi, hq > 0 ? mi / hq : 0, bias, nullMean, nullSd, p, permutations, n, k, qUsed);
  }

  private static int[] compact(int[] a) {
    TreeMap<Integer, Integer> ids = new TreeMap<>();
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = ids.computeIfAbsent(a[i], v -> ids.size());
    }
    return out;
  }

  private static int max(int[] a) {
    int m = -1;
    for (int v : a) {
      m = Math.max(m, v);
    }
    return m;
  }
}
