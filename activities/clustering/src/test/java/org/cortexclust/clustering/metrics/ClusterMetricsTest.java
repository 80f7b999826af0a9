package org.cortexclust.clustering.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterMetricsTest {
  static final int[] A = {0, 0, 0, 1, 1, 1};
  static final int[] B = {0, 0, 1, 1, 2, 2};

  @Test
  void ariHandComputed() {
    // Σ C(n_ij) = 2, Σ C(a_i) = 6, Σ C(b_j) = 3, C(6) = 15 → E = 1.2; ARI = (2 − 1.2)/(4.5 − 1.2) = 8/33
    assertEquals(8.0 / 33.0, ClusterMetrics.adjustedRandIndex(A, B), 1e-12);
    assertEquals(8.0 / 33.0, ClusterMetrics.adjustedRandIndex(B, A), 1e-12);
    assertEquals(1.0, ClusterMetrics.adjustedRandIndex(A, new int[] {7, 7, 7, -2, -2, -2}), 1e-12);
  }

  @Test
  void ariOfIndependentLabelingsIsNearZero() {
    int n = 20000;
    int[] a = new int[n], b = new int[n];
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    for (int i = 0; i < n; i++) {
      a[i] = r.nextInt(5);
      b[i] = r.nextInt(7);
    }
    assertEquals(0.0, ClusterMetrics.adjustedRandIndex(a, b), 0.005);
  }

  @Test
  void nmiHandComputed() {
    // I = (2/3) ln 2, H(A) = ln 2, H(B) = ln 3
    double expected = (2.0 / 3.0) * Math.log(2) / (0.5 * (Math.log(2) + Math.log(3)));
    assertEquals(expected, ClusterMetrics.normalizedMutualInformation(A, B), 1e-12);
    assertEquals(1.0, ClusterMetrics.normalizedMutualInformation(A, new int[] {5, 5, 5, 4, 4, 4}), 1e-12);
  }

  @Test
  void accuracyUsesTheBestOneToOneMap() {
    assertEquals(5.0 / 6.0, ClusterMetrics.accuracy(A, new int[] {1, 1, 0, 0, 0, 0}), 1e-12);
    // more predicted clusters than true ones: only one predicted cluster may map to each true class
    assertEquals(4.0 / 6.0, ClusterMetrics.accuracy(A, B), 1e-12);
    assertEquals(1.0, ClusterMetrics.accuracy(B, new int[] {9, 9, 3, 3, 1, 1}), 1e-12);
  }

  @Test
  void hungarianSolvesA3x3AndRectangularCase() {
    double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
    assertArrayEquals(new int[] {1, 0, 2}, Hungarian.minimise(cost)); // 1 + 2 + 2 = 5 is optimal
    double[][] rect = {{1, 9}, {9, 1}, {5, 5}};
    int[] m = Hungarian.minimise(rect);
    assertEquals(0, m[0]);
    assertEquals(1, m[1]);
    assertEquals(-1, m[2]);
  }

  @Test
  void confusionMatrixCounts() {
    ClusterMetrics.Contingency c = ClusterMetrics.confusionMatrix(A, B);
    assertArrayEquals(new int[] {0, 1}, c.rowLabels());
    assertArrayEquals(new int[] {0, 1, 2}, c.colLabels());
    assertArrayEquals(new long[] {2, 1, 0}, c.counts()[0]);
    assertArrayEquals(new long[] {0, 1, 2}, c.counts()[1]);
    assertEquals(6, c.n());
  }

  static final double[][] LINE = {{0}, {1}, {10}, {11}};
  static final int[] LINE_LAB = {0, 0, 1, 1};

  @Test
  void silhouetteHandComputed() {
    // point 0: a = 1, b = 10.5; point 1: a = 1, b = 9.5; symmetric for the other cluster
    double expected = (9.5 / 10.5 + 8.5 / 9.5) / 2;
    assertEquals(expected, ClusterMetrics.silhouette(LINE, LINE_LAB), 1e-12);
    assertTrue(Double.isNaN(ClusterMetrics.silhouette(LINE, new int[] {3, 3, 3, 3})));
  }

  @Test
  void sampledSilhouetteIsSeededAndClose() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(2);
    int n = 3000;
    double[][] x = new double[n][2];
    int[] lab = new int[n];
    for (int i = 0; i < n; i++) {
      lab[i] = i % 3;
      x[i][0] = 4 * lab[i] + r.nextGaussian();
      x[i][1] = r.nextGaussian();
    }
    double full = ClusterMetrics.silhouette(x, lab);
    double s1 = ClusterMetrics.silhouette(x, lab, 800, 5), s2 = ClusterMetrics.silhouette(x, lab, 800, 5);
    assertEquals(s1, s2, 0.0);
    assertEquals(full, s1, 0.03);
  }

  @Test
  void daviesBouldinAndCalinskiHarabaszHandComputed() {
    // centroids 0.5 and 10.5, s = 0.5 each → DB = (0.5 + 0.5)/10 = 0.1
    assertEquals(0.1, ClusterMetrics.daviesBouldin(LINE, LINE_LAB), 1e-12);
    // B = 2·25 + 2·25 = 100, W = 4·0.25 = 1 → CH = (100/1)/(1/2) = 200
    assertEquals(200.0, ClusterMetrics.calinskiHarabasz(LINE, LINE_LAB), 1e-9);
    assertEquals(1.0, ClusterMetrics.withinSumOfSquares(LINE, LINE_LAB), 1e-12);
  }

  @Test
  void stabilityOverPairs() {
    ClusterMetrics.Stability s = ClusterMetrics.meanPairwiseAri(List.of(A, A, B));
    assertEquals(3, s.pairs());
    assertEquals((1 + 2 * 8.0 / 33.0) / 3, s.mean(), 1e-12);
    // overlap version ignores points marked missing
    int[] a = {0, 0, 1, 1, -1}, b = {5, 5, 6, 6, 2};
    assertEquals(1.0, ClusterMetrics.pairwiseAriOnOverlap(List.of(a, b), -1).mean(), 1e-12);
  }
}
