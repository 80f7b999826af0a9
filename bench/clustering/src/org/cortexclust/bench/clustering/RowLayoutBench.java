package org.cortexclust.bench.clustering;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Why the clustering code reads its data from one row-major array (linalg/Rows): a sweep of dot products over the
 * rows of an n × d {@code double[][]}, in order, after young collections have moved the rows, against the same sweep
 * over one flat array; both alternate in one JVM. Run it under each collector:
 *
 * <pre>
 *   java -XX:+UseParallelGC bench/clustering/src/org/cortexclust/bench/clustering/RowLayoutBench.java
 *   java -XX:+UseSerialGC   bench/clustering/src/org/cortexclust/bench/clustering/RowLayoutBench.java
 * </pre>
 *
 * Prints one JSON line: milliseconds per sweep (median of the last rounds) for each layout and their ratio.
 */
public final class RowLayoutBench {
  public static void main(String[] args) {
    int n = 14000, d = 128, rounds = 40;
    SplittableRandom r = new SplittableRandom(1);
    double[][] rows = new double[n][d];
    for (double[] row : rows) for (int f = 0; f < d; f++) row[f] = r.nextDouble();
    double[] flat = new double[n * d];
    for (int i = 0; i < n; i++) System.arraycopy(rows[i], 0, flat, i * d, d);
    double[] c = new double[d];
    for (int f = 0; f < d; f++) c[f] = r.nextDouble();
    // young collections with the rows alive: a copying collector moves them (the parallel one, in any order)
    long sink = 0;
    for (int g = 0; g < 20; g++) {
      byte[][] junk = new byte[2000][];
      for (int i = 0; i < junk.length; i++) junk[i] = new byte[100_000];
      sink += junk[g].length;
    }
    double[] perRows = new double[rounds], perFlat = new double[rounds];
    double s = 0;
    for (int round = 0; round < rounds; round++) {
      long t0 = System.nanoTime();
      for (int rep = 0; rep < 10; rep++) s += sweepRows(rows, c);
      long t1 = System.nanoTime();
      for (int rep = 0; rep < 10; rep++) s += sweepFlat(flat, n, d, c);
      long t2 = System.nanoTime();
      perRows[round] = (t1 - t0) / 1e7;
      perFlat[round] = (t2 - t1) / 1e7;
    }
    double mr = median(perRows, rounds / 2), mf = median(perFlat, rounds / 2);
    String gc = String.join(" + ", java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(java.lang.management.GarbageCollectorMXBean::getName).toList());
    System.out.printf(Locale.ROOT, "{\"collector\":\"%s\",\"n\":%d,\"d\":%d,\"rows_ms_per_sweep\":%.3f,\"flat_ms_per_sweep\":%.3f,"
        + "\"rows_over_flat\":%.2f,\"checksum\":%.6e}%n", gc, n, d, mr, mf, mr / mf, s + sink);
  }

  private static double sweepRows(double[][] x, double[] c) {
    double s = 0;
    for (double[] xi : x) {
      double t = 0;
      for (int f = 0; f < c.length; f++) t += xi[f] * c[f];
      s += t;
    }
    return s;
  }

  private static double sweepFlat(double[] a, int n, int d, double[] c) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      double t = 0;
      for (int f = 0, o = i * d; f < d; f++) t += a[o + f] * c[f];
      s += t;
    }
    return s;
  }

  /** Median of the rounds from {@code from} on (the earlier ones run while the JIT compiles). */
  private static double median(double[] v, int from) {
    double[] t = java.util.Arrays.copyOfRange(v, from, v.length);
    java.util.Arrays.sort(t);
    return t[t.length / 2];
  }
}
