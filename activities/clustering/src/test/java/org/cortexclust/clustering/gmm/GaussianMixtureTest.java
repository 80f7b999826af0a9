package org.cortexclust.clustering.gmm;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.cortexclust.clustering.linalg.DotKernel;
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

  @Test
  void blockedEStepEqualsTheNaiveLikelihoodsOnOffsetDataWithEitherKernel() {
    SplittableRandom r = new SplittableRandom(7);
    int n = 301, d = 6, k = 4; // n not a multiple of the chunk, d not of the row group
    double[][] x = new double[n][d];
    for (double[] row : x) for (int f = 0; f < d; f++) row[f] = 50 + r.nextGaussian() * (1 + f); // far from the origin
    double[] w = {0.1, 0.2, 0.3, 0.4};
    double[][] mu = new double[k][d];
    double[][][] full = new double[k][d][d], diag = new double[k][1][d];
    for (int j = 0; j < k; j++) {
      double[][] a = new double[d][d];
      for (int f = 0; f < d; f++) {
        mu[j][f] = 50 + r.nextGaussian();
        for (int e = 0; e < d; e++) a[f][e] = r.nextGaussian();
        diag[j][0][f] = 0.5 + r.nextDouble() * 4;
      }
      for (int f = 0; f < d; f++) for (int e = 0; e < d; e++) for (int q = 0; q < d; q++) full[j][f][e] += a[f][q] * a[e][q] / d;
      for (int f = 0; f < d; f++) full[j][f][f] += 0.5;
    }
    for (DotKernel kernel : new DotKernel[] {DotKernel.JAVA, DotKernel.openBlas()})
    for (GaussianMixture.Covariance type : GaussianMixture.Covariance.values()) {
      double[][][] cov = type == GaussianMixture.Covariance.FULL ? full : diag;
      double[][] resp = new double[n][k];
      double ll = GaussianMixture.eStep(x, w, mu, cov, type, resp, kernel);
      double naiveLl = 0;
      for (int i = 0; i < n; i++) {
        double[] lp = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
          double maha = 0, logDet = 0;
          if (type == GaussianMixture.Covariance.FULL) {
            org.cortexclust.clustering.linalg.Cholesky ch = org.cortexclust.clustering.linalg.Cholesky.of(cov[j]);
            double[] diff = new double[d];
            for (int f = 0; f < d; f++) diff[f] = x[i][f] - mu[j][f];
            ch.forwardInPlace(diff);
            for (double v : diff) maha += v * v;
            logDet = ch.logDet();
          } else {
            for (int f = 0; f < d; f++) {
              double t = x[i][f] - mu[j][f];
              maha += t * t / cov[j][0][f];
              logDet += Math.log(cov[j][0][f]);
            }
          }
          lp[j] = Math.log(w[j]) - 0.5 * (d * Math.log(2 * Math.PI) + logDet + maha);
          max = Math.max(max, lp[j]);
        }
        double s = 0;
        for (double v : lp) s += Math.exp(v - max);
        double lse = max + Math.log(s);
        naiveLl += lse;
        for (int j = 0; j < k; j++) assertEquals(Math.exp(lp[j] - lse), resp[i][j], 1e-9, kernel.name() + " " + type + " point " + i);
      }
      assertEquals(naiveLl, ll, 1e-9 * Math.abs(naiveLl), kernel.name() + " " + type);
    }
  }

  @Test
  void openBlasKernelGivesTheJavaKernelsDiagonalMixture() {
    PlantedData.Labelled d = PlantedData.blobs(3000, 64, 10, 3.0, 9);
    GaussianMixture.Options o = GaussianMixture.Options.of(10, GaussianMixture.Covariance.DIAGONAL, 4);
    GaussianMixture.Result j = GaussianMixture.fit(d.x(), o, org.cortexclust.common.progress.Progress.NONE, DotKernel.JAVA);
    GaussianMixture.Result b = GaussianMixture.fit(d.x(), o, org.cortexclust.common.progress.Progress.NONE, DotKernel.openBlas());
    GaussianMixture.Result again = GaussianMixture.fit(d.x(), o, org.cortexclust.common.progress.Progress.NONE, DotKernel.openBlas());
    assertEquals(1.0, ClusterMetrics.adjustedRandIndex(d.labels(), b.labels()), 1e-12);
    assertArrayEquals(j.labels(), b.labels());
    assertEquals(j.iterations(), b.iterations());
    assertEquals(j.logLikelihood(), b.logLikelihood(), 1e-9 * Math.abs(j.logLikelihood()));
    assertArrayEquals(b.labels(), again.labels());
    assertEquals(b.logLikelihood(), again.logLikelihood(), 0.0);
  }
}
