package org.cortexclust.clustering.graph;

import java.util.stream.IntStream;
import org.cortexclust.clustering.linalg.BlockedDots;

/**
 * Exact k nearest neighbours (Euclidean) by blocked brute force: squared distances
 * {@code ‖x‖² + ‖y‖² − 2⟨x, y⟩} over tiles of rows × a column-major block of points ({@link BlockedDots}: four rows
 * per pass, vectorised over contiguous columns), a bounded max-heap per row that most candidates fail at one
 * comparison. The chosen neighbours' distances are then recomputed from the differences and sorted (ties → smaller
 * index). O(n²·d) time, O(n·(d + k)) memory; parallel over row tiles, each row's result independent of the tiling
 * and thread count. The point itself is excluded.
 *
 * @param index    index[i][t] = t-th nearest neighbour of i (ascending distance)
 * @param distance distance[i][t] = Euclidean distance to it
 */
public record NearestNeighbours(int[][] index, double[][] distance) {
  private static final int ROW_BLOCK = 64, COL_BLOCK = 256;

  public static NearestNeighbours of(double[][] x, int k) {
    int n = x.length;
    if (k < 1 || k >= n) throw new IllegalArgumentException("neighbours must be in [1, " + (n - 1) + "], got " + k);
    double[] sq = BlockedDots.squaredNorms(x);
    int nb = (n + COL_BLOCK - 1) / COL_BLOCK;
    double[][][] xt = new double[nb][][];
    IntStream.range(0, nb).parallel().forEach(b -> xt[b] = BlockedDots.columns(x, b * COL_BLOCK, Math.min(n, (b + 1) * COL_BLOCK)));
    int[][] idx = new int[n][k];
    double[][] dist = new double[n][k];
    int rowBlocks = (n + ROW_BLOCK - 1) / ROW_BLOCK;
    IntStream.range(0, rowBlocks).parallel().forEach(rb -> {
      int r0 = rb * ROW_BLOCK, r1 = Math.min(n, r0 + ROW_BLOCK), m = r1 - r0;
      int[] rows = BlockedDots.range(r0, r1);
      double[][] acc = new double[m][COL_BLOCK];
      // heaps: max-heap on (squared distance, index)
      double[][] hd = new double[m][k];
      int[][] hi = new int[m][k];
      int[] hs = new int[m];
      for (int b = 0; b < nb; b++) {
        int c0 = b * COL_BLOCK, w = Math.min(n, c0 + COL_BLOCK) - c0;
        BlockedDots.rowsTimesColumns(x, rows, m, xt[b], w, acc);
        for (int r = 0; r < m; r++) {
          int i = r0 + r;
          double[] ar = acc[r], hdr = hd[r];
          double sqi = sq[i];
          for (int j = 0; j < w; j++) {
            int jj = c0 + j;
            double dd = Math.max(0, sqi + sq[jj] - 2 * ar[j]);
            if (hs[r] == k && dd > hdr[0]) continue; // farther than the current k-th
            if (jj == i) continue;
            offer(hdr, hi[r], hs, r, k, dd, jj);
          }
        }
      }
      for (int r = 0; r < m; r++) {
        int i = r0 + r, size = hs[r];
        int[] id = hi[r];
        double[] exact = new double[size];
        for (int t = 0; t < size; t++) exact[t] = Math.sqrt(BlockedDots.squaredDistance(x[i], x[id[t]]));
        Integer[] order = new Integer[size];
        for (int t = 0; t < size; t++) order[t] = t;
        java.util.Arrays.sort(order, (a, c) -> exact[a] != exact[c] ? Double.compare(exact[a], exact[c]) : Integer.compare(id[a], id[c]));
        for (int t = 0; t < size; t++) {
          idx[i][t] = id[order[t]];
          dist[i][t] = exact[order[t]];
        }
      }
    });
    return new NearestNeighbours(idx, dist);
  }

  private static boolean greater(double da, int ia, double db, int ib) {
    return da > db || (da == db && ia > ib);
  }

  private static void offer(double[] hd, int[] hi, int[] hs, int r, int k, double d, int j) {
    int size = hs[r];
    if (size < k) {
      int c = size++;
      hd[c] = d;
      hi[c] = j;
      while (c > 0) {
        int p = (c - 1) >> 1;
        if (!greater(hd[c], hi[c], hd[p], hi[p])) break;
        swap(hd, hi, c, p);
        c = p;
      }
      hs[r] = size;
      return;
    }
    if (!greater(hd[0], hi[0], d, j)) return; // not closer than the current worst
    hd[0] = d;
    hi[0] = j;
    int c = 0;
    while (true) {
      int l = 2 * c + 1, rr = l + 1, big = c;
      if (l < k && greater(hd[l], hi[l], hd[big], hi[big])) big = l;
      if (rr < k && greater(hd[rr], hi[rr], hd[big], hi[big])) big = rr;
      if (big == c) break;
      swap(hd, hi, c, big);
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
