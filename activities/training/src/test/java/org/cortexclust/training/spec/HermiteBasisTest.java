package org.cortexclust.training.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HermiteBasisTest {

  @Test
  void countIsKTimesKPlusOneOverTwo() {
    assertEquals(91, HermiteBasis.of(13, 2).count());
    assertEquals(15, HermiteBasis.of(5, 2).count());
    assertEquals(6, HermiteBasis.of(3, 2).count());
  }

  @Test
  void rotationIsOrthogonalAndIdentityAtZero() {
    HermiteBasis hb = HermiteBasis.of(5, 2);
    double[][] r0 = hb.rotation(0);
    double[][] r = hb.rotation(0.7);
    for (int i = 0; i < hb.count(); i++) {
      for (int j = 0; j < hb.count(); j++) {
        assertEquals(i == j ? 1 : 0, r0[i][j], 1e-15);
        double rrt = 0;
        for (int k = 0; k < hb.count(); k++) rrt += r[i][k] * r[j][k];
        assertEquals(i == j ? 1 : 0, rrt, 1e-12);
      }
    }
  }

  /** Rotating the coefficients by 90° equals rotating the sampled kernel by 90° on the pixel grid (exact). */
  @Test
  void quarterTurnOfCoefficientsIsPixelRotation() {
    int k = 5;
    HermiteBasis hb = HermiteBasis.of(k, 2);
    double[] c = new double[hb.count()];
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < c.length; i++) c[i] = rnd.nextDouble() - 0.5;
    double[] w0 = apply(hb.rotatedSynthesis(0, 4), c);
    double[] w1 = apply(hb.rotatedSynthesis(1, 4), c);
    // find which quarter turn of the pixel grid w1 is; exactly one must match
    int matches = 0;
    double scale = 0;
    for (double v : w0) scale = Math.max(scale, Math.abs(v));
    for (int turn = 1; turn < 4; turn++) {
      double[] rot = w0;
      for (int t = 0; t < turn; t++) rot = rot90(rot, k);
      double err = 0;
      for (int i = 0; i < rot.length; i++) err = Math.max(err, Math.abs(rot[i] - w1[i]));
      if (err < 1e-12 * scale) matches++;
    }
    assertEquals(1, matches, "a 90° coefficient rotation must equal exactly one pixel quarter turn");
    // and the kernel is not trivially rotation-symmetric
    double diff = 0;
    for (int i = 0; i < w0.length; i++) diff = Math.max(diff, Math.abs(w0[i] - w1[i]));
    assertTrue(diff > 1e-3 * scale);
  }

  static double[] apply(double[][] m, double[] c) {
    double[] out = new double[m.length];
    for (int p = 0; p < m.length; p++) {
      for (int j = 0; j < c.length; j++) out[p] += m[p][j] * c[j];
    }
    return out;
  }

  /** Counter-clockwise quarter turn of a row-major k×k image (numpy rot90). */
  static double[] rot90(double[] a, int k) {
    double[] out = new double[a.length];
    for (int y = 0; y < k; y++) {
      for (int x = 0; x < k; x++) {
        out[(k - 1 - x) * k + y] = a[y * k + x];
      }
    }
    return out;
  }
}
