package org.cortexclust.clustering.graph;

import org.cortexclust.clustering.linalg.SparseSymmetric;

/**
 * Symmetric k-nearest-neighbour affinity graph with self-tuning Gaussian weights (Zelnik-Manor & Perona 2004):
 * {@code w_ij = exp(−‖x_i − x_j‖² / (σ_i σ_j))}, σ_i = distance to the i's {@code scaleNeighbour}-th neighbour
 * (or the k-th when k is smaller). An edge exists when j is among i's k neighbours or i among j's ("or"
 * symmetrisation), so the graph has at most 2·n·k non-zeros.
 */
public final class KnnGraph {
  private KnnGraph() {}

  public static SparseSymmetric affinity(NearestNeighbours nn, int scaleNeighbour) {
    int n = nn.index().length, k = nn.index()[0].length;
    int sIdx = Math.min(scaleNeighbour, k) - 1;
    double[] sigma = new double[n];
    double positive = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      sigma[i] = nn.distance()[i][sIdx];
      if (sigma[i] > 0) positive = Math.min(positive, sigma[i]);
    }
    if (positive == Double.POSITIVE_INFINITY) positive = 1;
    for (int i = 0; i < n; i++) if (!(sigma[i] > 0)) sigma[i] = positive; // duplicate points
    int[] r = new int[2 * n * k], c = new int[2 * n * k];
    double[] v = new double[2 * n * k];
    int t = 0;
    for (int i = 0; i < n; i++) {
      for (int q = 0; q < k; q++) {
        int j = nn.index()[i][q];
        double d = nn.distance()[i][q];
        double w = Math.exp(-d * d / (sigma[i] * sigma[j]));
        r[t] = i; c[t] = j; v[t++] = w;
        r[t] = j; c[t] = i; v[t++] = w;
      }
    }
    SparseSymmetric summed = SparseSymmetric.fromTriplets(n, r, c, v, t);
    // mutual neighbours were added twice: the weight is the same both ways, so halve those entries
    int[] rr = new int[summed.nonZeros()], cc = new int[summed.nonZeros()];
    double[] vv = new double[summed.nonZeros()];
    int u = 0;
    for (int i = 0; i < n; i++) {
      for (int p = summed.rowStart(i); p < summed.rowEnd(i); p++) {
        int j = summed.column(p);
        boolean mutual = contains(nn.index()[i], j) && contains(nn.index()[j], i);
        rr[u] = i;
        cc[u] = j;
        vv[u++] = mutual ? summed.value(p) / 2 : summed.value(p);
      }
    }
    return SparseSymmetric.fromTriplets(n, rr, cc, vv, u);
  }

  private static boolean contains(int[] a, int x) {
    for (int v : a) if (v == x) return true;
    return false;
  }
}
