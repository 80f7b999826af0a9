package org.cortexclust.clustering.tsne;

import static org.junit.jupiter.api.Assertions.*;

import org.cortexclust.clustering.graph.NearestNeighbours;
import org.cortexclust.clustering.kmeans.KMeans;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.clustering.synthetic.PlantedData;
import org.junit.jupiter.api.Test;

class TSneTest {
  @Test
  void affinitiesHaveTheTargetPerplexityAndSumToOne() {
    PlantedData.Labelled d = PlantedData.blobs(300, 5, 3, 3.0, 1);
    NearestNeighbours nn = NearestNeighbours.of(d.x(), 90);
    for (double[] row : TSne.conditional(nn, 30)) {
      double h = 0, sum = 0;
      for (double v : row) {
        sum += v;
        if (v > 0) h -= v * Math.log(v);
      }
      assertEquals(1.0, sum, 1e-12);
      assertEquals(30.0, Math.exp(h), 1e-6);
    }
    TSne.Affinities p = TSne.affinities(nn, 30);
    double s = 0;
    for (double v : p.val()) s += v;
    assertEquals(1.0, s, 1e-9);
    // symmetric
    for (int i = 0; i < 300; i += 7) {
      for (int q = p.rowStart()[i]; q < p.rowStart()[i + 1]; q++) {
        int j = p.col()[q];
        int r = java.util.Arrays.binarySearch(p.col(), p.rowStart()[j], p.rowStart()[j + 1], i);
        assertTrue(r >= 0);
        assertEquals(p.val()[q], p.val()[r], 1e-15);
      }
    }
  }

  @Test
  void separatedClustersStaySeparatedAndSeedIsDeterministic() {
    PlantedData.Labelled d = PlantedData.blobs(600, 20, 4, 5.0, 2);
    TSne.Options o = TSne.Options.defaults(3).withIterations(150, 250);
    TSne.Result a = TSne.fit(d.x(), o);
    TSne.Result b = TSne.fit(d.x(), o);
    for (int i = 0; i < 600; i++) assertArrayEquals(a.embedding()[i], b.embedding()[i], 0.0);
    int[] km = KMeans.fit(a.embedding(), KMeans.Options.of(4, 1)).labels();
    assertEquals(1.0, ClusterMetrics.adjustedRandIndex(d.labels(), km), 1e-12);
    // neighbourhoods are preserved: most 10-NN in the map are 10-NN in the data
    NearestNeighbours hi = NearestNeighbours.of(d.x(), 10), lo = NearestNeighbours.of(a.embedding(), 10);
    int shared = 0;
    for (int i = 0; i < 600; i++) {
      java.util.Set<Integer> s = new java.util.HashSet<>();
      for (int j : hi.index()[i]) s.add(j);
      for (int j : lo.index()[i]) if (s.contains(j)) shared++;
    }
    // within-blob neighbours in 20-D Gaussian blobs are noisy; a random same-blob pick would share ~10/150
    assertTrue(shared / 6000.0 > 0.2, "kNN preservation " + shared / 6000.0);
    assertTrue(a.kl() > 0 && a.kl() < 3, "KL " + a.kl());
  }

  @Test
  void pcaInitialisationHasTinyScaleAlongPc1() {
    PlantedData.Labelled d = PlantedData.blobs(200, 3, 2, 4.0, 4);
    double[] y = TSne.pcaInit(d.x(), 1);
    double s = 0;
    for (int i = 0; i < 200; i++) s += y[2 * i] * y[2 * i];
    assertEquals(1e-4, Math.sqrt(s / 200), 1e-8);
  }
}
