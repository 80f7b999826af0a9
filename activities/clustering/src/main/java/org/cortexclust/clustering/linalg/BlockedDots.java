package org.cortexclust.clustering.linalg;

/**
 * The inner-product kernel behind the squared-distance trick {@code ‖x − y‖² = ‖x‖² − 2⟨x, y⟩ + ‖y‖²} used by
 * k-means, the Gaussian-mixture E-step and the exact k-NN search: inner products of a few rows against a block of
 * columns stored column-major ({@code cols[f][j]}), four rows at a time so that each column-row load feeds four
 * multiply-adds and the innermost loop (over contiguous columns) is vectorised by the JIT.
 *
 * <p>Every product is summed over features in order {@code f = 0, 1, …, d−1}, starting from 0, whichever row group
 * it falls into, so a result never depends on how rows were grouped or blocked (nor on thread count).
 */
public final class BlockedDots {
  private BlockedDots() {}

  /**
   * {@code acc[r][j] = Σ_f x[rows[r]][f] · cols[f][j]} for {@code r < m}, {@code j < w}; only those entries of
   * {@code acc} are written.
   */
  public static void rowsTimesColumns(double[][] x, int[] rows, int m, double[][] cols, int w, double[][] acc) {
    rowsTimesColumns(x, rows, m, cols, 0, cols.length, w, acc);
  }

  /**
   * The same product over the inner index range {@code [from, to)} only:
   * {@code acc[r][j] = Σ_{from ≤ f < to} x[rows[r]][f] · cols[f][j]}.
   */
  public static void rowsTimesColumns(double[][] x, int[] rows, int m, double[][] cols, int from, int to, int w, double[][] acc) {
    int r = 0;
    for (; r + 3 < m; r += 4) {
      fourRows(x[rows[r]], 0, x[rows[r + 1]], 0, x[rows[r + 2]], 0, x[rows[r + 3]], 0, cols, from, to, w, acc[r], acc[r + 1],
          acc[r + 2], acc[r + 3]);
    }
    for (; r < m; r++) oneRow(x[rows[r]], 0, cols, from, to, w, acc[r]);
  }

  /**
   * {@link #rowsTimesColumns(double[][], int[], int, double[][], int, int, int, double[][])} with the rows of a
   * {@link Rows} matrix: the same sums in the same order, so the same bits.
   */
  public static void rowsTimesColumns(Rows x, int[] rows, int m, double[][] cols, int from, int to, int w, double[][] acc) {
    double[] a = x.data();
    int d = x.cols(), r = 0;
    for (; r + 3 < m; r += 4) {
      fourRows(a, rows[r] * d, a, rows[r + 1] * d, a, rows[r + 2] * d, a, rows[r + 3] * d, cols, from, to, w, acc[r],
          acc[r + 1], acc[r + 2], acc[r + 3]);
    }
    for (; r < m; r++) oneRow(a, rows[r] * d, cols, from, to, w, acc[r]);
  }

  /** Four rows, each given as an array and the offset of its feature 0, against the column block. */
  private static void fourRows(double[] x0, int o0, double[] x1, int o1, double[] x2, int o2, double[] x3, int o3,
      double[][] cols, int from, int to, int w, double[] a0, double[] a1, double[] a2, double[] a3) {
    java.util.Arrays.fill(a0, 0, w, 0);
    java.util.Arrays.fill(a1, 0, w, 0);
    java.util.Arrays.fill(a2, 0, w, 0);
    java.util.Arrays.fill(a3, 0, w, 0);
    for (int f = from; f < to; f++) {
      double v0 = x0[o0 + f], v1 = x1[o1 + f], v2 = x2[o2 + f], v3 = x3[o3 + f];
      double[] col = cols[f];
      for (int j = 0; j < w; j++) {
        double c = col[j];
        a0[j] += v0 * c;
        a1[j] += v1 * c;
        a2[j] += v2 * c;
        a3[j] += v3 * c;
      }
    }
  }

  private static void oneRow(double[] x0, int o0, double[][] cols, int from, int to, int w, double[] a0) {
    java.util.Arrays.fill(a0, 0, w, 0);
    for (int f = from; f < to; f++) {
      double v0 = x0[o0 + f];
      double[] col = cols[f];
      for (int j = 0; j < w; j++) a0[j] += v0 * col[j];
    }
  }

  /**
   * {@code acc[r][c] = Σ_{f ≤ c} x[rows[r]][f] · upper[f][c]} for an upper-triangular {@code upper} (d × d): the
   * product with the zeros below the diagonal skipped, summed in the same order as {@link #rowsTimesColumns}.
   */
  public static void rowsTimesUpper(double[][] x, int[] rows, int m, double[][] upper, double[][] acc) {
    int d = upper.length;
    int r = 0;
    for (; r + 3 < m; r += 4) {
      double[] x0 = x[rows[r]], x1 = x[rows[r + 1]], x2 = x[rows[r + 2]], x3 = x[rows[r + 3]];
      double[] a0 = acc[r], a1 = acc[r + 1], a2 = acc[r + 2], a3 = acc[r + 3];
      java.util.Arrays.fill(a0, 0, d, 0);
      java.util.Arrays.fill(a1, 0, d, 0);
      java.util.Arrays.fill(a2, 0, d, 0);
      java.util.Arrays.fill(a3, 0, d, 0);
      for (int f = 0; f < d; f++) {
        double v0 = x0[f], v1 = x1[f], v2 = x2[f], v3 = x3[f];
        double[] col = upper[f];
        for (int j = f; j < d; j++) {
          double c = col[j];
          a0[j] += v0 * c;
          a1[j] += v1 * c;
          a2[j] += v2 * c;
          a3[j] += v3 * c;
        }
      }
    }
    for (; r < m; r++) {
      double[] x0 = x[rows[r]], a0 = acc[r];
      java.util.Arrays.fill(a0, 0, d, 0);
      for (int f = 0; f < d; f++) {
        double v0 = x0[f];
        double[] col = upper[f];
        for (int j = f; j < d; j++) a0[j] += v0 * col[j];
      }
    }
  }

  /** Rows {@code [lo, hi)} of {@code x} stored column-major: {@code result[f][j] = x[lo + j][f]}. */
  public static double[][] columns(double[][] x, int lo, int hi) {
    int d = x[lo].length, w = hi - lo;
    double[][] t = new double[d][w];
    for (int j = 0; j < w; j++) {
      double[] xj = x[lo + j];
      for (int f = 0; f < d; f++) t[f][j] = xj[f];
    }
    return t;
  }

  /** Squared Euclidean norm of every row. */
  public static double[] squaredNorms(double[][] x) {
    double[] s = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double t = 0;
      for (double v : x[i]) t += v * v;
      s[i] = t;
    }
    return s;
  }

  /** Squared Euclidean distance from the differences (no cancellation), four partial sums for throughput. */
  public static double squaredDistance(double[] a, double[] b) {
    return squaredDistance(a, 0, b, 0, a.length);
  }

  /** {@link #squaredDistance(double[], double[])} of {@code a[ao, ao + d)} and {@code b[bo, bo + d)}. */
  public static double squaredDistance(double[] a, int ao, double[] b, int bo, int d) {
    int f = 0;
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (; f + 3 < d; f += 4) {
      double t0 = a[ao + f] - b[bo + f], t1 = a[ao + f + 1] - b[bo + f + 1], t2 = a[ao + f + 2] - b[bo + f + 2],
          t3 = a[ao + f + 3] - b[bo + f + 3];
      s0 += t0 * t0;
      s1 += t1 * t1;
      s2 += t2 * t2;
      s3 += t3 * t3;
    }
    for (; f < d; f++) {
      double t = a[ao + f] - b[bo + f];
      s0 += t * t;
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** {@code 0, 1, …, n−1}. */
  public static int[] range(int lo, int hi) {
    int[] r = new int[hi - lo];
    for (int i = 0; i < r.length; i++) r[i] = lo + i;
    return r;
  }
}
