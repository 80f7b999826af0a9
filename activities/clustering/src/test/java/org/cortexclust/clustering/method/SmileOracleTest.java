package org.cortexclust.clustering.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cortexclust.clustering.gmm.GaussianMixture;
import org.cortexclust.clustering.kmeans.KMeans;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.clustering.synthetic.PlantedData;
import org.junit.jupiter.api.Test;
import smile.clustering.PartitionClustering;
import smile.math.MathEx;
import smile.stat.distribution.MultivariateGaussianMixture;

/**
 * Smile (an independent implementation) as an oracle for our k-means and Gaussian mixture on the same data: the
 * same partition, and an objective at least as good as Smile's (best of several runs for k-means). Smile's EM
 * ends at a lower likelihood than ours on the same partition here (not traced further), so the
 * mixture check is "ours at least as likely", not equality.
 */
class SmileOracleTest {
  @Test
  void kmeansMatchesSmile() {
    for (long seed : new long[] {1, 2, 3}) {
      PlantedData.Labelled d = PlantedData.blobs(600, 5, 4, 4, seed);
      MathEx.setSeed(seed);
      smile.clustering.KMeans s = PartitionClustering.run(10, () -> smile.clustering.KMeans.fit(d.x(), 4, 300, 1e-4));
      KMeans.Result ours = KMeans.fit(d.x(), KMeans.Options.of(4, seed));
      double ari = ClusterMetrics.adjustedRandIndex(s.y, ours.labels());
      assertEquals(1.0, ari, 1e-12, "seed " + seed + ": ARI(ours, Smile) = " + ari);
      // Smile's distortion is the same sum of squared distances (inertia)
      assertTrue(ours.objective() <= s.distortion * (1 + 1e-9), "ours " + ours.objective() + " vs Smile " + s.distortion);
      assertEquals(s.distortion, ours.objective(), 1e-6 * s.distortion);
    }
  }

  @Test
  void kmeansAtLeastAsGoodAsSmileOnOverlappingBlobs() {
    // overlapping blobs: several local optima; both keep the best of 10 k-means++ runs
    PlantedData.Labelled d = PlantedData.blobs(800, 4, 8, 1.5, 11);
    MathEx.setSeed(11);
    smile.clustering.KMeans s = PartitionClustering.run(10, () -> smile.clustering.KMeans.fit(d.x(), 8, 300, 1e-4));
    KMeans.Result ours = KMeans.fit(d.x(), KMeans.Options.of(8, 11));
    assertTrue(ours.objective() <= s.distortion * 1.01, "ours " + ours.objective() + " vs Smile " + s.distortion);
  }

  @Test
  void gaussianMixtureMatchesSmile() {
    PlantedData.Labelled d = PlantedData.blobs(600, 3, 3, 6, 4);
    for (boolean diagonal : new boolean[] {true, false}) {
      MathEx.setSeed(4);
      MultivariateGaussianMixture s = MultivariateGaussianMixture.fit(3, d.x(), diagonal);
      GaussianMixture.Result ours = GaussianMixture.fit(d.x(), new GaussianMixture.Options(3,
          diagonal ? GaussianMixture.Covariance.DIAGONAL : GaussianMixture.Covariance.FULL, 300, 1e-6, 1e-6, 3, 4));
      int[] smileLabels = new int[d.x().length];
      double smileLogLik = 0;
      for (int i = 0; i < smileLabels.length; i++) {
        smileLabels[i] = s.map(d.x()[i]);
        smileLogLik += s.logp(d.x()[i]);
      }
      String what = (diagonal ? "diag" : "full") + ": ours log L " + ours.logLikelihood() + ", Smile " + smileLogLik;
      assertEquals(1.0, ClusterMetrics.adjustedRandIndex(smileLabels, ours.labels()), 1e-12, what);
      System.out.println("SmileOracleTest " + what);
      assertTrue(ours.logLikelihood() >= smileLogLik - 1e-6 * Math.abs(smileLogLik), what);
      // our soft assignments are a distribution per point whose argmax is the label
      double[][] resp = ours.responsibilities();
      for (int i = 0; i < resp.length; i++) {
        double sum = 0;
        int arg = 0;
        for (int j = 0; j < resp[i].length; j++) {
          sum += resp[i][j];
          if (resp[i][j] > resp[i][arg]) arg = j;
        }
        assertEquals(1, sum, 1e-9);
        assertEquals(ours.labels()[i], arg);
      }
    }
  }
}
