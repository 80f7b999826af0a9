package org.cortexclust.clustering.graph;

import java.util.stream.IntStream;

/**
 * Exact k nearest neighbours (Euclidean) by blocked brute force: squared distances
 * {@code ‖x‖² + ‖y‖² − 2⟨x, y⟩} over tiles, inner loop an axpy over contiguous columns (vectorisable), a bounded
 * max-heap per row. O(n²·d) time, O(n·k + tile) memory; parallel over row blocks, deterministic (ties → smaller
 * index). The point itself is excluded.
 *
 * @param index    index[i][t] = t-th nearest neighbour of i (ascending distance)
 * @param distance distance[i][t] = Euclidean distance to it
 */
public record NearestNeighbours(int[][] index, double[][] distance) {
  private static final int ROW_BLOCK = 32, COL_BLOCK = 1024;

  public static NearestNeighbours of(double[][] x, int k) {
    int n = x.length;
    if (k < 1 || k >= n) throw new IllegalArgumentException("neighbours must be in [1, " + (n - 1) + "], got " + k);
    int d = x[0].length;
    double[] sq = new double[n];
    for (int i = 0; i < n; i++) for (double v : x[i]) sq[i] += v * v;
    // column-major copy per column block: xt[b][f][j − b·COL_BLOCK]
    int nb = (n + COL_BLOCK - 1) / COL_BLOCK;
    double[][][] xt = new double[nb][d][];
    for (int b = 0; b < nb; b++) {
      int lo = b * COL_BLOCK, w = Math.min(n, lo + COL_BLOCK) - lo;
      for (int f = 0; f < d; f++) {
        double[] col = new double[w];
        for (int j = 0; j < w; j++) col[j] = x[lo + j][f];
        xt[b][f] = col;
      }
    }
    int[][] idx = new int[n][k];
    double[][] dist = new double[n][k];
    int rowBlocks = (n + ROW_BLOCK - 1) / ROW_BLOCK;
    IntStream.range(0, rowBlocks).parallel().forEach(rb -> {
      int r0 = rb * ROW_BLOCK, r1 = Math.min(n, r0 + ROW_BLOCK), m = r1 - r0;
      double[][] acc = new double[m][COL_BLOCK];
      // heaps: max-heap on (distance, index)
      double[][] hd = new double[m][k];
      int[][] hi = new int[m][k];
      int[] hs = new int[m];
      for (int b = 0; b < nb; b++) {
        int c0 = b * COL_BLOCK, w = Math.min(n, c0 + COL_BLOCK) - c0;
        for (int r = 0; r < m; r++) java.util.Arrays.fill(acc[r], 0, w, 0);
        for (int f = 0; f < d; f++) {
          double[] col = xt[b][f];
          for (int r = 0; r < m; r++) {
            double xv = x[r0 + r][f];
            double[] ar = acc[r];
            for (int j = 0; j < w; j++) ar[j] += xv * col[j];
          }
        }
        for (int r = 0; r < m; r++) {
          int i = r0 + r;
          double[] ar = acc[r];
          for (int j = 0; j < w; j++) {
            int jj = c0 + j;
            if (jj == i) continue;
            double dd = Math.max(0, sq[i] + sq[jj] - 2 * ar[j]);
            offer(hd[r], hi[r], hs, r, k, dd, jj);
          }
        }
      }
      for (int r = 0; r < m; r++) {
        // heap sort ascending
        int size = hs[r];
        double[] d2 = hd[r];
        int[] id = hi[r];
        Integer[] order = new Integer[size];
        for (int t = 0; t < size; t++) order[t] = t;
        java.util.Arrays.sort(order, (a, c) -> d2[a] != d2[c] ? Double.compare(d2[a], d2[c]) : Integer.compare(id[a], id[c]));
        for (int t = 0; t < size; t++) {
          idx[r0 + r][t] = id[order[t]];
          dist[r0 + r][t] = Math.sqrt(d2[order[t]]);
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
