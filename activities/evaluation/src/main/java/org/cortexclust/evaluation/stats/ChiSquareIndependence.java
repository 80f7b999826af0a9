package org.cortexclust.evaluation.stats;

import java.util.TreeMap;

/**
 * Pearson's χ² test of independence of two labelings (no continuity correction) and Cramér's V =
 * √(χ²/(N·(min(r, c) − 1))). Used to ask whether clusters are mouse-specific (a batch effect would confound
 * "performance differs between clusters", since performance differs between mice).
 */
public final class ChiSquareIndependence {
  /** @param statistic χ² = Σ (O − E)²/E; @param df (r−1)(c−1); @param cramersV in [0, 1] */
  public record Result(double statistic, int df, double pValue, double cramersV, int n) {}

  private ChiSquareIndependence() {}

  /** Test on two label vectors (equal length; rows and columns are the distinct values). */
  public static Result test(int[] a, int[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("χ² independence: " + a.length + " vs " + b.length + " labels");
    }
    TreeMap<Integer, Integer> ra = new TreeMap<>();
    TreeMap<Integer, Integer> rb = new TreeMap<>();
    for (int v : a) {
      ra.putIfAbsent(v, ra.size());
    }
    for (int v : b) {
      rb.putIfAbsent(v, rb.size());
    }
    long[][] t = new long[ra.size()][rb.size()];
    for (int i = 0; i < a.length; i++) {
      t[ra.get(a[i])][rb.get(b[i])]++;
    }
    return test(t);
  }

  public static Result test(long[][] table) {
    int r = table.length;
    int c = r == 0 ? 0 : table[0].length;
    double[] rs = new double[r];
    double[] cs = new double[c];
    double n = 0;
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        rs[i] += table[i][j];
        cs[j] += table[i][j];
        n += table[i][j];
      }
    }
    int rr = 0;
    int cc = 0;
    for (double v : rs) {
      rr += v > 0 ? 1 : 0;
    }
    for (double v : cs) {
      cc += v > 0 ? 1 : 0;
    }
    if (rr < 2 || cc < 2) {
      return new Result(0, 0, 1, 0, (int) n);
    }
    double chi = 0;
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        if (rs[i] > 0 && cs[j] > 0) {
          double e = rs[i] * cs[j] / n;
          chi += (table[i][j] - e) * (table[i][j] - e) / e;
        }
      }
    }
    int df = (rr - 1) * (cc - 1);
    double v = Math.sqrt(chi / (n * (Math.min(rr, cc) - 1)));
    return new Result(chi, df, SpecialFunctions.chiSquareSurvival(chi, df), Math.min(1, v), (int) n);
  }
}
