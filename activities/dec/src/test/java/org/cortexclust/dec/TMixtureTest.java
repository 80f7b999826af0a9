package org.cortexclust.dec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TMixtureTest {
  @Test
  void embeddingGradientMatchesFiniteDifferences() {
    int n = 4;
    double[][] z = DecKernelTest.gauss(7, 2 * n, 1, 51);
    double[][] mu = DecKernelTest.gauss(3, 2 * n, 1, 52);
    double[][] var = DecKernelTest.gauss(3, 2 * n, 0.5, 53);
    for (double[] row : var) {
      for (int t = 0; t < row.length; t++) row[t] = 0.3 + row[t] * row[t];
    }
    TMixture.Params m = new TMixture.Params(mu, var);
    for (int[][] shifts : new int[][][] {null, TMixture.bestShifts(z, m, n)}) {
      double[][] p = DecKernel.target(TMixture.evaluate(z, m, 2.1, null, shifts, n).q(), 2);
      double[][] g = TMixture.evaluate(z, m, 2.1, p, shifts, n).gradZ();
      double h = 1e-6;
      double maxG = 0;
      for (int i = 0; i < z.length; i++) {
        for (int t = 0; t < z[i].length; t++) {
          double old = z[i][t];
          z[i][t] = old + h;
          double up = TMixture.evaluate(z, m, 2.1, p, shifts, n).loss();
          z[i][t] = old - h;
          double down = TMixture.evaluate(z, m, 2.1, p, shifts, n).loss();
          z[i][t] = old;
          double fd = (up - down) / (2 * h);
          maxG = Math.max(maxG, Math.abs(fd));
          assertEquals(fd, g[i][t], 1e-6 + 1e-5 * Math.abs(fd));
        }
      }
      assertTrue(maxG > 1e-3);
    }
  }

  @Test
  void emRecoversPlantedCentresAndScales() {
    // two Gaussian clusters in d = 20: means 0 and 6, variances 1 and 4; for Gaussian data the t-mixture scale
    // fixed point is σ² ≈ variance when d ≫ ν (approached at rate d/(ν+d) per step, hence many steps)
    int d = 20;
    SplittableRandom r = new SplittableRandom(61);
    double[][] z = new double[600][d];
    int[] lab = new int[600];
    for (int i = 0; i < z.length; i++) {
      lab[i] = i < 400 ? 0 : 1;
      for (int t = 0; t < d; t++) z[i][t] = lab[i] == 0 ? r.nextGaussian() : 6 + 2 * r.nextGaussian();
    }
    double[][] mu = {new double[d], new double[d]};
    java.util.Arrays.fill(mu[0], 1);
    java.util.Arrays.fill(mu[1], 4);
    double[][] var = new double[2][d];
    for (double[] v : var) java.util.Arrays.fill(v, 1);
    TMixture.Params m = new TMixture.Params(mu, var);
    for (int it = 0; it < 200; it++) m = TMixture.emStep(z, m, 2.1, null, 1);
    for (int t = 0; t < d; t++) {
      assertEquals(0, m.centres()[0][t], 0.2);
      assertEquals(6, m.centres()[1][t], 0.4);
      assertEquals(1, m.variances()[0][t], 0.3);
      assertEquals(4, m.variances()[1][t], 1.2);
    }
    assertEquals(1.0, org.cortexclust.clustering.metrics.ClusterMetrics.adjustedRandIndex(lab,
        DecKernel.labels(TMixture.evaluate(z, m, 2.1, null, null, 1).q())), 1e-12);
  }
}
