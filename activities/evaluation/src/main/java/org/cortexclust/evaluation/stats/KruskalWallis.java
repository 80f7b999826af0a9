package org.cortexclust.evaluation.stats;

import java.util.TreeMap;

/**
 * Kruskal–Wallis one-way analysis of variance on ranks (Kruskal &amp; Wallis 1952), with tie correction and the
 * rank-based effect sizes ε² (Tomczak &amp; Tomczak 2014) and η²_H (Cohen 2008).
 */
public final class KruskalWallis {
  private KruskalWallis() {}

  /**
   * @param statistic        H corrected for ties: H = [12/(N(N+1)) Σ R_g²/n_g − 3(N+1)] / C
   * @param uncorrected      H before the tie correction
   * @param tieCorrection    C = 1 − Σ(t³−t)/(N³−N)
   * @param df               groups − 1
   * @param pValue           chi-square(df) survival at H (large-sample approximation)
   * @param epsilonSquared   ε² = H / ((N² − 1)/(N + 1)) = H/(N − 1)
   * @param etaSquared       η²_H = (H − k + 1)/(N − k), may be negative for tiny effects
   * @param n                observations used
   * @param groups           groups with at least one observation
   * @param meanRanks        mean rank per group label, ascending by label
   */
  public record Result(
      double statistic,
      double uncorrected,
      double tieCorrection,
      int df,
      double pValue,
      double epsilonSquared,
      double etaSquared,
      int n,
      int groups,
      TreeMap<Integer, Double> meanRanks) {}

  /**
   * Test whether {@code values} come from the same distribution in every group; non-finite values are skipped.
   *
   * @param values observations (e.g. per-neuron ρ_st)
   * @param labels group of each observation (e.g. cluster label); negative labels (noise/unassigned) are skipped
   */
  public static Result test(double[] values, int[] labels) {
    if (values.length != labels.length) {
      throw new IllegalArgumentException(
          "Kruskal–Wallis: " + values.length + " values but " + labels.length + " labels");
    }
    int n = 0;
    for (int i = 0; i < values.length; i++) {
      if (Double.isFinite(values[i]) && labels[i] >= 0) {
        n++;
      }
    }
    double[] x = new double[n];
    int[] g = new int[n];
    for (int i = 0, m = 0; i < values.length; i++) {
      if (Double.isFinite(values[i]) && labels[i] >= 0) {
        x[m] = values[i];
        g[m++] = labels[i];
      }
    }
    double[] ties = new double[1];
    double[] r = Ranks.average(x, ties);
    TreeMap<Integer, double[]> sums = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      double[] s = sums.computeIfAbsent(g[i], k -> new double[2]);
      s[0] += r[i];
      s[1] += 1;
    }
    int k = sums.size();
    if (k < 2 || n < 3) {
      throw new IllegalArgumentException(
          "Kruskal–Wallis needs at least 2 groups and 3 observations, got " + k + " groups and " + n);
    }
    double sum = 0;
    TreeMap<Integer, Double> meanRanks = new TreeMap<>();
    for (var e : sums.entrySet()) {
      double[] s = e.getValue();
      sum += s[0] * s[0] / s[1];
      meanRanks.put(e.getKey(), s[0] / s[1]);
    }
    double dn = n;
    double h0 = 12.0 / (dn * (dn + 1)) * sum - 3 * (dn + 1);
    double c = 1 - ties[0] / (dn * dn * dn - dn);
    // All values equal: no rank information; H is undefined, report 0 and p = 1.
    double h = c > 0 ? h0 / c : 0;
    h = Math.max(0, h);
    int df = k - 1;
    double p = SpecialFunctions.chiSquareSurvival(h, df);
    double eps2 = h / (dn - 1);
    double eta2 = n > k ? (h - k + 1) / (dn - k) : Double.NaN;
    return new Result(h, h0, c, df, p, eps2, eta2, n, k, meanRanks);
  }
}
