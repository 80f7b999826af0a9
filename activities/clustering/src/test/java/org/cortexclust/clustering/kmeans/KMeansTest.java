package org.cortexclust.clustering.kmeans;

import static org.junit.jupiter.api.Assertions.*;

import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.clustering.synthetic.PlantedData;
import org.junit.jupiter.api.Test;

class KMeansTest {
  @Test
  void handCheckableOneDimensionalCase() {
    double[][] x = {{0}, {1}, {2}, {10}, {11}, {12}};
    KMeans.Result r = KMeans.fit(x, KMeans.Options.of(2, 1));
    assertEquals(1.0, ClusterMetrics.adjustedRandIndex(r.labels(), new int[] {0, 0, 0, 1, 1, 1}));
    assertEquals(4.0, r.objective(), 1e-12); // (1 + 0 + 1) per cluster
    double lo = Math.min(r.centres()[0][0], r.centres()[1][0]), hi = Math.max(r.centres()[0][0], r.centres()[1][0]);
    assertEquals(1.0, lo, 1e-12);
    assertEquals(11.0, hi, 1e-12);
  }

  @Test
  void recoversSeparatedBlobs() {
    PlantedData.Labelled d = PlantedData.blobs(1500, 16, 6, 6.0, 2);
    KMeans.Result r = KMeans.fit(d.x(), KMeans.Options.of(6, 3));
    assertEquals(1.0, ClusterMetrics.adjustedRandIndex(d.labels(), r.labels()), 1e-12);
    assertTrue(r.converged());
  }

  @Test
  void sameSeedSameLabelsAndRestartsNeverHurt() {
    PlantedData.Labelled d = PlantedData.blobs(800, 5, 12, 2.0, 4);
    KMeans.Result a = KMeans.fit(d.x(), KMeans.Options.of(12, 9));
    KMeans.Result b = KMeans.fit(d.x(), KMeans.Options.of(12, 9));
    assertArrayEquals(a.labels(), b.labels());
    KMeans.Result one = KMeans.fit(d.x(), KMeans.Options.of(12, 9).withRestarts(1));
    assertTrue(a.objective() <= one.objective() + 1e-9);
  }

  @Test
  void twoRingsDefeatKMeans() {
    PlantedData.Labelled d = PlantedData.rings(600, 0.1, 5);
    KMeans.Result r = KMeans.fit(d.x(), KMeans.Options.of(2, 1));
    assertTrue(ClusterMetrics.adjustedRandIndex(d.labels(), r.labels()) < 0.2);
  }
}
