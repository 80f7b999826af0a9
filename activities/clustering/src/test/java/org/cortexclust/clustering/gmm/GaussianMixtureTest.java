package org.cortexclust.clustering.gmm;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.clustering.synthetic.PlantedData;
import org.junit.jupiter.api.Test;

class GaussianMixtureTest {
  @Test
  void singleGaussianHasClosedFormLikelihoodAndBic() {
    // one component: MLE mean and (biased) covariance, log L = −n/2 (d log 2π + log det Σ + d)
    SplittableRandom r = new SplittableRandom(1);
    int n = 500, d = 3;
    double[][] x = new double[n][d];
    for (double[] row : x) {
      row[0] = r.nextGaussian();
      row[1] = 2 * r.nextGaussian() + row[0];
      row[2] = 0.5 * r.nextGaussian();
    }
    GaussianMixture.Result g = GaussianMixture.fit(x, new GaussianMixture.Options(1, GaussianMixture.Covariance.FULL, 10, 1e-9, 0, 1, 1));
    double[] m = new double[d];
    for (double[] row : x) for (int f = 0; f < d; f++) m[f] += row[f] / n;
    double[][] c = new double[d][d];
    for (double[] row : x) for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) c[a][b] += (row[a] - m[a]) * (row[b] - m[b]) / n;
    double det = c[0][0] * (c[1][1] * c[2][2] - c[1][2] * c[2][1]) - c[0][1] * (c[1][0] * c[2][2] - c[1][2] * c[2][0])
        + c[0][2] * (c[1][0] * c[2][1] - c[1][1] * c[2][0]);
    double ll = -0.5 * n * (d * Math.log(2 * Math.PI) + Math.log(det) + d);
    assertEquals(ll, g.logLikelihood(), 1e-8);
    assertEquals(9, g.parameters()); // 3 means + 6 covariance entries + 0 weights
    assertEquals(-2 * ll + 9 * Math.log(n), g.bic(), 1e-7);
    assertEquals(2 * 3 * 2 + 1, GaussianMixture.parameters(2, 3, GaussianMixture.Covariance.DIAGONAL));
    assertEquals(8384 * 1 + 0, GaussianMixture.parameters(1, 128, GaussianMixture.Covariance.FULL)); // §10: 8,384 per component
  }

  @Test
  void recoversBlobsAndBicPrefersTheTrueK() {
    PlantedData.Labelled d = PlantedData.blobs(900, 4, 3, 5.0, 2);
    for (GaussianMixture.Covariance cov : GaussianMixture.Covariance.values()) {
      GaussianMixture.Result g = GaussianMixture.fit(d.x(), GaussianMixture.Options.of(3, cov, 3));
      assertEquals(1.0, ClusterMetrics.adjustedRandIndex(d.labels(), g.labels()), 1e-12, cov.toString());
      double bic2 = GaussianMixture.fit(d.x(), GaussianMixture.Options.of(2, cov, 3)).bic();
      double bic5 = GaussianMixture.fit(d.x(), GaussianMixture.Options.of(5, cov, 3)).bic();
      assertTrue(g.bic() < bic2 && g.bic() < bic5, cov + ": " + bic2 + " " + g.bic() + " " + bic5);
    }
  }

  @Test
  void fullCovarianceFitsElongatedClustersDeterministically() {
    // two parallel elongated clusters along the diagonal: full covariance fits them
    SplittableRandom r = new SplittableRandom(3);
    int n = 800;
    double[][] x = new double[n][2];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      double t = r.nextGaussian(), off = y[i] == 0 ? -1.5 : 1.5;
      x[i][0] = t + off + 0.3 * r.nextGaussian();
      x[i][1] = t - off + 0.3 * r.nextGaussian();
    }
    GaussianMixture.Result full = GaussianMixture.fit(x, GaussianMixture.Options.of(2, GaussianMixture.Covariance.FULL, 4));
    double km = ClusterMetrics.adjustedRandIndex(y, org.cortexclust.clustering.kmeans.KMeans.fit(x, org.cortexclust.clustering.kmeans.KMeans.Options.of(2, 4)).labels());
    assertTrue(ClusterMetrics.adjustedRandIndex(y, full.labels()) > 0.95, "gmm " + ClusterMetrics.adjustedRandIndex(y, full.labels()) + " kmeans " + km + " it " + full.iterations());
    GaussianMixture.Result again = GaussianMixture.fit(x, GaussianMixture.Options.of(2, GaussianMixture.Covariance.FULL, 4));
    assertArrayEquals(full.labels(), again.labels());
  }
}
