package org.cortexclust.dec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecKernelTest {

  static double[][] gauss(int rows, int cols, double scale, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[rows][cols];
    for (double[] row : x) {
      for (int j = 0; j < cols; j++) row[j] = scale * r.nextGaussian();
    }
    return x;
  }

  @Test
  void handComputedTwoPointsTwoCentres() {
    // z = (0), (3); μ = (0), (2); α = 1 → k = 1/(1+d): point 0: 1, 1/5 → q = (5/6, 1/6); point 1: 1/10, 1/2
    double[][] q = DecKernel.softAssign(new double[][] {{0}, {3}}, new double[][] {{0}, {2}}, 1, null, 1);
    assertEquals(5.0 / 6, q[0][0], 1e-12);
    assertEquals(1.0 / 6, q[0][1], 1e-12);
    assertEquals(1.0 / 6, q[1][0], 1e-12);
    assertEquals(5.0 / 6, q[1][1], 1e-12);
    // f = (1, 1): p ∝ q² → point 0: (25, 1)/26
    double[][] p = DecKernel.target(q, 2);
    assertEquals(25.0 / 26, p[0][0], 1e-12);
    assertEquals(1.0 / 26, p[1][0], 1e-12);
    double kl = 2 * (25.0 / 26 * Math.log((25.0 / 26) / (5.0 / 6)) + 1.0 / 26 * Math.log((1.0 / 26) / (1.0 / 6)));
    assertEquals(kl, DecKernel.kl(p, q), 1e-12);
    assertEquals(kl, DecKernel.evaluate(new double[][] {{0}, {3}}, new double[][] {{0}, {2}}, p, 1, null, 1).loss(),
        1e-12);
  }

  @Test
  void uniformAssignmentGivesUniformTargetAndZeroGradient() {
    // all centres identical ⇒ Q uniform ⇒ P uniform ⇒ KL 0 and zero gradients (docs/science.md Appendix A.9)
    double[][] z = gauss(7, 4, 1, 3);
    double[][] mu = {{0.1, 0.2, 0.3, 0.4}, {0.1, 0.2, 0.3, 0.4}, {0.1, 0.2, 0.3, 0.4}};
    double[][] q = DecKernel.softAssign(z, mu, 1, null, 1);
    double[][] p = DecKernel.target(q, 2);
    DecKernel.Evaluation e = DecKernel.evaluate(z, mu, p, 1, null, 1);
    assertEquals(0, e.loss(), 1e-14);
    for (double[] row : p) {
      for (double v : row) assertEquals(1.0 / 3, v, 1e-14);
    }
    for (double[] g : e.gradZ()) {
      for (double v : g) assertEquals(0, v, 1e-14);
    }
    for (double[] g : e.gradCentres()) {
      for (double v : g) assertEquals(0, v, 1e-14);
    }
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    for (double alpha : new double[] {1.0, 2.1}) {
      checkGradients(gauss(9, 6, 1, 11), gauss(3, 6, 1, 12), alpha, null, 1);
    }
  }

  @Test
  void shiftedGradientsMatchFiniteDifferences() {
    int n = 4;
    double[][] z = gauss(8, 3 * n, 1, 21);
    double[][] mu = gauss(3, 3 * n, 1, 22);
    int[][] shifts = DecKernel.bestShifts(z, mu, n);
    boolean nonZero = false;
    for (int[] row : shifts) {
      for (int s : row) nonZero |= s != 0;
    }
    assertTrue(nonZero, "test needs non-trivial shifts");
    checkGradients(z, mu, 1.0, shifts, n);
  }

  /** Central differences of KL(P‖Q) with P fixed, for every coordinate of z and μ. */
  static void checkGradients(double[][] z, double[][] mu, double alpha, int[][] shifts, int n) {
    double[][] p = DecKernel.target(DecKernel.softAssign(z, mu, alpha, shifts, n), 2);
    // move away from the fixed point P = target(Q) so gradients are not tiny
    DecKernel.Evaluation e = DecKernel.evaluate(z, mu, p, alpha, shifts, n);
    double h = 1e-6;
    double maxG = 0;
    for (int pass = 0; pass < 2; pass++) {
      double[][] x = pass == 0 ? z : mu;
      double[][] g = pass == 0 ? e.gradZ() : e.gradCentres();
      for (int i = 0; i < x.length; i++) {
        for (int t = 0; t < x[i].length; t++) {
          double old = x[i][t];
          x[i][t] = old + h;
          double up = DecKernel.evaluate(z, mu, p, alpha, shifts, n).loss();
          x[i][t] = old - h;
          double down = DecKernel.evaluate(z, mu, p, alpha, shifts, n).loss();
          x[i][t] = old;
          double fd = (up - down) / (2 * h);
          maxG = Math.max(maxG, Math.abs(fd));
          assertEquals(fd, g[i][t], 1e-6 + 1e-5 * Math.abs(fd), (pass == 0 ? "z" : "mu") + "[" + i + "][" + t + "]");
        }
      }
    }
    assertTrue(maxG > 1e-3, "gradients are not trivially zero: max " + maxG);
  }

  @Test
  void rotationInvariantAssignmentIgnoresCyclicShiftsOfAnyNeuron() {
    int n = 8;
    int f = 3;
    double[][] z = gauss(12, f * n, 1, 31);
    double[][] mu = gauss(4, f * n, 1, 32);
    double[][] q = DecKernel.softAssign(z, mu, 1, DecKernel.bestShifts(z, mu, n), n);
    SplittableRandom r = new SplittableRandom(33);
    double[][] rolled = new double[z.length][];
    for (int i = 0; i < z.length; i++) rolled[i] = DecKernel.roll(z[i], n, r.nextInt(n));
    double[][] q2 = DecKernel.softAssign(rolled, mu, 1, DecKernel.bestShifts(rolled, mu, n), n);
    for (int i = 0; i < z.length; i++) assertArrayEquals(q[i], q2[i], 1e-12);
    // whereas the unshifted assignment does change
    double[][] q3 = DecKernel.softAssign(rolled, mu, 1, null, n);
    double diff = 0;
    for (int i = 0; i < z.length; i++) {
      for (int j = 0; j < mu.length; j++) diff = Math.max(diff, Math.abs(q3[i][j] - DecKernel.softAssign(z, mu, 1,
          null, n)[i][j]));
    }
    assertTrue(diff > 1e-3);
  }

  @Test
  void bestShiftRecoversAPlantedRoll() {
    int n = 8;
    double[][] mu = gauss(1, 2 * n, 1, 41);
    double[] z = DecKernel.roll(mu[0], n, 3); // S_3 μ, so S_5 z = μ
    assertEquals(5, DecKernel.bestShifts(new double[][] {z}, mu, n)[0][0]);
    assertEquals(0, DecKernel.sqDistShifted(z, mu[0], 5, n), 1e-24);
  }

  @Test
  void labelChangeFraction() {
    assertEquals(0.25, DecKernel.changedFraction(new int[] {0, 1, 2, 3}, new int[] {0, 1, 2, 0}), 0);
    assertArrayEquals(new int[] {1, 0}, DecKernel.labels(new double[][] {{0.2, 0.8}, {0.5, 0.5}}));
  }
}
