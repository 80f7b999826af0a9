package org.cortexclust.clustering.linalg;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Sparse n × n matrix in compressed sparse row form (both triangles stored). Products are parallel over rows
 * and deterministic (each row sums in a fixed order).
 */
public final class SparseSymmetric implements LinearOperator {
  private final int n;
  private final int[] rowStart;
  private final int[] col;
  private final double[] val;

  public SparseSymmetric(int n, int[] rowStart, int[] col, double[] val) {
    this.n = n;
    this.rowStart = rowStart;
    this.col = col;
    this.val = val;
  }

  /** Build from coordinate triplets; duplicates (i, j) are summed. Triplets are used as given (caller symmetrises). */
  public static SparseSymmetric fromTriplets(int n, int[] rows, int[] cols, double[] vals, int count) {
    int[] cnt = new int[n + 1];
    for (int t = 0; t < count; t++) cnt[rows[t] + 1]++;
    for (int i = 0; i < n; i++) cnt[i + 1] += cnt[i];
    int[] pos = cnt.clone();
    int[] c = new int[count];
    double[] v = new double[count];
    for (int t = 0; t < count; t++) {
      int p = pos[rows[t]]++;
      c[p] = cols[t];
      v[p] = vals[t];
    }
    // sort each row by column and merge duplicates
    int[] start = new int[n + 1];
    int w = 0;
    for (int i = 0; i < n; i++) {
      int a = cnt[i], b = cnt[i + 1];
      Integer[] order = new Integer[b - a];
      for (int p = 0; p < order.length; p++) order[p] = a + p;
      Arrays.sort(order, (x, y) -> Integer.compare(c[x], c[y]));
      int[] cc = new int[order.length];
      double[] vv = new double[order.length];
      for (int p = 0; p < order.length; p++) {
        cc[p] = c[order[p]];
        vv[p] = v[order[p]];
      }
      start[i] = w;
      for (int p = 0; p < cc.length; p++) {
        if (p > 0 && cc[p] == cc[p - 1]) {
          v[w - 1] += vv[p];
        } else {
          c[w] = cc[p];
          v[w] = vv[p];
          w++;
        }
      }
    }
    start[n] = w;
    return new SparseSymmetric(n, start, Arrays.copyOf(c, w), Arrays.copyOf(v, w));
  }

  @Override
  public int size() {
    return n;
  }

  public int nonZeros() {
    return rowStart[n];
  }

  public int rowStart(int i) {
    return rowStart[i];
  }

  public int rowEnd(int i) {
    return rowStart[i + 1];
  }

  public int column(int p) {
    return col[p];
  }

  public double value(int p) {
    return val[p];
  }

  public double get(int i, int j) {
    int p = Arrays.binarySearch(col, rowStart[i], rowStart[i + 1], j);
    return p >= 0 ? val[p] : 0;
  }

  public double[] rowSums() {
    double[] s = new double[n];
    for (int i = 0; i < n; i++) for (int p = rowStart[i]; p < rowStart[i + 1]; p++) s[i] += val[p];
    return s;
  }

  /** Largest absolute row sum: a Gershgorin bound on the spectral radius. */
  public double maxAbsRowSum() {
    double m = 0;
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int p = rowStart[i]; p < rowStart[i + 1]; p++) s += Math.abs(val[p]);
      m = Math.max(m, s);
    }
    return m;
  }

  /** D^{-1/2} A D^{-1/2} for a diagonal given by {@code d} (entries with d = 0 become 0). */
  public SparseSymmetric scaledSymmetric(double[] d) {
    double[] inv = new double[n];
    for (int i = 0; i < n; i++) inv[i] = d[i] > 0 ? 1 / Math.sqrt(d[i]) : 0;
    double[] v = new double[val.length];
    for (int i = 0; i < n; i++) for (int p = rowStart[i]; p < rowStart[i + 1]; p++) v[p] = val[p] * inv[i] * inv[col[p]];
    return new SparseSymmetric(n, rowStart, col, v);
  }

  @Override
  public void apply(double[] x, double[] y) {
    IntStream.range(0, (n + 1023) / 1024).parallel().forEach(b -> {
      int lo = b * 1024, hi = Math.min(n, lo + 1024);
      for (int i = lo; i < hi; i++) {
        double s = 0;
        for (int p = rowStart[i]; p < rowStart[i + 1]; p++) s += val[p] * x[col[p]];
        y[i] = s;
      }
    });
  }
}
