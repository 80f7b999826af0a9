package org.cortexclust.clustering.sec;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.cortexclust.clustering.kmeans.KMeans;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.clustering.spectral.Discretisation;
import org.cortexclust.clustering.spectral.SpectralClustering;
import org.cortexclust.clustering.synthetic.PlantedData;
import org.junit.jupiter.api.Test;

class SpectralEmbeddedClusteringTest {
  @Test
  void twoBlobsGiveAccuracyOneAndOutOfSampleAgrees() {
    PlantedData.Labelled d = PlantedData.blobs(400, 5, 2, 6.0, 1);
    SpectralEmbeddedClustering.Result r = SpectralEmbeddedClustering.fit(d.x(), SpectralEmbeddedClustering.Options.of(2, 1));
    assertEquals(1.0, ClusterMetrics.accuracy(d.labels(), r.labels()), 1e-12);
    // the linear model argmax(Wᵀ(x − x̄) + b) reproduces the discrete labels (docs/science.md §7 out-of-sample rule)
    int agree = 0;
    for (int i = 0; i < d.x().length; i++) if (r.predict(d.x()[i]) == r.labels()[i]) agree++;
    double frac = agree / (double) d.x().length;
    assertTrue(frac > 0.99, "linear-model agreement " + frac);
  }

  @Test
  void globalRegressionLaplacianAnnihilatesConstantsAndIsPsd() {
    PlantedData.Labelled d = PlantedData.blobs(300, 4, 3, 2.0, 2);
    var lg = new SpectralEmbeddedClustering.GlobalRegressionLaplacian(d.x(), 0.5);
    double[] ones = new double[300], y = new double[300];
    java.util.Arrays.fill(ones, 1);
    lg.apply(ones, y);
    for (double v : y) assertEquals(0.0, v, 1e-12);
    SplittableRandom r = new SplittableRandom(3);
    for (int t = 0; t < 20; t++) {
      double[] v = new double[300];
      for (int i = 0; i < 300; i++) v[i] = r.nextGaussian();
      lg.apply(v, y);
      double q = 0, vv = 0;
      for (int i = 0; i < 300; i++) {
        q += v[i] * y[i];
        vv += v[i] * v[i];
      }
      assertTrue(q >= -1e-10 && q <= vv + 1e-10, "vᵀL_g v = " + q);
    }
  }

  @Test
  void globalRegressionLaplacianBlockProductEqualsVectorProducts() {
    PlantedData.Labelled d = PlantedData.blobs(1300, 7, 3, 2.0, 5); // several chunks of rows
    var lg = new SpectralEmbeddedClustering.GlobalRegressionLaplacian(d.x(), 0.5);
    SplittableRandom r = new SplittableRandom(6);
    double[][] v = new double[6][1300], y = new double[6][1300];
    for (double[] row : v) for (int i = 0; i < 1300; i++) row[i] = r.nextGaussian();
    lg.applyBlock(v, y);
    for (int j = 0; j < 6; j++) {
      double[] one = new double[1300];
      lg.apply(v[j], one);
      for (int i = 0; i < 1300; i++) assertEquals(one[i], y[j][i], 1e-10);
    }
  }

  @Test
  void smallMuReducesToSpectralClustering() {
    PlantedData.Labelled d = PlantedData.moons(500, 0.06, 4);
    SpectralEmbeddedClustering.Result sec =
        SpectralEmbeddedClustering.fit(d.x(), SpectralEmbeddedClustering.Options.of(2, 5).withMu(1e-9));
    SpectralClustering.Result sc =
        SpectralClustering.fit(d.x(), SpectralClustering.Options.of(2, 5).withDiscretisation(Discretisation.ROTATION));
    assertEquals(1.0, ClusterMetrics.adjustedRandIndex(sc.labels(), sec.labels()), 1e-12);
    for (int j = 0; j < 2; j++) assertEquals(sc.eigenvalues()[j], sec.eigenvalues()[j], 1e-6);
  }

  @Test
  void beatsKMeansOnMoonsAndIsDeterministic() {
    PlantedData.Labelled d = PlantedData.moons(600, 0.06, 6);
    SpectralEmbeddedClustering.Options o = SpectralEmbeddedClustering.Options.of(2, 7).withMu(1e-3);
    SpectralEmbeddedClustering.Result a = SpectralEmbeddedClustering.fit(d.x(), o);
    double secAri = ClusterMetrics.adjustedRandIndex(d.labels(), a.labels());
    double kmAri = ClusterMetrics.adjustedRandIndex(d.labels(), KMeans.fit(d.x(), KMeans.Options.of(2, 7)).labels());
    assertTrue(secAri > 0.95 && secAri > kmAri + 0.3, "sec " + secAri + " kmeans " + kmAri);
    assertArrayEquals(a.labels(), SpectralEmbeddedClustering.fit(d.x(), o).labels());
  }
}
