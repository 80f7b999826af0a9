package org.cortexclust.clustering.linalg;

/**
 * An n × d matrix stored row-major in one array ({@code data[i·d + f]}), the layout the hot loops of k-means and the
 * Gaussian mixture read their data in.
 *
 * <p>Why not {@code double[][]}: every row of a {@code double[][]} is an object of its own, and a copying garbage
 * collector with several threads (the worker's parallel collector, G1) moves the rows that survive a young collection
 * in whatever order its threads reach them, so rows that were neighbours in memory end up scattered over the heap.
 * A pass over the rows in order then misses the cache and the hardware prefetcher on every row: on this machine a
 * dot-product sweep over 14,000 × 128 rows took 2.9–3.4 ms after such a collection and 1.0 ms with the rows in
 * order (bench/clustering/README.md). One array is moved as a whole and stays in order.
 *
 * <p>The contents are not copied on access: callers must not change {@link #data()} while the matrix is in use.
 */
public final class Rows {
  private final double[] data;
  private final int n, d;

  private Rows(double[] data, int n, int d) {
    this.data = data;
    this.n = n;
    this.d = d;
  }

  /** A zero matrix, e.g. a reusable buffer. */
  public static Rows zeros(int n, int d) {
    return new Rows(new double[size(n, d)], n, d);
  }

  /** A copy of the rectangular matrix {@code x} (every row of the same length). */
  public static Rows copyOf(double[][] x) {
    int n = x.length, d = n == 0 ? 0 : x[0].length;
    double[] a = new double[size(n, d)];
    for (int i = 0; i < n; i++) {
      if (x[i].length != d) {
        throw new IllegalArgumentException("row " + i + " has " + x[i].length + " values, row 0 has " + d
            + ": the data must be a rectangular n × d matrix");
      }
      System.arraycopy(x[i], 0, a, i * d, d);
    }
    return new Rows(a, n, d);
  }

  private static int size(int n, int d) {
    if (n < 0 || d < 0) throw new IllegalArgumentException("negative shape " + n + " × " + d);
    long s = (long) n * d;
    if (s > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(n + " × " + d + " = " + s + " values: more than one Java array holds ("
          + (Integer.MAX_VALUE - 8) + ")");
    }
    return (int) s;
  }

  public int rows() {
    return n;
  }

  public int cols() {
    return d;
  }

  /** The backing array, row-major. */
  public double[] data() {
    return data;
  }

  /** Offset of row {@code i} in {@link #data()}. */
  public int offset(int i) {
    return i * d;
  }

  public double get(int i, int f) {
    return data[i * d + f];
  }

  /** A copy of row {@code i}. */
  public double[] row(int i) {
    return java.util.Arrays.copyOfRange(data, i * d, i * d + d);
  }

  /** Squared Euclidean distance of row {@code i} to {@code c}, from the differences (as {@link BlockedDots#squaredDistance}). */
  public double squaredDistance(int i, double[] c) {
    return BlockedDots.squaredDistance(data, i * d, c, 0, d);
  }

  /** Squared Euclidean norm of every row. */
  public double[] squaredNorms() {
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      double t = 0;
      for (int f = i * d, end = f + d; f < end; f++) t += data[f] * data[f];
      s[i] = t;
    }
    return s;
  }

  /** Rows {@code [lo, hi)} stored column-major: {@code result[f][j] = get(lo + j, f)}. */
  public double[][] columns(int lo, int hi) {
    int w = hi - lo;
    double[][] t = new double[d][w];
    for (int j = 0; j < w; j++) {
      int o = (lo + j) * d;
      for (int f = 0; f < d; f++) t[f][j] = data[o + f];
    }
    return t;
  }
}
