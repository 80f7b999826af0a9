package org.cortexclust.clustering.spectral;

import static org.junit.jupiter.api.Assertions.*;

import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.clustering.synthetic.PlantedData;
import org.junit.jupiter.api.Test;

class SpectralClusteringTest {
  @Test
  void separatesRingsAndMoonsWithBothDiscretisations() {
    for (PlantedData.Labelled d : new PlantedData.Labelled[] {PlantedData.rings(600, 0.1, 1), PlantedData.moons(600, 0.05, 2)}) {
      for (Discretisation disc : Discretisation.values()) {
        SpectralClustering.Result r = SpectralClustering.fit(d.x(), SpectralClustering.Options.of(2, 3).withDiscretisation(disc));
        assertEquals(1.0, ClusterMetrics.adjustedRandIndex(d.labels(), r.labels()), 1e-12, disc.toString());
      }
    }
  }

  @Test
  void blobsAndDeterminism() {
    PlantedData.Labelled d = PlantedData.blobs(900, 10, 5, 6.0, 3);
    SpectralClustering.Result a = SpectralClustering.fit(d.x(), SpectralClustering.Options.of(5, 4));
    SpectralClustering.Result b = SpectralClustering.fit(d.x(), SpectralClustering.Options.of(5, 4));
    assertEquals(1.0, ClusterMetrics.adjustedRandIndex(d.labels(), a.labels()), 1e-12);
    assertArrayEquals(a.labels(), b.labels());
    assertTrue(a.converged());
    // eigengap: 5 near-zero eigenvalues of L̃ (5 almost disconnected blobs), then a jump
    double[] lam = SpectralClustering.laplacianSpectrum(d.x(), 15, 7, 7, 4);
    assertTrue(lam[4] < 0.05, "lambda_5 = " + lam[4]);
    assertTrue(lam[5] > 10 * lam[4] && lam[5] > 0.1, "lambda_6 = " + lam[5]);
  }

  @Test
  void rotationRecoversBlockIndicatorAndIsInvariantToColumnSignAndOrder() {
    int n = 30, c = 3;
    double[][] g = new double[c][n];
    for (int i = 0; i < n; i++) g[i % c][i] = 1 / Math.sqrt(n / (double) c);
    int[] truth = new int[n];
    for (int i = 0; i < n; i++) truth[i] = i % c;
    // mix with an orthogonal rotation: still exactly recoverable
    double a = 0.7;
    double[][] mixed = new double[c][n];
    for (int i = 0; i < n; i++) {
      mixed[0][i] = Math.cos(a) * g[0][i] - Math.sin(a) * g[1][i];
      mixed[1][i] = Math.sin(a) * g[0][i] + Math.cos(a) * g[1][i];
      mixed[2][i] = -g[2][i];
    }
    assertEquals(1.0, ClusterMetrics.adjustedRandIndex(truth, SpectralRotation.discretise(g, 100, 1).labels()));
    assertEquals(1.0, ClusterMetrics.adjustedRandIndex(truth, SpectralRotation.discretise(mixed, 100, 1).labels()));
    double[][] permuted = {mixed[2], mixed[0], mixed[1]};
    assertEquals(1.0, ClusterMetrics.adjustedRandIndex(truth, SpectralRotation.discretise(permuted, 100, 2).labels()));
  }
}
