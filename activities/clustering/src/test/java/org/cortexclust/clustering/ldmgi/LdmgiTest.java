package org.cortexclust.clustering.ldmgi;

import static org.junit.jupiter.api.Assertions.*;

import org.cortexclust.clustering.kmeans.KMeans;
import org.cortexclust.clustering.linalg.SparseSymmetric;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.clustering.synthetic.PlantedData;
import org.junit.jupiter.api.Test;

class LdmgiTest {
  @Test
  void laplacianRowsSumToZeroAndIsSymmetric() {
    PlantedData.Labelled d = PlantedData.blobs(200, 6, 3, 3.0, 1);
    SparseSymmetric l = Ldmgi.laplacian(d.x(), 5, 0.1);
    double[] rs = l.rowSums();
    for (double v : rs) assertEquals(0.0, v, 1e-9);
    for (int i = 0; i < 200; i += 17) {
      for (int p = l.rowStart(i); p < l.rowEnd(i); p++) assertEquals(l.value(p), l.get(l.column(p), i), 1e-12);
    }
  }

  @Test
  void singleCliqueMatchesHandFormula() {
    // n = 3 points, k = 2 → one clique per point, all equal to the whole set: L = 3 · H (G + λI)⁻¹ H
    double[][] x = {{0, 0}, {1, 0}, {0, 2}};
    double lambda = 0.5;
    SparseSymmetric l = Ldmgi.laplacian(x, 2, lambda);
    double[][] c = new double[3][2];
    for (int q = 0; q < 3; q++) for (int f = 0; f < 2; f++) c[q][f] = x[q][f] - (f == 0 ? 1.0 / 3 : 2.0 / 3);
    double[][] g = new double[3][3];
    for (int p = 0; p < 3; p++) for (int q = 0; q < 3; q++) g[p][q] = c[p][0] * c[q][0] + c[p][1] * c[q][1] + (p == q ? lambda : 0);
    double[][] inv = org.cortexclust.clustering.linalg.Cholesky.of(g).inverse();
    double[][] h = {{2.0 / 3, -1.0 / 3, -1.0 / 3}, {-1.0 / 3, 2.0 / 3, -1.0 / 3}, {-1.0 / 3, -1.0 / 3, 2.0 / 3}};
    for (int p = 0; p < 3; p++) {
      for (int q = 0; q < 3; q++) {
        double s = 0;
        for (int a = 0; a < 3; a++) for (int b = 0; b < 3; b++) s += h[p][a] * inv[a][b] * h[b][q];
        assertEquals(3 * s, l.get(p, q), 1e-12);
      }
    }
  }

  @Test
  void twoBlobsGiveAccuracyOne() {
    PlantedData.Labelled d = PlantedData.blobs(400, 5, 2, 6.0, 2);
    Ldmgi.Result r = Ldmgi.fit(d.x(), Ldmgi.Options.of(2, 3));
    assertEquals(1.0, ClusterMetrics.accuracy(d.labels(), r.labels()), 1e-12);
    assertEquals(0.0, r.eigenvalues()[0], 1e-8); // L·1 = 0
  }

  @Test
  void beatsKMeansOnRingsAndIsDeterministic() {
    PlantedData.Labelled d = PlantedData.rings(600, 0.08, 4);
    Ldmgi.Options o = Ldmgi.Options.of(2, 5).withNeighbours(8);
    Ldmgi.Result a = Ldmgi.fit(d.x(), o);
    double ari = ClusterMetrics.adjustedRandIndex(d.labels(), a.labels());
    double km = ClusterMetrics.adjustedRandIndex(d.labels(), KMeans.fit(d.x(), KMeans.Options.of(2, 5)).labels());
    assertTrue(ari > 0.95 && ari > km + 0.5, "ldmgi " + ari + " kmeans " + km);
    assertArrayEquals(a.labels(), Ldmgi.fit(d.x(), o).labels());
  }
}
