package org.cortexclust.clustering.graph;

import java.util.stream.IntStream;
import org.cortexclust.clustering.linalg.BlockedDots;
import org.cortexclust.clustering.linalg.Rows;

/**
 * Exact k nearest neighbours (Euclidean) by blocked brute force: squared distances
 * {@code ‖x‖² + ‖y‖² − 2⟨x, y⟩} over tiles of points × a column-major block of points ({@link BlockedDots}: four
 * rows per pass, vectorised over contiguous columns), a bounded max-heap per point that most candidates fail at one
 * comparison. Each pair of blocks is computed once and offered to both sides (the inner product is symmetric bit
 * for bit), so the work is n²·d/2; the pairs of blocks run in rounds in which no two share a block (round-robin
 * schedule), parallel within a round, so no heap is touched by two threads. The heaps keep the k smallest by
 * (distance, index), a total order, so the result does not depend on the order of offers, the tiling or the thread
 * count. The chosen neighbours' distances are then recomputed from the differences and sorted (ties → smaller
 * index). O(n·(d + k)) memory. The point itself is excluded.
 *
 * @param index    index[i][t] = t-th nearest neighbour of i (ascending distance)
 * @param distance distance[i][t] = Euclidean distance to it
 */
public record NearestNeighbours(int[][] index, double[][] distance) {
  private static final int BLOCK = 256, ROW_GROUP = 64;

  public static NearestNeighbours of(double[][] rows, int k) {
    int n = rows.length;
    if (k < 1 || k >= n) throw new IllegalArgumentException("neighbours must be in [1, " + (n - 1) + "], got " + k);
    Rows x = Rows.copyOf(rows); // one array: the search reads rows in order (Rows says why that matters)
    double[] sq = x.squaredNorms();
    int nb = (n + BLOCK - 1) / BLOCK;
    double[][][] xt = new double[nb][][];
    IntStream.range(0, nb).parallel().forEach(b -> xt[b] = x.columns(b * BLOCK, Math.min(n, (b + 1) * BLOCK)));
    Heaps h = new Heaps(n, k);
    // diagonal tiles, then every unordered pair of distinct blocks once: round-robin rounds of disjoint pairs
    IntStream.range(0, nb).parallel().forEach(b -> tile(x, sq, xt, b, b, h));
    int p = nb + (nb & 1); // even number of slots; slot nb (if nb is odd) is a bye
    for (int round = 0; round < p - 1; round++) {
      final int rd = round;
      IntStream.range(0, p / 2).parallel().forEach(q -> {
        int a, b;
        if (q == 0) {
          a = p - 1;
          b = rd;
        } else {
          a = (rd + q) % (p - 1);
          b = (rd - q + p - 1) % (p - 1);
        }
        if (a < nb && b < nb) tile(x, sq, xt, Math.min(a, b), Math.max(a, b), h);
      });
    }
    int[][] idx = new int[n][k];
    double[][] dist = new double[n][k];
    IntStream.range(0, n).parallel().forEach(i -> {
      int size = h.size[i], off = i * k;
      double[] exact = new double[size];
      int[] id = java.util.Arrays.copyOfRange(h.index, off, off + size);
      for (int t = 0; t < size; t++) {
        exact[t] = Math.sqrt(BlockedDots.squaredDistance(x.data(), x.offset(i), x.data(), x.offset(id[t]), x.cols()));
      }
      Integer[] order = new Integer[size];
      for (int t = 0; t < size; t++) order[t] = t;
      java.util.Arrays.sort(order, (u, v) -> exact[u] != exact[v] ? Double.compare(exact[u], exact[v]) : Integer.compare(id[u], id[v]));
      for (int t = 0; t < size; t++) {
        idx[i][t] = id[order[t]];
        dist[i][t] = exact[order[t]];
      }
    });
    return new NearestNeighbours(idx, dist);
  }

  /** Bounded max-heaps on (squared distance, index), k slots per point in flat arrays. */
  private static final class Heaps {
    final int k;
    final double[] dist;
    final int[] index, size;
    /** The current k-th smallest squared distance of each point (+∞ until k are held). */
    final double[] worst;

    Heaps(int n, int k) {
      this.k = k;
      dist = new double[n * k];
      index = new int[n * k];
      size = new int[n];
      worst = new double[n];
      java.util.Arrays.fill(worst, Double.POSITIVE_INFINITY);
    }

    void offer(int i, double d, int j) {
      if (d > worst[i]) return;
      NearestNeighbours.offer(dist, index, size, i, k, d, j);
      if (size[i] == k) worst[i] = dist[i * k];
    }
  }

  /**
   * Rows of block {@code a} against the columns of block {@code b} ({@code a ≤ b}); the distances go to the rows'
   * heaps and, off the diagonal, to the columns' heaps too.
   */
  private static void tile(Rows x, double[] sq, double[][][] xt, int a, int b, Heaps h) {
    int n = x.rows(), c0 = b * BLOCK, w = Math.min(n, c0 + BLOCK) - c0;
    int r0 = a * BLOCK, r1 = Math.min(n, r0 + BLOCK);
    double[][] acc = new double[ROW_GROUP][w];
    for (int g0 = r0; g0 < r1; g0 += ROW_GROUP) {
      int g1 = Math.min(r1, g0 + ROW_GROUP);
      BlockedDots.rowsTimesColumns(x, BlockedDots.range(g0, g1), g1 - g0, xt[b], 0, x.cols(), w, acc);
      for (int i = g0; i < g1; i++) {
        double[] ar = acc[i - g0];
        double sqi = sq[i];
        for (int c = 0; c < w; c++) {
          int j = c0 + c;
          if (j == i) continue;
          double dd = Math.max(0, sqi + sq[j] - 2 * ar[c]);
          h.offer(i, dd, j);
          if (a != b) h.offer(j, dd, i);
        }
      }
    }
  }

  private static boolean greater(double da, int ia, double db, int ib) {
    return da > db || (da == db && ia > ib);
  }

  /** Offer (d, j) to point i's heap, slots {@code [i·k, i·k + k)} of the flat arrays. */
  private static void offer(double[] hd, int[] hi, int[] hs, int i, int k, double d, int j) {
    int size = hs[i], o = i * k;
    if (size < k) {
      int c = size++;
      hd[o + c] = d;
      hi[o + c] = j;
      while (c > 0) {
        int p = (c - 1) >> 1;
        if (!greater(hd[o + c], hi[o + c], hd[o + p], hi[o + p])) break;
        swap(hd, hi, o + c, o + p);
        c = p;
      }
      hs[i] = size;
      return;
    }
    if (!greater(hd[o], hi[o], d, j)) return; // not closer than the current worst
    hd[o] = d;
    hi[o] = j;
    int c = 0;
    while (true) {
      int l = 2 * c + 1, rr = l + 1, big = c;
      if (l < k && greater(hd[o + l], hi[o + l], hd[o + big], hi[o + big])) big = l;
      if (rr < k && greater(hd[o + rr], hi[o + rr], hd[o + big], hi[o + big])) big = rr;
      if (big == c) break;
      swap(hd, hi, o + c, o + big);
      c = big;
    }
  }

  private static void swap(double[] hd, int[] hi, int a, int b) {
    double t = hd[a];
    hd[a] = hd[b];
    hd[b] = t;
    int u = hi[a];
    hi[a] = hi[b];
    hi[b] = u;
  }
}
