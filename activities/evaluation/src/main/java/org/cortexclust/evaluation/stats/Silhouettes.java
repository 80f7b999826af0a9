package org.cortexclust.evaluation.stats;

import java.util.Arrays;

/**
 * Per-point silhouette values {@code s(i) = (b_i − a_i)/max(a_i, b_i)} (Rousseeuw 1987) of the rows {@code idx}
 * scored against each other — the same numbers whose mean is {@code ClusterMetrics.silhouette} on that subsample —
 * so that two labelings of the same points can be compared point by point (a paired difference with an interval).
 */
public final class Silhouettes {
  private Silhouettes() {}

  /** s(i) per scored row; points alone in their cluster get 0; all NaN with fewer than 2 clusters. */
  public static double[] perPoint(double[][] x, int[] labels, int[] idx) {
    int m = idx.length;
    int[] lab = new int[m];
    for (int p = 0; p < m; p++) {
      lab[p] = labels[idx[p]];
    }
    int[] distinct = Arrays.stream(lab).distinct().sorted().toArray();
    double[] s = new double[m];
    int k = distinct.length;
    if (k < 2) {
      Arrays.fill(s, Double.NaN);
      return s;
    }
    int[] code = new int[m];
    int[] size = new int[k];
    for (int p = 0; p < m; p++) {
      code[p] = Arrays.binarySearch(distinct, lab[p]);
      size[code[p]]++;
    }
    double[] sums = new double[k];
    for (int p = 0; p < m; p++) {
      Arrays.fill(sums, 0);
      double[] xp = x[idx[p]];
      for (int q = 0; q < m; q++) {
        if (q != p) {
          double[] xq = x[idx[q]];
          double d = 0;
          for (int j = 0; j < xp.length; j++) {
            double t = xp[j] - xq[j];
            d += t * t;
          }
          sums[code[q]] += Math.sqrt(d);
        }
      }
      int own = code[p];
      if (size[own] <= 1) {
        continue;
      }
      double a = sums[own] / (size[own] - 1);
      double b = Double.POSITIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        if (c != own) {
          b = Math.min(b, sums[c] / size[c]);
        }
      }
      double mx = Math.max(a, b);
      s[p] = mx > 0 ? (b - a) / mx : 0;
    }
    return s;
  }
}
