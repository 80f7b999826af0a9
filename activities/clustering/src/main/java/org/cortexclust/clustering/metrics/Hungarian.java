package org.cortexclust.clustering.metrics;

import java.util.Arrays;

/**
 * Optimal one-to-one assignment (Kuhn–Munkres with row/column potentials, O(r²·c)) for a rectangular cost
 * matrix. Used for unsupervised accuracy (docs/science.md §10: Hungarian matching on the contingency table).
 */
public final class Hungarian {
  private Hungarian() {}

  /**
   * Minimum-cost assignment.
   *
   * @param cost r × c cost matrix (any finite values)
   * @return for each row its assigned column, or −1 when r > c and the row is left unassigned
   */
  public static int[] minimise(double[][] cost) {
    int r = cost.length;
    if (r == 0) return new int[0];
    int c = cost[0].length;
    boolean transpose = r > c;
    double[][] a = transpose ? transposed(cost) : cost;
    int n = a.length, m = a[0].length; // n <= m
    // 1-based arrays: u,v potentials, p[j] = row matched to column j, way[j] = previous column on the path
    double[] u = new double[n + 1], v = new double[m + 1];
    int[] p = new int[m + 1], way = new int[m + 1];
    for (int i = 1; i <= n; i++) {
      p[0] = i;
      int j0 = 0;
      double[] minv = new double[m + 1];
      Arrays.fill(minv, Double.POSITIVE_INFINITY);
      boolean[] used = new boolean[m + 1];
      do {
        used[j0] = true;
        int i0 = p[j0], j1 = 0;
        double delta = Double.POSITIVE_INFINITY;
        for (int j = 1; j <= m; j++) {
          if (used[j]) continue;
          double cur = a[i0 - 1][j - 1] - u[i0] - v[j];
          if (cur < minv[j]) {
            minv[j] = cur;
            way[j] = j0;
          }
          if (minv[j] < delta) {
            delta = minv[j];
            j1 = j;
          }
        }
        for (int j = 0; j <= m; j++) {
          if (used[j]) {
            u[p[j]] += delta;
            v[j] -= delta;
          } else {
            minv[j] -= delta;
          }
        }
        j0 = j1;
      } while (p[j0] != 0);
      do {
        int j1 = way[j0];
        p[j0] = p[j1];
        j0 = j1;
      } while (j0 != 0);
    }
    int[] rowToCol = new int[n];
    Arrays.fill(rowToCol, -1);
    for (int j = 1; j <= m; j++) if (p[j] != 0) rowToCol[p[j] - 1] = j - 1;
    if (!transpose) return rowToCol;
    int[] out = new int[r];
    Arrays.fill(out, -1);
    for (int i = 0; i < n; i++) if (rowToCol[i] >= 0) out[rowToCol[i]] = i;
    return out;
  }

  /** Maximum-weight assignment (negated costs). */
  public static int[] maximise(double[][] weight) {
    double[][] neg = new double[weight.length][];
    for (int i = 0; i < weight.length; i++) {
      neg[i] = new double[weight[i].length];
      for (int j = 0; j < neg[i].length; j++) neg[i][j] = -weight[i][j];
    }
    return minimise(neg);
  }

  private static double[][] transposed(double[][] x) {
    double[][] t = new double[x[0].length][x.length];
    for (int i = 0; i < x.length; i++) for (int j = 0; j < x[0].length; j++) t[j][i] = x[i][j];
    return t;
  }
}
